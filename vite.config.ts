import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig(({ command }) => ({
	plugins: [
		sveltekit(),
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
