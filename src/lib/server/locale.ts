/**
 * The interface language of a request: the signed-in learner's profile language, then the
 * language cookie (set by the header's switcher and at login), then the browser's
 * Accept-Language, then English. Messages missing in nb or da fall back to English (Paraglide
 * compiles a missing message to the English one).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Cookies } from '@sveltejs/kit';
import {
	baseLocale,
	cookieMaxAge,
	cookieName,
	getTextDirection,
	isLocale,
	locales,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';

type LocaleStore = { locale?: Locale; origin?: string; messageCalls?: Set<string> };

/** Where Paraglide's `getLocale()` finds the locale of the request being handled. */
const requestLocale = new AsyncLocalStorage<LocaleStore>();
overwriteServerAsyncLocalStorage(requestLocale);

/** The cookie that remembers the language chosen in the header (Paraglide's name for it). */
export const LANGUAGE_COOKIE = cookieName;

/**
 * Language tags a browser may send, by their primary subtag, and the interface locale each
 * means. Norwegian comes as `no`, `nb` or `nn`; Nynorsk readers get Bokmål rather than English.
 */
const ACCEPTED_LANGUAGES: Record<string, Locale> = {
	en: 'en' as Locale,
	nb: 'nb' as Locale,
	no: 'nb' as Locale,
	nn: 'nb' as Locale,
	da: 'da' as Locale
};

/**
 * The first interface locale the browser asks for in an Accept-Language header, by quality
 * (`q`), ties in the header's order; undefined when it asks for none Spire has.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
	if (!header) return undefined;
	const ranges = header
		.split(',')
		.map((part, index) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return { tag: tag.trim().toLowerCase(), quality: Number.isNaN(quality) ? 0 : quality, index };
		})
		.filter((range) => range.tag && range.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	for (const { tag } of ranges) {
		const locale = ACCEPTED_LANGUAGES[tag.split('-')[0]];
		if (locale && isLocale(locale)) return locale;
	}
	return undefined;
}

/** Where a request's language can come from, most binding first. */
export type LocaleSources = {
	/** The signed-in learner's profile language (`users.locale`); null when signed out. */
	profile?: string | null;
	/** The language cookie's value. */
	cookie?: string | null;
	/** The Accept-Language header. */
	acceptLanguage?: string | null;
};

/** The interface locale: profile, then cookie, then Accept-Language, then English. */
export function resolveLocale({ profile, cookie, acceptLanguage }: LocaleSources): Locale {
	if (profile && isLocale(profile)) return profile;
	if (cookie && isLocale(cookie)) return cookie;
	return localeFromAcceptLanguage(acceptLanguage) ?? baseLocale;
}

/**
 * Runs `handle` with `locale` as the request's interface locale, so that every message in it
 * is in that language.
 */
export function runInLocale<T>(locale: Locale, url: URL, handle: (locale: Locale) => T): T {
	return requestLocale.run({ locale, origin: url.origin }, () => handle(locale));
}

/** `ltr` or `rtl`, worked out once per locale (Intl.Locale is slow to ask on every page). */
const TEXT_DIRECTIONS = new Map<string, 'ltr' | 'rtl'>(
	locales.map((locale) => [locale, getTextDirection(locale)])
);

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
	return TEXT_DIRECTIONS.get(locale) ?? 'ltr';
}

/** The interface locale for a preferred language: itself if translated, else the base locale. */
export function interfaceLocaleFor(preferred: string): Locale {
	return isLocale(preferred) ? preferred : baseLocale;
}

/** Sets Paraglide's locale cookie, which its middleware reads on every later request. */
export function rememberInterfaceLocale(cookies: Cookies, preferred: string) {
	cookies.set(cookieName, interfaceLocaleFor(preferred), {
		path: '/',
		maxAge: cookieMaxAge,
		sameSite: 'lax',
		httpOnly: false // Paraglide reads it in the browser too
	});
}
