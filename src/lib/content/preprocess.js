/**
 * Makes the lesson components available in every Markdown file under `courses/`, so course
 * authors never write a <script> block. Keep the list in step with LESSON_COMPONENTS in
 * `src/lib/server/content/catalog.ts`, which the content check enforces. Each file also tells
 * `<Figure>` which course folder it lives in, so that figures are named relative to it; a
 * translation (`courses/01-x/nb/02-y.md`) uses the English course's figures.
 */
const COURSE_FILE = /[/\\](courses[/\\][^/\\]+)(?:[/\\](?:nb|da))?[/\\][^/\\]+\.md$/;

/** @param {string} folder the course folder from the project root, e.g. `/courses/01-x` */
function imports(folder) {
	return (
		`<script>\n\timport { CaseVignette, Reflection, ModelAnswer, Note, Figure, ForCountry, Term, provideCourseFolder } from '$lib/components/lesson';\n` +
		`\tprovideCourseFolder(${JSON.stringify(folder)});\n</script>\n`
	);
}

/** @returns {import('svelte/compiler').PreprocessorGroup} */
export function lessonComponentImports() {
	return {
		name: 'spire-lesson-components',
		markup({ content, filename }) {
			const match = filename ? COURSE_FILE.exec(filename) : null;
			if (!match) return;
			const folder = `/${match[1].split('\\').join('/')}`;
			// mdsvex needs the front matter first, so the import goes right after it.
			const frontMatter = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(content)?.[0] ?? '';
			return { code: frontMatter + imports(folder) + content.slice(frontMatter.length) };
		}
	};
}
