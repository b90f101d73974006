/**
 * `<ForCountry code="NO">…</ForCountry>` passages in a lesson body: where they are, which country
 * each is for, and whether the lesson covers every country. Pure, so that the content check and
 * the word count share one reading of the body.
 */
import { COUNTRIES } from './schema';

/** The five countries, and `other`: a fallback passage for readers outside them. */
export const PASSAGE_CODES = [...COUNTRIES, 'other'] as const;
export type PassageCode = (typeof PASSAGE_CODES)[number];

export type CountryPassage = { code: PassageCode; text: string };
export type BodyProblem = { field: string; message: string };

export type CountryPassages = {
	/** The body with every passage cut out: what every reader sees. */
	common: string;
	/** The passages with a known code, in body order. */
	passages: CountryPassage[];
	problems: BodyProblem[];
};

const TAG = /<ForCountry\b([^>]*?)(\/?)>|<\/ForCountry\s*>/g;

export function readCountryPassages(body: string): CountryPassages {
	const passages: CountryPassage[] = [];
	const problems: BodyProblem[] = [];
	const commonParts: string[] = [];
	let depth = 0;
	let index = 0;
	let commonFrom = 0;
	let open: { code: PassageCode | null; from: number; index: number } | null = null;

	for (const match of body.matchAll(TAG)) {
		const at = match.index;
		if (match[0].startsWith('</')) {
			if (depth === 0) {
				problems.push({
					field: '</ForCountry>',
					message: 'closes a passage that was never opened'
				});
				continue;
			}
			depth -= 1;
			if (depth === 0 && open) {
				if (open.code) passages.push({ code: open.code, text: body.slice(open.from, at) });
				commonFrom = at + match[0].length;
				open = null;
			}
			continue;
		}
		index += 1;
		const field = `<ForCountry> ${index}`;
		const quoted = /\bcode\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(match[1]);
		const code = quoted ? (quoted[1] ?? quoted[2]) : undefined;
		let known: PassageCode | null = null;
		if (code === undefined) {
			problems.push({ field, message: `needs code="…", one of ${PASSAGE_CODES.join(', ')}` });
		} else if (!(PASSAGE_CODES as readonly string[]).includes(code)) {
			problems.push({
				field: `${field}.code`,
				message: `"${code}" is not a country code; use one of ${PASSAGE_CODES.join(', ')}`
			});
		} else {
			known = code as PassageCode;
		}
		if (depth > 0) {
			problems.push({
				field,
				message: `is inside <ForCountry> ${open?.index}; close one passage before the next opens`
			});
		}
		if (match[2]) {
			problems.push({
				field,
				message: 'must hold the passage: <ForCountry code="…">…</ForCountry>'
			});
			continue;
		}
		if (depth === 0) {
			commonParts.push(body.slice(commonFrom, at));
			open = { code: known, from: at + match[0].length, index };
		}
		depth += 1;
	}
	if (open) {
		problems.push({
			field: `<ForCountry> ${open.index}`,
			message: 'is not closed by </ForCountry>'
		});
	} else {
		commonParts.push(body.slice(commonFrom));
	}

	const codes = new Set(passages.map((p) => p.code));
	const missing = COUNTRIES.filter((c) => !codes.has(c));
	if (passages.length > 0 && missing.length > 0 && !codes.has('other')) {
		problems.push({
			field: '<ForCountry>',
			message: `the lesson has passages for ${[...codes].join(', ')} but none for ${missing.join(', ')}; add them, or a code="other" passage that stands in for the rest`
		});
	}
	return { common: commonParts.join('\n\n'), passages, problems };
}
