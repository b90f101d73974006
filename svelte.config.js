import { createHash } from 'node:crypto';
import adapter from '@sveltejs/adapter-node';
import { mdsvex } from 'mdsvex';
import { headingAnchors, lessonComponentImports } from './src/lib/content/preprocess.js';

/**
 * SvelteKit's route announcer, the visually hidden live region that reads out the new page's
 * title after a client-side navigation, is the one element with a style attribute. The CSP allows
 * exactly this attribute value by its hash ('unsafe-hashes'); src/lib/server/security-headers.spec.ts checks it
 * against the installed SvelteKit, and tests/headers.e2e.ts checks that no page breaks the policy.
 */
export const ROUTE_ANNOUNCER_STYLE =
	'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
/** @type {`sha256-${string}`} */
const routeAnnouncerStyleHash = `sha256-${createHash('sha256').update(ROUTE_ANNOUNCER_STYLE).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	preprocess: [
		lessonComponentImports(),
		mdsvex({ extensions: ['.md'], remarkPlugins: [headingAnchors] })
	],
	compilerOptions: {
		// Runes everywhere except inside dependencies. Can be removed in Svelte 6.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
		warningFilter: (warning) =>
			// mdsvex 0.12 emits `<script context="module">` for front matter; harmless on Svelte 5.
			!(warning.code === 'script_context_deprecated' && warning.filename?.endsWith('.md'))
	},
	kit: {
		adapter: adapter(),
		// Absolute asset paths: relative ones make the preload `Link` header grow with the depth of
		// the URL, past what Node clients accept (16 KB) on a deep 404.
		paths: { relative: false },
		// SvelteKit adds a hash or nonce for its own inline script; nothing else may run.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// No inline styles: components style through classes, never style attributes.
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', routeAnnouncerStyleHash],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push(
					'../drizzle.config.ts',
					'../tests/**/*.ts',
					'../playwright.config.ts'
				);
			}
		}
	}
};

export default config;
