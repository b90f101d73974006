/**
 * Which `<ForCountry code="…">` passages a lesson has, read from its Markdown at build. The
 * lesson page needs it for the fallback: a reader from a country the lesson has no passage for
 * gets the lesson's `other` passage. Imports stay relative: the content check runs outside Vite.
 */
export const PASSAGE_CODES = ['NO', 'DK', 'SE', 'FI', 'IS', 'other'] as const;
export type PassageCode = (typeof PASSAGE_CODES)[number];

/** The distinct passage codes in a lesson's text, in the order of PASSAGE_CODES. */
export function passageCodesIn(source: string): PassageCode[] {
	const found = new Set<string>();
	for (const match of source.matchAll(/<ForCountry\s+code\s*=\s*"([^"]*)"/g)) found.add(match[1]);
	return PASSAGE_CODES.filter((code) => found.has(code));
}
