/**
 * Compiled lesson and course-overview components, loaded one at a time: each Markdown file is
 * its own chunk, so a lesson page downloads only its own lesson. Translations
 * (`/courses/01-x/nb/02-y.md`) are compiled the same way, at build.
 */
import type { Component } from 'svelte';

const modules = import.meta.glob<{ default: Component }>([
	'/courses/*/*.md',
	'/courses/*/nb/*.md',
	'/courses/*/da/*.md'
]);

export async function loadContentComponent(path: string): Promise<Component> {
	const load = modules[path];
	if (!load) throw new Error(`No compiled content at ${path}`);
	return (await load()).default;
}
