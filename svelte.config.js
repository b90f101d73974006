import adapter from '@sveltejs/adapter-node';
import { mdsvex } from 'mdsvex';
import { lessonComponentImports } from './src/lib/content/preprocess.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	preprocess: [lessonComponentImports(), mdsvex({ extensions: ['.md'] })],
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
				// Inline style attributes come from Svelte itself (e.g. app.html's wrapper).
				'style-src': ['self', 'unsafe-inline'],
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
