import { getLocale } from '$lib/paraglide/runtime';

/** Regional formats per interface language: English dates in the European order. */
const REGIONS: Record<string, string> = { en: 'en-GB', nb: 'nb-NO', da: 'da-DK' };

/** The Intl locale (with its region) of an interface locale: `nb` → `nb-NO`. */
export function region(locale: string = getLocale()) {
	return REGIONS[locale] ?? 'en-GB';
}

const STYLES = {
	date: { dateStyle: 'long' },
	dateTime: { dateStyle: 'medium', timeStyle: 'short' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Used only if a zone from the page data is unknown to this browser's Intl. */
const FALLBACK_TIME_ZONE = 'Europe/Oslo';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter of a region, style and time zone, made once: `toLocaleDateString` with options
 * builds a new one on every call, about 75 µs each, which was most of the time of a group page
 * with 500 rows.
 */
function formatter(region: string, style: keyof typeof STYLES | 'calendarDay', timeZone: string) {
	const key = `${region} ${style} ${timeZone}`;
	let format = formats.get(key);
	if (!format) {
		const options = style === 'calendarDay' ? { dateStyle: 'long' as const } : STYLES[style];
		try {
			format = new Intl.DateTimeFormat(region, { ...options, timeZone });
		} catch {
			format = new Intl.DateTimeFormat(region, { ...options, timeZone: FALLBACK_TIME_ZONE });
		}
		formats.set(key, format);
	}
	return format;
}

/**
 * 22 November 2026: the day a moment falls on in `timeZone`, the learner's zone from the page
 * data (`data.timeZone`), so that the server and the browser print the same day. In the
 * interface language unless `locale` is given (an e-mail or PDF in its recipient's).
 */
export function formatDate(date: Date, timeZone: string, locale?: string): string {
	return formatter(region(locale), 'date', timeZone).format(date);
}

/** 22 Nov 2026, 14:05 in `timeZone`, the learner's zone from the page data. */
export function formatDateTime(date: Date, timeZone: string, locale?: string): string {
	return formatter(region(locale), 'dateTime', timeZone).format(date);
}

/**
 * A due date, which is the end of a calendar day in UTC (see assignments.ts): shown in UTC, so
 * that it is the same day for everyone, whatever their time zone, and does not move after
 * hydration.
 */
export function formatDueDate(date: Date, locale?: string): string {
	return formatter(region(locale), 'calendarDay', 'UTC').format(date);
}

const sceneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The date of a scene in a practice case, as the case file writes it ('2026-09-21' or
 * '2026-09-21 08:10'): "Monday, 21 September 2026, 08:10". A case's dates are wall-clock dates
 * with no zone, so they are formatted as written (in UTC), the same on the server and in the
 * browser.
 */
export function formatSceneDate(value: string, locale?: string): string {
	const [day, time] = value.split(' ');
	const key = `${region(locale)} ${time ? 'time' : 'day'}`;
	let format = sceneFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(region(locale), {
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			...(time ? { hour: '2-digit', minute: '2-digit' } : {}),
			timeZone: 'UTC'
		});
		sceneFormats.set(key, format);
	}
	return format.format(new Date(`${day}T${time ?? '00:00'}:00Z`));
}
