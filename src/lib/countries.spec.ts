import { describe, expect, it } from 'vitest';
import { passageDisplay, type CountryReading } from '$lib/countries';

describe('passageDisplay', () => {
	const lesson = (country: CountryReading['country'], codes: CountryReading['codes']) => ({
		country,
		codes
	});

	it("shows a reader with a country only that country's passage, as part of the text", () => {
		const reading = lesson('SE', ['NO', 'DK', 'SE', 'FI', 'IS']);
		expect(passageDisplay('SE', reading)).toBe('alone');
		expect(passageDisplay('NO', reading)).toBe('hidden');
		expect(passageDisplay('IS', reading)).toBe('hidden');
	});

	it('shows the other passage to a reader whose country the lesson leaves out', () => {
		const reading = lesson('IS', ['NO', 'DK', 'other']);
		expect(passageDisplay('other', reading)).toBe('alone');
		expect(passageDisplay('NO', reading)).toBe('hidden');
		// A country with its own passage does not also get the fallback.
		expect(passageDisplay('other', lesson('NO', ['NO', 'DK', 'other']))).toBe('hidden');
	});

	it('shows a reader without one country every passage, under its name', () => {
		const reading = lesson(null, ['NO', 'DK', 'other']);
		for (const code of ['NO', 'DK', 'other'] as const) {
			expect(passageDisplay(code, reading)).toBe('under-heading');
		}
	});
});
