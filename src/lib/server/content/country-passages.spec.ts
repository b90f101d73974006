import { describe, expect, it } from 'vitest';
import { readCountryPassages } from './country-passages';

const passage = (code: string, text = 'Text.') =>
	`<ForCountry code="${code}">\n\n${text}\n\n</ForCountry>`;
const body = (...parts: string[]) => parts.join('\n\n');

describe('readCountryPassages', () => {
	it('accepts a lesson without passages, or with all five countries', () => {
		expect(readCountryPassages('Plain text.').problems).toEqual([]);
		const all = readCountryPassages(
			body('Before.', ...['NO', 'DK', 'SE', 'FI', 'IS'].map((c) => passage(c)), 'After.')
		);
		expect(all.problems).toEqual([]);
		expect(all.passages.map((p) => p.code)).toEqual(['NO', 'DK', 'SE', 'FI', 'IS']);
		expect(all.common).not.toContain('Text.');
		expect(all.common).toContain('Before.');
		expect(all.common).toContain('After.');
	});

	it('accepts an "other" passage standing in for the countries left out', () => {
		expect(readCountryPassages(body(passage('NO'), passage('other'))).problems).toEqual([]);
		const singleQuoted = "<ForCountry code='other'>\n\nText.\n\n</ForCountry>";
		expect(readCountryPassages(body(passage('NO'), singleQuoted)).problems).toEqual([]);
	});

	it('fails a lesson that leaves countries out', () => {
		expect(readCountryPassages(body(passage('NO'), passage('DK'))).problems).toEqual([
			{
				field: '<ForCountry>',
				message:
					'the lesson has passages for NO, DK but none for SE, FI, IS; add them, or a code="other" passage that stands in for the rest'
			}
		]);
	});

	it('fails an unknown or missing code', () => {
		const problems = readCountryPassages(
			body(passage('other'), passage('NL'), '<ForCountry>\n\nText.\n\n</ForCountry>')
		).problems;
		expect(problems).toEqual([
			{
				field: '<ForCountry> 2.code',
				message: '"NL" is not a country code; use one of NO, DK, SE, FI, IS, other'
			},
			{ field: '<ForCountry> 3', message: 'needs code="…", one of NO, DK, SE, FI, IS, other' }
		]);
	});

	it('fails a passage inside another, and one that is never closed', () => {
		const nested = `<ForCountry code="other">\n\n${passage('NO')}\n\n</ForCountry>`;
		expect(readCountryPassages(nested).problems).toEqual([
			{
				field: '<ForCountry> 2',
				message: 'is inside <ForCountry> 1; close one passage before the next opens'
			}
		]);
		expect(readCountryPassages('<ForCountry code="other">\n\nText.').problems).toEqual([
			{ field: '<ForCountry> 1', message: 'is not closed by </ForCountry>' }
		]);
	});
});
