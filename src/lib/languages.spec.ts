import { describe, expect, it } from 'vitest';
import { contentLang, fallbackLang } from './languages';

describe('contentLang', () => {
	it('marks English text on a Norwegian or Danish page', () => {
		expect(contentLang('en', 'nb')).toBe('en');
		expect(contentLang('en', 'da')).toBe('en');
	});

	it('adds nothing when the text is in the page’s language', () => {
		expect(contentLang('en', 'en')).toBeUndefined();
		expect(contentLang('da', 'da')).toBeUndefined();
	});
});

describe('fallbackLang', () => {
	it('marks only text that fell back to English', () => {
		expect(fallbackLang(true, 'nb')).toBe('en');
		expect(fallbackLang(false, 'nb')).toBeUndefined();
		expect(fallbackLang(true, 'en')).toBeUndefined();
	});
});
