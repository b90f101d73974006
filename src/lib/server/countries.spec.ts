import { describe, expect, it } from 'vitest';
import { COUNTRIES as CONTENT_COUNTRIES } from '$lib/server/content/schema';
import {
	COUNTRIES,
	defaultCountryFor,
	learnerCountry,
	parseCountry,
	parseProfileCountry,
	resolveViewerCountry
} from '$lib/server/countries';

describe('countries', () => {
	it('are the same five as the course content knows', () => {
		expect(COUNTRIES).toEqual(CONTENT_COUNTRIES);
	});

	it('parses the five codes, in any case, and nothing else', () => {
		expect(parseCountry('SE')).toBe('SE');
		expect(parseCountry(' fi ')).toBe('FI');
		for (const value of ['other', 'DE', '', 'NOR', null, undefined]) {
			expect(parseCountry(value)).toBeNull();
		}
	});

	it('reads a stored profile country, and anything unknown as not chosen', () => {
		expect(parseProfileCountry('other')).toBe('other');
		expect(parseProfileCountry('DK')).toBe('DK');
		expect(parseProfileCountry('xx')).toBeNull();
		expect(parseProfileCountry(null)).toBeNull();
	});

	it('preselects a country from the interface language, but not from English', () => {
		expect(defaultCountryFor('nb')).toBe('NO');
		expect(defaultCountryFor('da')).toBe('DK');
		expect(defaultCountryFor('en')).toBeNull();
	});

	it('gives a learner without one of the five no country for the quiz', () => {
		expect(learnerCountry({ country: 'FI' })).toBe('FI');
		expect(learnerCountry({ country: 'other' })).toBeNull();
		expect(learnerCountry({ country: null })).toBeNull();
	});
});

describe('resolveViewerCountry', () => {
	it("uses a signed-in learner's profile country, over the address and the cookie", () => {
		expect(resolveViewerCountry({ profile: 'SE', query: 'DK', cookie: 'NO' })).toEqual({
			country: 'SE',
			source: 'profile',
			cookie: null
		});
	});

	it('shows one country from ?country= and remembers it', () => {
		expect(resolveViewerCountry({ profile: undefined, query: 'dk', cookie: 'NO' })).toEqual({
			country: 'DK',
			source: 'query',
			cookie: { set: 'DK' }
		});
	});

	it('lets the address and the cookie choose for a learner with "other" or no country', () => {
		expect(
			resolveViewerCountry({ profile: 'other', query: 'IS', cookie: undefined })
		).toMatchObject({ country: 'IS', source: 'query' });
		expect(resolveViewerCountry({ profile: null, query: null, cookie: 'FI' })).toEqual({
			country: 'FI',
			source: 'cookie',
			cookie: null
		});
	});

	it('ignores unknown values in the address and the cookie', () => {
		expect(resolveViewerCountry({ profile: undefined, query: 'XX', cookie: 'SE' })).toEqual({
			country: 'SE',
			source: 'cookie',
			cookie: null
		});
		expect(resolveViewerCountry({ profile: undefined, query: 'x', cookie: 'zz' })).toEqual({
			country: null,
			source: null,
			cookie: null
		});
	});

	it('forgets a remembered country on ?country=all', () => {
		expect(resolveViewerCountry({ profile: undefined, query: 'all', cookie: 'SE' })).toEqual({
			country: null,
			source: null,
			cookie: 'clear'
		});
		expect(resolveViewerCountry({ profile: undefined, query: 'all', cookie: undefined })).toEqual({
			country: null,
			source: null,
			cookie: null
		});
	});

	it('shows every country to an anonymous reader who has not chosen', () => {
		expect(resolveViewerCountry({ profile: undefined, query: null, cookie: undefined })).toEqual({
			country: null,
			source: null,
			cookie: null
		});
	});
});
