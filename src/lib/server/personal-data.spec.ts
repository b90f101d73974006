import { describe, expect, it } from 'vitest';
import { findPersonalData } from '$lib/personal-data';
import { personalDataWords } from './personal-data';

describe('personalDataWords', () => {
	it('reads the word lists that the build includes', () => {
		const words = personalDataWords('nb');
		expect(words.givenNames).toContain('Ingrid');
		expect(words.surnames).toContain('Virtanen');
		expect(words.streetSuffixes).toContain('gatan');
		expect(words.notNames).toContain('Barnevernet');
	});

	it('gives the same lists object for a language each time, and other lists per language', () => {
		expect(personalDataWords('da')).toBe(personalDataWords('da'));
		expect(personalDataWords()).toBe(personalDataWords());
		expect(personalDataWords('en').notNames).toContain('August');
		expect(personalDataWords('da').notNames).not.toContain('August');
	});

	it('are what the guard needs to find a name that is not in the case', () => {
		const text = 'Emil og Ingrid Lund lekte.';
		expect(findPersonalData(text, { caseNames: ['Emil'], words: personalDataWords('nb') })).toEqual(
			[{ kind: 'name', start: 8, end: 19, text: 'Ingrid Lund' }]
		);
	});
});
