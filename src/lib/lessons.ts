/**
 * Compiled lesson and course-overview components, loaded one at a time: each Markdown file is
 * its own chunk, so a lesson page downloads only its own lesson.
 */
import type { Component } from 'svelte';

const modules = import.meta.glob<{ default: Component }>('/courses/*/*.md');

export async function loadContentComponent(path: string): Promise<Component> {
	const load = modules[path];
	if (!load) throw new Error(`No compiled content at ${path}`);
	return (await load()).default;
}
