import { describe, expect, it } from 'vitest';
import { interfaceLocaleFor } from './locale';

describe('interfaceLocaleFor', () => {
	it('keeps a language the interface is translated into', () => {
		expect(interfaceLocaleFor('en')).toBe('en');
	});

	it('falls back to English for a preferred language without messages yet', () => {
		expect(interfaceLocaleFor('nb')).toBe('en');
		expect(interfaceLocaleFor('da')).toBe('en');
	});
});
