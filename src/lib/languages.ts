import { baseLocale, getLocale } from '$lib/paraglide/runtime';

/**
 * The `lang` attribute for text in `contentLocale` (English unless given) on a page in the
 * interface language: the content's language when it differs from the page's, else nothing
 * (the page's `<html lang>` already says it). For an attribute: `<h1 lang={contentLang(...)}>`.
 */
export function contentLang(
	contentLocale: string = baseLocale,
	pageLocale: string = getLocale()
): string | undefined {
	return contentLocale === pageLocale ? undefined : contentLocale;
}

/** `lang="en"` for text that fell back to English (`inEnglish`), on a page in nb or da. */
export function fallbackLang(inEnglish: boolean, pageLocale: string = getLocale()) {
	return inEnglish ? contentLang(baseLocale, pageLocale) : undefined;
}
