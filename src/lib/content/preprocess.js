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

/** `{#id}` at the end of a heading's text: see src/lib/server/content/anchors.ts. */
const HEADING_ANCHOR = /[ \t]*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}[ \t]*$/;

/**
 * A remark plugin for mdsvex: `## Words to watch {#words-to-watch}` becomes
 * `<h2 id="words-to-watch">Words to watch</h2>`, so that other pages can link to a paragraph of a
 * lesson by an id that stays the same in every language. Left in the text, `{#…}` would be read
 * by Svelte as the start of a block.
 * @returns {(tree: MarkdownNode) => void}
 */
export function headingAnchors() {
	return (tree) => {
		/** @param {MarkdownNode} node */
		const visit = (node) => {
			if (node.type === 'heading') {
				const last = node.children?.[node.children.length - 1];
				const match = last?.type === 'text' ? HEADING_ANCHOR.exec(last.value ?? '') : null;
				if (last && match) {
					last.value = (last.value ?? '').slice(0, match.index);
					node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id: match[1] } };
				}
			}
			for (const child of node.children ?? []) visit(child);
		};
		visit(tree);
	};
}

/**
 * The part of a Markdown syntax tree node this plugin reads.
 * @typedef {{ type: string, value?: string, children?: MarkdownNode[], data?: { hProperties?: Record<string, unknown> } & Record<string, unknown> }} MarkdownNode
 */
