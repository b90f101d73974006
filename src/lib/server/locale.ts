/**
 * The interface language follows the learner's preferred language wherever Paraglide has
 * messages for it. Until nb and da are translated, every preference falls back to English.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Cookies } from '@sveltejs/kit';
import {
	baseLocale,
	cookieMaxAge,
	cookieName,
	extractLocaleFromRequest,
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

/**
 * Runs `handle` with the request's interface locale (Paraglide's strategies: the locale cookie,
 * then Accept-Language, then the base locale), so that every message in it is in that language.
 */
export function runInLocale<T>(request: Request, url: URL, handle: (locale: Locale) => T): T {
	const locale = extractLocaleFromRequest(request, { effectiveRequestUrl: url });
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
export function interfaceLocaleFor(preferred: string): string {
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
