/**
 * Makes the lesson components available in every Markdown file under `courses/`, so course
 * authors never write a <script> block. Keep the list in step with LESSON_COMPONENTS in
 * `src/lib/server/content/catalog.ts`, which the content check enforces.
 */
const IMPORT = `<script>\n\timport { CaseVignette, Reflection, Note } from '$lib/components/lesson';\n</script>\n`;

/** @returns {import('svelte/compiler').PreprocessorGroup} */
export function lessonComponentImports() {
	return {
		name: 'spire-lesson-components',
		markup({ content, filename }) {
			if (!filename || !/[/\\]courses[/\\][^/\\]+[/\\][^/\\]+\.md$/.test(filename)) return;
			// mdsvex needs the front matter first, so the import goes right after it.
			const frontMatter = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(content)?.[0] ?? '';
			return { code: frontMatter + IMPORT + content.slice(frontMatter.length) };
		}
	};
}
