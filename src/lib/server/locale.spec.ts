import { describe, expect, it } from 'vitest';
import { interfaceLocaleFor, localeFromAcceptLanguage, resolveLocale } from './locale';

describe('resolveLocale', () => {
	it('takes the signed-in learner’s profile language over the cookie and the browser', () => {
		expect(resolveLocale({ profile: 'da', cookie: 'nb', acceptLanguage: 'en' })).toBe('da');
	});

	it('takes the cookie when signed out, over the browser', () => {
		expect(resolveLocale({ profile: null, cookie: 'nb', acceptLanguage: 'da' })).toBe('nb');
	});

	it('takes the browser’s language when there is no profile or cookie', () => {
		expect(resolveLocale({ acceptLanguage: 'da-DK,da;q=0.9,en;q=0.5' })).toBe('da');
	});

	it('falls back to English when nothing names a language Spire has', () => {
		expect(resolveLocale({})).toBe('en');
		expect(resolveLocale({ acceptLanguage: 'sv-SE,fi;q=0.8' })).toBe('en');
	});

	it('skips a profile or cookie value that is not an interface language', () => {
		expect(resolveLocale({ profile: 'sv', cookie: 'xx', acceptLanguage: 'nb' })).toBe('nb');
	});

	it('does not let the cookie override the profile', () => {
		expect(resolveLocale({ profile: 'en', cookie: 'da' })).not.toBe('da');
	});
});

describe('localeFromAcceptLanguage', () => {
	it('reads Norwegian in all its tags as Bokmål', () => {
		expect(localeFromAcceptLanguage('nb-NO')).toBe('nb');
		expect(localeFromAcceptLanguage('no')).toBe('nb');
		expect(localeFromAcceptLanguage('nn-NO,en;q=0.5')).toBe('nb');
	});

	it('follows the quality values, not only the order', () => {
		expect(localeFromAcceptLanguage('en;q=0.3, da;q=0.8')).toBe('da');
		expect(localeFromAcceptLanguage('sv, da;q=0.5, nb;q=0.7')).toBe('nb');
	});

	it('ignores languages refused with q=0 and malformed headers', () => {
		expect(localeFromAcceptLanguage('da;q=0, en;q=0.1')).toBe('en');
		expect(localeFromAcceptLanguage(',;q=,')).toBeUndefined();
		expect(localeFromAcceptLanguage(null)).toBeUndefined();
	});
});

describe('interfaceLocaleFor', () => {
	it('keeps a language the interface is translated into', () => {
		expect(interfaceLocaleFor('en')).toBe('en');
		expect(interfaceLocaleFor('nb')).toBe('nb');
		expect(interfaceLocaleFor('da')).toBe('da');
	});

	it('falls back to English for a language Spire has no interface in', () => {
		expect(interfaceLocaleFor('sv')).toBe('en');
	});
});
