import { getLocale } from '$lib/paraglide/runtime';

/** Regional formats per interface language: English dates in the European order. */
const REGIONS: Record<string, string> = { en: 'en-GB', nb: 'nb-NO', da: 'da-DK' };

function region(locale: string = getLocale()) {
	return REGIONS[locale] ?? 'en-GB';
}

/** 22 November 2026 */
export function formatDate(date: Date): string {
	return date.toLocaleDateString(region(), { dateStyle: 'long' });
}

/** 22 Nov 2026, 14:05 */
export function formatDateTime(date: Date): string {
	return date.toLocaleString(region(), { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A due date, which is the end of a calendar day in UTC (see assignments.ts): shown in UTC, so
 * that it is the same day for everyone and does not move after hydration.
 */
export function formatDueDate(date: Date, locale?: string): string {
	return date.toLocaleDateString(region(locale), { dateStyle: 'long', timeZone: 'UTC' });
}
