/**
 * Stable anchors in lessons, so that other pages (the feedback on a practice report, for one) can
 * link to a paragraph: `## Words to watch {#words-to-watch}` gives the heading that id, and
 * `<Note kind="info" id="leave-the-decisions">` gives the note one. A translation keeps the
 * English lesson's ids, so that one link works in every language. The headings are rendered by
 * `headingAnchors` in src/lib/content/preprocess.js; this module is what the check enforces.
 */

/** Lowercase letters, digits and dashes, as every other id in course files. */
const ANCHOR_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `{#id}` at the end of a Markdown heading line. */
const HEADING_ANCHOR = /^[ \t]{0,3}#{1,6}[ \t]+.*?[ \t]\{#([^}]*)\}[ \t]*$/;
/** Any `{#…}` at all, to catch one that is not at the end of a heading. */
const ANY_ANCHOR = /\{#([^}]*)\}/g;
const NOTE_ID = /<Note\b[^>]*?\sid="([^"]*)"/g;

/**
 * Ids the lesson page itself uses (src/routes/courses/[course]/[lesson]/+page.svelte and the
 * layout): an anchor with one of them would make the page's ids clash.
 */
export const RESERVED_ANCHORS = ['main', 'lesson-done', 'terms-heading', 'sources-heading'];
const RESERVED_PREFIX = 'term-';

export type Anchor = { id: string; line: number; kind: 'heading' | 'note' };

/** The anchors of a lesson body, in order: heading `{#id}`s and `<Note id="…">`s. */
export function anchorsIn(body: string): Anchor[] {
	const anchors: Anchor[] = [];
	const lines = body.replace(/\r\n?/g, '\n').split('\n');
	lines.forEach((text, index) => {
		const heading = HEADING_ANCHOR.exec(text);
		if (heading) anchors.push({ id: heading[1], line: index + 1, kind: 'heading' });
		for (const note of text.matchAll(NOTE_ID)) {
			anchors.push({ id: note[1], line: index + 1, kind: 'note' });
		}
	});
	return anchors;
}

type Report = (field: string, message: string) => void;

/**
 * Each anchor is well formed, used once in its lesson, not one of the page's own ids, and a
 * `{#id}` stands at the end of a heading (anywhere else it would reach the reader as text).
 * Lines are counted from the top of the file: `linesBefore` is how many lines precede the body.
 */
export function checkAnchors(body: string, report: Report, linesBefore = 0) {
	const seen = new Map<string, number>();
	for (const anchor of anchorsIn(body)) {
		const { id } = anchor;
		const line = anchor.line + linesBefore;
		const field = `(body) line ${line}`;
		if (!ANCHOR_ID.test(id)) {
			report(field, `anchor "${id}" must be lowercase letters, digits and dashes`);
			continue;
		}
		if (RESERVED_ANCHORS.includes(id) || id.startsWith(RESERVED_PREFIX)) {
			report(
				field,
				`anchor "${id}" is used by the lesson page itself; choose another (not ${RESERVED_ANCHORS.join(', ')} or ${RESERVED_PREFIX}…)`
			);
		}
		const first = seen.get(id);
		if (first !== undefined) {
			report(
				field,
				`anchor "${id}" is already used on line ${first}: anchors are unique in a lesson`
			);
		} else seen.set(id, line);
	}
	body
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.forEach((text, index) => {
			if (HEADING_ANCHOR.test(text)) return;
			for (const match of text.matchAll(ANY_ANCHOR)) {
				report(
					`(body) line ${index + 1 + linesBefore}`,
					`"${match[0]}" is not at the end of a heading; write it as "## Heading {#${match[1]}}"`
				);
			}
		});
}

/** A translated lesson has exactly the English lesson's anchor ids, so that links work in every language. */
export function compareAnchors(englishBody: string, translatedBody: string, report: Report) {
	const english = anchorsIn(englishBody).map((a) => a.id);
	const translated = new Set(anchorsIn(translatedBody).map((a) => a.id));
	const missing = english.filter((id) => !translated.has(id));
	const extra = [...translated].filter((id) => !english.includes(id));
	if (missing.length > 0) {
		report(
			'(anchors)',
			`is missing ${missing.map((id) => `{#${id}}`).join(', ')}: keep the English lesson's anchor ids, untranslated`
		);
	}
	if (extra.length > 0) {
		report(
			'(anchors)',
			`has ${extra.map((id) => `{#${id}}`).join(', ')}, which the English lesson does not have: use the English ids`
		);
	}
}
