/**
 * Plain-language figures for a lesson: its running text, word count and LIX.
 *
 * LIX (Björnsson's läsbarhetsindex) = words / sentences + 100 × long words / words, where a long
 * word has more than six letters. Below 30 is easy, 40–50 is newspaper prose, above 50 is hard.
 * It is counted on the prose a learner reads: front matter, markup, link addresses, tables,
 * block quotes, quoted speech and code are left out, because they are not the author's sentences
 * or are not read as sentences.
 */
import { readCountryPassages } from './country-passages';

/** Lessons are written for new staff: the check fails a lesson above this. */
export const LIX_MAX = 45;
/** Lessons stay short: the words one country's reader sees. */
export const LESSON_WORDS_MIN = 500;
export const LESSON_WORDS_MAX = 900;

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const LETTER = /\p{L}/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** A sentence ends at . ! ? : or ; followed by a space or the end of the unit. */
const SENTENCE_END = /[.!?:;]+(?=\s|$)/;
/** Quoted speech: straight, curly, low-high and angle quotes, within one paragraph. */
const QUOTATIONS = [
	/"(?:[^"\n]|\n(?![ \t]*\n))*"/g,
	/“(?:[^”\n]|\n(?![ \t]*\n))*”/g,
	/„(?:[^“”\n]|\n(?![ \t]*\n))*[“”]/g,
	/«(?:[^»\n]|\n(?![ \t]*\n))*»/g
];

/**
 * The running text of a Markdown lesson body as units that each end a sentence: headings, list
 * items and paragraphs. Component tags go, their inner text stays.
 */
export function textUnits(markdown: string): string[] {
	let text = markdown.replace(/\r\n?/g, '\n');
	text = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '\n');
	text = text.replace(/<!--[\s\S]*?-->/g, ' ');
	// A heading's anchor, `## Title {#id}`, is an address, not a word the reader sees.
	text = text.replace(/[ \t]*\{#[^}\n]*\}[ \t]*$/gm, '');
	// Self-closing tags such as <Figure … /> carry no running text (the alt text is not prose).
	text = text.replace(/<[A-Za-z][^>]*\/>/g, '\n\n');
	// <Term> marks a word inside a sentence; the other components are blocks.
	text = text.replace(/<\/?Term\b[^>]*>/g, '');
	// Components are blocks; inline HTML (<abbr>, <br>) sits inside a sentence.
	text = text.replace(/<\/?[A-Z][A-Za-z0-9]*\b[^>]*>/g, '\n\n');
	text = text.replace(/<\/?[a-z][^>\s]*(?:\s[^>]*)?>/g, ' ');
	for (const quotation of QUOTATIONS) text = text.replace(quotation, ' ');

	const units: string[] = [];
	let current: string[] = [];
	const end = () => {
		if (current.length > 0) units.push(current.join(' '));
		current = [];
	};
	for (const line of text.split('\n')) {
		if (/^\s*$/.test(line) || /^\s*[|>]/.test(line) || /^\s*([-*_=])(\s*\1){2,}\s*$/.test(line)) {
			end(); // blank line, table row, block quote, rule or setext underline
			continue;
		}
		const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
		if (heading) {
			end();
			current.push(heading[1]);
			end();
			continue;
		}
		const listItem = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
		if (listItem) {
			end();
			current.push(listItem[1]);
			continue;
		}
		current.push(line.trim());
	}
	end();

	return units
		.map((unit) =>
			unit
				.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
				.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
				.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
				.replace(/`[^`]*`/g, ' ')
				.replace(/\bhttps?:\/\/\S+/g, ' ')
				.replace(/&[a-z]+;|&#\d+;/g, ' ')
				.replace(/[*_~]+/g, '')
				.replace(/\s+/g, ' ')
				.trim()
		)
		.filter((unit) => HAS_WORD.test(unit));
}

export function wordsOf(text: string): string[] {
	return text.match(WORD) ?? [];
}

export type Readability = {
	words: number;
	sentences: number;
	longWords: number;
	/** 0 for a text without words. */
	lix: number;
};

/** LIX of running text given as units (see `textUnits`): each unit ends at least one sentence. */
export function readabilityOf(units: string[]): Readability {
	let words = 0;
	let sentences = 0;
	let longWords = 0;
	for (const unit of units) {
		for (const sentence of unit.split(SENTENCE_END)) {
			const sentenceWords = wordsOf(sentence);
			if (sentenceWords.length === 0) continue;
			sentences += 1;
			words += sentenceWords.length;
			longWords += sentenceWords.filter((w) => (w.match(LETTER)?.length ?? 0) > 6).length;
		}
	}
	const lix = words === 0 ? 0 : words / sentences + (100 * longWords) / words;
	return { words, sentences, longWords, lix };
}

/** The LIX of a lesson body (without front matter), every country's passages included. */
export function lessonLix(body: string): number {
	return readabilityOf(textUnits(body)).lix;
}

/**
 * The words one reader sees: the common text plus the longest single country's passages
 * (`other` counts as a country here, since readers outside the five see it alone).
 */
export function oneCountryWordCount(body: string): number {
	const { common, passages } = readCountryPassages(body);
	const count = (markdown: string) =>
		textUnits(markdown).reduce((sum, unit) => sum + wordsOf(unit).length, 0);
	const byCountry = new Map<string, number>();
	for (const passage of passages) {
		byCountry.set(passage.code, (byCountry.get(passage.code) ?? 0) + count(passage.text));
	}
	return count(common) + Math.max(0, ...byCountry.values());
}

/** LIX to one decimal, as printed by the check. */
export function formatLix(lix: number): string {
	return lix.toFixed(1);
}
