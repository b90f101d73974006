import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_KINDS, type PersonalDataMatch } from './personal-data';
import { personalDataBlockedMessage, personalDataKindName } from './personal-data-messages';

const match = (kind: PersonalDataMatch['kind'], start: number): PersonalDataMatch => ({
	kind,
	start,
	end: start + 1,
	text: 'x'
});

describe('personalDataKindName', () => {
	it.each(['en', 'nb', 'da'] as const)('names every kind in %s, each differently', (locale) => {
		const names = PERSONAL_DATA_KINDS.map((kind) => personalDataKindName(kind, locale));
		expect(new Set(names).size).toBe(PERSONAL_DATA_KINDS.length);
		for (const name of names) expect(name.trim()).not.toBe('');
	});

	it('uses the terms of each country', () => {
		expect(personalDataKindName('dk-cpr', 'en')).toBe('Danish CPR number');
		expect(personalDataKindName('no-fnr', 'nb')).toBe('fødselsnummer');
		expect(personalDataKindName('dk-cpr', 'da')).toBe('CPR-nummer');
	});
});

describe('personalDataBlockedMessage', () => {
	const matches = [match('name', 0), match('phone', 5), match('name', 9)];

	it('lists each kind once, in the order found, in the language of the page', () => {
		expect(personalDataBlockedMessage(matches, 'en')).toBe(
			'This looks like real personal data: name that is not in the case and phone number. Change it, or confirm that it is made up.'
		);
		expect(personalDataBlockedMessage(matches, 'nb')).toBe(
			'Dette ser ut som ekte personopplysninger: navn som ikke er med i caset og telefonnummer. Endre teksten, eller bekreft at det er oppdiktet.'
		);
		expect(personalDataBlockedMessage([match('email', 0)], 'da')).toBe(
			'Det ligner rigtige personoplysninger: e-mailadresse. Ret teksten, eller bekræft, at det er opdigtet.'
		);
	});
});
