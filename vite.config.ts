import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** A compiled lesson or course overview: `/courses/<course>/<file>.md`. */
const COURSE_CONTENT = /[\\/]courses[\\/][^\\/]+[\\/][^\\/]+\.md$/;

/**
 * How the browser's JavaScript and CSS are cut into files. Left to itself, Rolldown makes one
 * chunk per set of pages that share a module: a first visit to a lesson fetched 21 scripts and
 * 3 stylesheets. Two groups merge them; the rest stays as SvelteKit splits it (`bundleStrategy:
 * 'split'`):
 * - `style`: every stylesheet (app.css and each component's) in one file. All of Spire's CSS is
 *   about 2.5 KB gzipped, so one cached file is cheaper than a request per page. It stays a file,
 *   not inlined, so that the CSP keeps `style-src 'self'`. The rules keep the modules' import
 *   order, app.css first, as the separate files had it.
 * - `shared`: every module that two or more entries use (the Svelte and SvelteKit runtimes,
 *   Paraglide, shared components) in one chunk. Code that only one page uses stays in that page's
 *   node, and each lesson's compiled Markdown in a chunk of its own (src/lib/lessons.ts), so a page
 *   downloads its own code and its own lesson, and no other page's text.
 * What a first lesson visit then loads: the page, style, shared, SvelteKit's `start` and `app`
 * entries, the nodes of the root layout, the error page and the lesson page, the lesson, and
 * Rolldown's runtime helper (150 bytes; Rolldown keeps it in a file of its own because the lesson
 * and course pages' nodes use it as well as `shared`): 10 requests and about 47 KB of gzipped JS, where
 * Rolldown's own split made 25 requests and 48 KB.
 * Rejected: `kit.output.bundleStrategy: 'single'` (one script, but every lesson's text inlined
 * into it), and all modules in `shared` (61.7 KB: every page's code on every first visit).
 * To change it, edit the groups (https://rolldown.rs/reference/OutputOptions.codeSplitting);
 * remove this plugin to go back to Rolldown's own split. Measure with the first-visit figures of
 * `npm run bench`. Client build only: the server's chunks are left as they are.
 */
function clientChunks(): Plugin {
	return {
		name: 'spire-client-chunks',
		apply: 'build',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		outputOptions(options) {
			return {
				...options,
				codeSplitting: {
					groups: [
						{ name: 'style', test: (id) => id.endsWith('.css'), priority: 1 },
						{ name: 'shared', test: (id) => !COURSE_CONTENT.test(id), minShareCount: 2 }
					]
				}
			};
		}
	};
}

export default defineConfig(({ command }) => ({
	plugins: [
		sveltekit(),
		clientChunks(),
		// Builds and tests use messages compiled by `npm run i18n:compile`; the plugin is for
		// `vite dev` only, because it leaves timers running that stall `vite build` and vitest.
		command === 'serve' && !process.env.VITEST
			? paraglideVitePlugin({
					project: './project.inlang',
					outdir: './src/lib/paraglide',
					strategy: ['cookie', 'preferredLanguage', 'baseLocale']
				})
			: null
	],
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.spec.ts'],
		environment: 'node'
	}
}));
