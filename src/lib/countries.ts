/**
 * The countries a learner can work in, as the browser and the server both need them: the codes,
 * their names, and the country a lesson is being read for (passed to `<ForCountry>` through
 * Svelte context, because a compiled lesson is one component the page cannot hand props into).
 */
import { getContext, setContext } from 'svelte';
import { m } from '$lib/paraglide/messages';

/**
 * The five countries, in the order they are listed to readers. The same list as `COUNTRIES` in
 * the content schema (which runs outside Vite, so it cannot import this file); a test keeps the
 * two in step.
 */
export const COUNTRIES = ['NO', 'DK', 'SE', 'FI', 'IS'] as const;
export type Country = (typeof COUNTRIES)[number];

/** What a profile may hold: one of the five, or "other" (outside them, or none of them fits). */
export const PROFILE_COUNTRIES = [...COUNTRIES, 'other'] as const;
export type ProfileCountry = (typeof PROFILE_COUNTRIES)[number];

/** The code a `<ForCountry>` passage may carry: a country, or the `other` fallback. */
export type PassageCode = ProfileCountry;

const NAMES: Record<ProfileCountry, () => string> = {
	NO: m.country_no,
	DK: m.country_dk,
	SE: m.country_se,
	FI: m.country_fi,
	IS: m.country_is,
	other: m.country_other
};

export function countryName(code: ProfileCountry): string {
	return NAMES[code]();
}

export function isCountry(value: unknown): value is Country {
	return typeof value === 'string' && (COUNTRIES as readonly string[]).includes(value);
}

export function isProfileCountry(value: unknown): value is ProfileCountry {
	return typeof value === 'string' && (PROFILE_COUNTRIES as readonly string[]).includes(value);
}

/**
 * Which passages a lesson shows: one country's (and that lesson's `other` passage where it has
 * none for the country), or every passage under its country's name.
 */
export type CountryReading = {
	/** The one country shown, or null: every passage is shown. */
	country: Country | null;
	/** The passage codes the lesson uses, for the `other` fallback. */
	codes: readonly PassageCode[];
};

const READING = Symbol('country reading');

/** Called by the lesson page; a getter, so that client-side navigation updates the passages. */
export function provideCountryReading(reading: () => CountryReading) {
	setContext(READING, reading);
}

/** Whether a passage is shown, and under a heading with its country's name. */
export function passageDisplay(
	code: PassageCode,
	reading: CountryReading
): 'hidden' | 'alone' | 'under-heading' {
	if (!reading.country) return 'under-heading';
	if (code === reading.country) return 'alone';
	if (code === 'other' && !reading.codes.includes(reading.country)) return 'alone';
	return 'hidden';
}

/**
 * The reading of the page around a `<ForCountry>`, as a getter to call inside `$derived`; every
 * passage where none is provided.
 */
export function countryReading(): () => CountryReading {
	return getContext<(() => CountryReading) | undefined>(READING) ?? (() => EVERY_PASSAGE);
}
const EVERY_PASSAGE: CountryReading = { country: null, codes: [] };
