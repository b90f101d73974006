/**
 * The interface language follows the learner's preferred language wherever Paraglide has
 * messages for it. Until nb and da are translated, every preference falls back to English.
 */
import type { Cookies } from '@sveltejs/kit';
import { baseLocale, cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';

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
