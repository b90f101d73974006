import { describe, expect, it } from 'vitest';
import { formatLix, lessonLix, oneCountryWordCount, readabilityOf, textUnits } from './readability';

describe('readabilityOf', () => {
	it('computes LIX as words per sentence plus the percentage of words over six letters', () => {
		// 10 words, 2 sentences, 3 long words (Children, outside, together; "played" has six):
		// 10 / 2 + 100 × 3 / 10 = 5 + 30 = 35.
		const figures = readabilityOf(['The cat sat on the mat. Children played outside together!']);
		expect(figures).toEqual({ words: 10, sentences: 2, longWords: 3, lix: 35 });
	});

	it('gives 0 for a text without words', () => {
		expect(readabilityOf([]).lix).toBe(0);
	});
});

describe('the LIX of a lesson body', () => {
	const LESSON = [
		'## Reading together',
		'',
		'Staff read aloud every morning. See [the guide](https://example.org/a-very-long-address-indeed).',
		'',
		'- Children listen',
		'- Everybody laughs: always',
		'',
		'> A quotation from somewhere that is extremely complicated.',
		'',
		'| Column | Another |',
		'|---|---|',
		'| tabulated | information |',
		'',
		'She said "absolutely wonderful, marvellous" and smiled.',
		'',
		'<Note kind="info">',
		'',
		'Remember everything.',
		'',
		'</Note>',
		'',
		'<Figure src="figures/x.svg" alt="Extraordinarily complicated description" />',
		'',
		'```',
		'unreadable = computerCode();',
		'```',
		''
	].join('\n');

	it('reads headings, list items and paragraphs as sentences, without markup, links, tables, quotes or code', () => {
		expect(textUnits(LESSON)).toEqual([
			'Reading together',
			'Staff read aloud every morning. See the guide.',
			'Children listen',
			'Everybody laughs: always',
			'She said and smiled.',
			'Remember everything.'
		]);
	});

	it('matches the figure computed by hand', () => {
		// Sentences: "Reading together" | "Staff read aloud every morning" | "See the guide" |
		// "Children listen" | "Everybody laughs" | "always" | "She said and smiled" |
		// "Remember everything" = 8. Words: 2 + 5 + 3 + 2 + 2 + 1 + 4 + 2 = 21. Long words:
		// Reading, together, morning, Children, Everybody, Remember, everything = 7.
		// LIX = 21 / 8 + 100 × 7 / 21 = 2.625 + 33.33 = 35.96.
		expect(readabilityOf(textUnits(LESSON))).toMatchObject({
			words: 21,
			sentences: 8,
			longWords: 7
		});
		expect(formatLix(lessonLix(LESSON))).toBe('36.0');
	});
});

describe('oneCountryWordCount', () => {
	it('counts the common text and the longest single country, with "other" as a country', () => {
		const body = [
			'Common words here.',
			'<ForCountry code="NO">\n\nOne two three four.\n\n</ForCountry>',
			'<ForCountry code="DK">\n\nOnly three words.\n\n</ForCountry>',
			'<ForCountry code="NO">\n\nFive six.\n\n</ForCountry>',
			'<ForCountry code="other">\n\nA b c d e f g.\n\n</ForCountry>'
		].join('\n\n');
		// Common 3; NO 4 + 2 = 6; DK 3; other 7: 3 + 7.
		expect(oneCountryWordCount(body)).toBe(10);
		expect(oneCountryWordCount('Just four words here.')).toBe(4);
	});
});
