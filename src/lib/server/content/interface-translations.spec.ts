import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { interfaceTranslationProblems } from './interface-translations';

const EN = { $schema: 'x', greeting: 'Hello {name}', leave: 'Log out' };

describe('interface translations', () => {
	it('pass when every key is there with the same placeholders', () => {
		expect(
			interfaceTranslationProblems(EN, { nb: { greeting: 'Hei {name}', leave: 'Logg ut' } })
		).toEqual([]);
	});

	it('name a missing key, a changed placeholder and a key English does not have', () => {
		expect(
			interfaceTranslationProblems(EN, { da: { greeting: 'Hej {navn}', extra: 'Ekstra' } })
		).toEqual([
			{
				file: 'messages/da.json',
				field: 'greeting',
				message: 'has placeholders {navn} but English has {name}'
			},
			{
				file: 'messages/da.json',
				field: 'leave',
				message: 'is missing (the page would show English)'
			},
			{ file: 'messages/da.json', field: 'extra', message: 'is not in messages/en.json' }
		]);
	});

	it('find nothing missing in the real nb and da files', () => {
		const read = (language: string) =>
			JSON.parse(readFileSync(`messages/${language}.json`, 'utf8')) as Record<string, unknown>;
		expect(interfaceTranslationProblems(read('en'), { nb: read('nb'), da: read('da') })).toEqual(
			[]
		);
	});
});
