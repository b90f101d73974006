/**
 * Which `<ForCountry code="…">` passages a lesson has, read from its Markdown at build. The
 * lesson page needs it for the fallback: a reader from a country the lesson has no passage for
 * gets the lesson's `other` passage. Imports stay relative: the content check runs outside Vite.
 */
import { PASSAGE_CODES, readCountryPassages, type PassageCode } from './country-passages';

export { PASSAGE_CODES, type PassageCode };

/** The distinct passage codes in a lesson's text, in the order of PASSAGE_CODES. */
export function passageCodesIn(source: string): PassageCode[] {
	const found = new Set(readCountryPassages(source).passages.map((passage) => passage.code));
	return PASSAGE_CODES.filter((code) => found.has(code));
}
