/**
 * The viewer's country: which country's passages a lesson shows, which action card a page
 * offers, and which questions a quiz attempt may draw. A signed-in learner's profile country
 * wins; otherwise `?country=SE` on a page picks one (and is remembered in a cookie), then the
 * cookie. "Other", no country chosen, or nothing at all means: no one country.
 */
import type { Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import {
	COUNTRIES,
	PROFILE_COUNTRIES,
	isCountry,
	isProfileCountry,
	type Country,
	type ProfileCountry
} from '$lib/countries';

export { COUNTRIES, PROFILE_COUNTRIES, type Country, type ProfileCountry };

/** The cookie that remembers `?country=` for people without a profile country. */
export const COUNTRY_COOKIE = 'country';
export const COUNTRY_COOKIE_DAYS = 365;
const COOKIE_MAX_AGE = COUNTRY_COOKIE_DAYS * 24 * 60 * 60;
/** `?country=all` forgets a remembered country: every passage again. */
export const ALL_COUNTRIES = 'all';

/** The select "Country where you work" on the registration and account forms. */
export const countryField = z.enum(PROFILE_COUNTRIES, {
	error: () => m.error_country_required()
});

/** One of the five, or null for anything else (other, unknown, absent). */
export function parseCountry(value: string | null | undefined): Country | null {
	const code = value?.trim().toUpperCase();
	return isCountry(code) ? code : null;
}

/** A stored profile value as the code it means; anything unknown reads as not chosen. */
export function parseProfileCountry(value: string | null | undefined): ProfileCountry | null {
	return isProfileCountry(value) ? value : null;
}

/**
 * The country a registration form starts on, from the interface language: Norwegian → Norway,
 * Danish → Denmark. English is spoken everywhere, so it preselects nothing.
 */
export function defaultCountryFor(locale: string): Country | null {
	if (locale === 'nb' || locale === 'nn' || locale === 'no') return 'NO';
	if (locale === 'da') return 'DK';
	return null;
}

export type CountrySource = 'profile' | 'query' | 'cookie';
export type ViewerCountry = {
	/** The one country to show, or null: show every country. */
	country: Country | null;
	source: CountrySource | null;
	/** What to do with the cookie: set it to a country, clear it, or leave it. */
	cookie: { set: Country } | 'clear' | null;
};

/**
 * Pure resolution of the viewer's country. `profile` is undefined for someone not signed in,
 * null for a learner who has not chosen. `query` is the page's `?country=`, `cookie` the
 * remembered one; unknown values in either are ignored.
 */
export function resolveViewerCountry(input: {
	profile: string | null | undefined;
	query: string | null;
	cookie: string | undefined;
}): ViewerCountry {
	const queried = parseCountry(input.query);
	const forget = input.query?.trim().toLowerCase() === ALL_COUNTRIES;
	const cookie: ViewerCountry['cookie'] = queried
		? { set: queried }
		: forget && input.cookie !== undefined
			? 'clear'
			: null;
	const profile = parseCountry(input.profile);
	if (profile) return { country: profile, source: 'profile', cookie: null };
	if (queried) return { country: queried, source: 'query', cookie };
	if (forget) return { country: null, source: null, cookie };
	const remembered = parseCountry(input.cookie);
	return remembered
		? { country: remembered, source: 'cookie', cookie: null }
		: { country: null, source: null, cookie: null };
}

type CountryEvent = {
	locals: { user: { country: string | null } | null };
	url: URL;
	cookies: Cookies;
};

/**
 * The viewer's country for this request; remembers a valid `?country=` (and forgets on
 * `?country=all`) in a first-party cookie for a year.
 */
export function viewerCountry(event: CountryEvent): ViewerCountry {
	const viewer = resolveViewerCountry({
		profile: event.locals.user ? event.locals.user.country : undefined,
		query: event.url.searchParams.get('country'),
		cookie: event.cookies.get(COUNTRY_COOKIE)
	});
	if (viewer.cookie === 'clear') event.cookies.delete(COUNTRY_COOKIE, { path: '/' });
	else if (viewer.cookie) {
		event.cookies.set(COUNTRY_COOKIE, viewer.cookie.set, {
			path: '/',
			sameSite: 'lax',
			maxAge: COOKIE_MAX_AGE,
			httpOnly: true
		});
	}
	return viewer;
}

/** The country of a signed-in learner, for the quiz: one of the five, or null (other, none). */
export function learnerCountry(user: { country: string | null }): Country | null {
	return parseCountry(user.country);
}
