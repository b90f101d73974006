/**
 * Lets command-line tools run through tsx load server modules written for Vite:
 * - `file?raw` imports the file's text as the default export (passwords.ts imports its list of
 *   common passwords that way);
 * - `import.meta.env.SSR` is true (Paraglide's runtime reads it; the tools run on the server).
 * Loaded with `tsx --import ./src/lib/server/vite-imports-hook.mjs …`.
 */
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
	if (url.startsWith('file:') && url.endsWith('?raw')) {
		const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
		return {
			format: 'module',
			source: `export default ${JSON.stringify(text)};`,
			shortCircuit: true
		};
	}
	const result = await nextLoad(url, context);
	if (url.includes('/src/lib/paraglide/') && result.source) {
		const source = result.source.toString().replaceAll('import.meta.env.SSR', 'true');
		return { ...result, source };
	}
	return result;
}

// Module hooks run in a thread of their own, which loads this file again: register once.
if (isMainThread) register(import.meta.url);
