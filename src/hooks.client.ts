import { baseLocale, isLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

/**
 * In the browser, the interface language is the one the server chose for the page (its
 * `<html lang>`), which knows the learner's profile; Paraglide's own strategies (cookie,
 * navigator) could disagree with it and make hydration switch language.
 */
overwriteGetLocale(() => {
	const lang = document.documentElement.lang;
	return isLocale(lang) ? lang : baseLocale;
});
