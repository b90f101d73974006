import { getLocale } from '$lib/paraglide/runtime';

/** Regional formats per interface language: English dates in the European order. */
const REGIONS: Record<string, string> = { en: 'en-GB', nb: 'nb-NO', da: 'da-DK' };

function region(locale: string = getLocale()) {
	return REGIONS[locale] ?? 'en-GB';
}

const STYLES = {
	date: { dateStyle: 'long' },
	dateTime: { dateStyle: 'medium', timeStyle: 'short' },
	dueDate: { dateStyle: 'long', timeZone: 'UTC' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter of a region and style, made once: `toLocaleDateString` with options builds a new
 * one on every call, about 75 µs each, which was most of the time of a group page with 500 rows.
 */
function formatter(region: string, style: keyof typeof STYLES) {
	const key = `${region} ${style}`;
	let format = formats.get(key);
	if (!format) formats.set(key, (format = new Intl.DateTimeFormat(region, STYLES[style])));
	return format;
}

/** 22 November 2026 */
export function formatDate(date: Date): string {
	return formatter(region(), 'date').format(date);
}

/** 22 Nov 2026, 14:05 */
export function formatDateTime(date: Date): string {
	return formatter(region(), 'dateTime').format(date);
}

/**
 * A due date, which is the end of a calendar day in UTC (see assignments.ts): shown in UTC, so
 * that it is the same day for everyone and does not move after hydration.
 */
export function formatDueDate(date: Date, locale?: string): string {
	return formatter(region(locale), 'dueDate').format(date);
}
