/**
 * The time zone a person sees dates and times in. The browser reports its own zone once, on the
 * first page that runs JavaScript (TimeZoneReport.svelte); the person can change it on /account.
 * Until then, and for visitors, pages use Europe/Oslo. Pages are rendered on the server in this
 * zone and the browser formats with the same zone from the page data, so nothing moves when the
 * page hydrates.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { writeTransaction } from '$lib/server/db';
import { users } from '$lib/server/db/schema';

export const DEFAULT_TIME_ZONE = 'Europe/Oslo';

/** The zones this server's Intl knows by their canonical names; its list leaves out UTC. */
const KNOWN_TIME_ZONES: ReadonlySet<string> = new Set([
	'UTC',
	...Intl.supportedValuesOf('timeZone')
]);

/**
 * The canonical name of a time zone Intl knows (`europe/oslo` → `Europe/Oslo`, `Etc/UTC` → `UTC`,
 * `Asia/Kolkata` → this ICU's `Asia/Calcutta`), or null for anything else: offsets, made-up or
 * overlong names.
 */
export function canonicalTimeZone(value: string): string | null {
	if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return null;
	try {
		const { timeZone } = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions();
		return KNOWN_TIME_ZONES.has(timeZone) ? timeZone : null;
	} catch {
		return null; // RangeError: not a time zone
	}
}

/** The zone to render in: the stored one while this server still knows it, else Europe/Oslo. */
export function displayTimeZone(stored: string | null | undefined): string {
	return stored && KNOWN_TIME_ZONES.has(stored) ? stored : DEFAULT_TIME_ZONE;
}

export type TimeZoneOption = { value: string; label: string };
export type TimeZoneChoices = {
	/** Zones without a region, such as UTC: listed on their own. */
	options: TimeZoneOption[];
	groups: { region: string; zones: TimeZoneOption[] }[];
};

let choices: TimeZoneChoices | undefined;

/**
 * Every known zone for the select on /account, grouped by region (`Europe`: `Oslo`, …; `America`:
 * `Argentina / Buenos Aires`, …); UTC on its own.
 */
export function timeZoneChoices(): TimeZoneChoices {
	if (choices) return choices;
	const options: TimeZoneOption[] = [];
	const groups = new Map<string, TimeZoneOption[]>();
	for (const zone of [...KNOWN_TIME_ZONES].sort()) {
		const slash = zone.indexOf('/');
		if (slash === -1) {
			options.push({ value: zone, label: zone });
			continue;
		}
		const region = zone.slice(0, slash);
		const label = zone
			.slice(slash + 1)
			.replaceAll('/', ' / ')
			.replaceAll('_', ' ');
		if (!groups.has(region)) groups.set(region, []);
		groups.get(region)!.push({ value: zone, label });
	}
	choices = { options, groups: [...groups].map(([region, zones]) => ({ region, zones })) };
	return choices;
}

export const timeZoneForm = z.object({
	timeZone: z.string({ error: () => m.error_time_zone_invalid() }).transform((value, context) => {
		const zone = canonicalTimeZone(value.trim());
		if (!zone) {
			context.addIssue({ code: 'custom', message: m.error_time_zone_invalid() });
			return z.NEVER;
		}
		return zone;
	})
});

/** The person's choice on /account. */
export async function setTimeZone(userId: string, timeZone: string, now = new Date()) {
	await writeTransaction((tx) =>
		tx.update(users).set({ timeZone, updatedAt: now }).where(eq(users.id, userId))
	);
}

/**
 * The zone the browser reported, kept only while the person has none: a reported zone never
 * overrides one chosen on /account, or one reported before. True when it was stored.
 */
export async function rememberBrowserTimeZone(
	userId: string,
	timeZone: string,
	now = new Date()
): Promise<boolean> {
	const result = await writeTransaction((tx) =>
		tx
			.update(users)
			.set({ timeZone, updatedAt: now })
			.where(and(eq(users.id, userId), isNull(users.timeZone)))
	);
	return result.rowsAffected > 0;
}
