import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { T0, insertUser, later } from '$lib/server/__fixtures__/learning';
import {
	DEFAULT_TIME_ZONE,
	canonicalTimeZone,
	displayTimeZone,
	rememberBrowserTimeZone,
	setTimeZone,
	timeZoneChoices,
	timeZoneForm
} from './time-zones';

useTestDatabase();

async function storedTimeZone(userId: string) {
	const [row] = await getDb()
		.select({ timeZone: users.timeZone, updatedAt: users.updatedAt })
		.from(users)
		.where(eq(users.id, userId));
	return row;
}

describe('canonicalTimeZone', () => {
	it("accepts Intl's zones, by their canonical names", () => {
		expect(canonicalTimeZone('Europe/Oslo')).toBe('Europe/Oslo');
		expect(canonicalTimeZone('America/Argentina/Salta')).toBe('America/Argentina/Salta');
		expect(canonicalTimeZone('UTC')).toBe('UTC');
	});

	it('turns other spellings and aliases that browsers report into the name this server lists', () => {
		expect(canonicalTimeZone('europe/oslo')).toBe('Europe/Oslo');
		expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
		const kolkata = canonicalTimeZone('Asia/Kolkata');
		expect(['Asia/Kolkata', 'Asia/Calcutta']).toContain(kolkata);
		expect(timeZoneChoices().groups.flatMap((g) => g.zones.map((z) => z.value))).toContain(kolkata);
	});

	it('refuses offsets, made-up, empty, overlong and hostile values', () => {
		for (const value of [
			'',
			'+01:00',
			'GMT+1',
			'Europe/Atlantis',
			'Mars/Olympus_Mons',
			'Europe/Oslo ',
			'../etc/passwd',
			'<script>',
			`Europe/${'x'.repeat(80)}`,
			'Europe/Oslo\u0000'
		]) {
			expect(canonicalTimeZone(value), JSON.stringify(value)).toBeNull();
		}
	});
});

describe('displayTimeZone', () => {
	it('uses the stored zone, and Europe/Oslo when there is none or it is unknown', () => {
		expect(DEFAULT_TIME_ZONE).toBe('Europe/Oslo');
		expect(displayTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
		expect(displayTimeZone(null)).toBe('Europe/Oslo');
		expect(displayTimeZone(undefined)).toBe('Europe/Oslo');
		expect(displayTimeZone('Nowhere/Atall')).toBe('Europe/Oslo');
	});
});

describe('timeZoneForm', () => {
	const parse = (timeZone: unknown) => timeZoneForm.safeParse({ timeZone });

	it('gives the canonical zone of a valid choice', () => {
		expect(parse(' Europe/Helsinki ')).toEqual({
			success: true,
			data: { timeZone: 'Europe/Helsinki' }
		});
	});

	it('refuses an unknown zone or a missing field with a message', () => {
		for (const value of ['Europe/Atlantis', '', undefined]) {
			const result = parse(value);
			expect(result.success).toBe(false);
			expect(result.error?.issues[0].message).toBe('Choose a time zone from the list.');
		}
	});
});

describe('timeZoneChoices', () => {
	it('lists every zone once, grouped by region, with readable labels', () => {
		const { options, groups } = timeZoneChoices();
		expect(options).toEqual([{ value: 'UTC', label: 'UTC' }]);
		const europe = groups.find((g) => g.region === 'Europe');
		expect(europe?.zones).toContainEqual({ value: 'Europe/Oslo', label: 'Oslo' });
		const america = groups.find((g) => g.region === 'America');
		expect(america?.zones).toContainEqual({
			value: 'America/Argentina/Rio_Gallegos',
			label: 'Argentina / Rio Gallegos'
		});
		const values = [...options, ...groups.flatMap((g) => g.zones)].map((z) => z.value);
		expect(new Set(values).size).toBe(values.length);
		expect(values.length).toBe(Intl.supportedValuesOf('timeZone').length + 1);
		for (const value of values) expect(canonicalTimeZone(value)).toBe(value);
	});
});

describe('storing the zone', () => {
	it("keeps the browser's zone only while the person has none", async () => {
		const userId = await insertUser();
		expect(await storedTimeZone(userId)).toEqual({ timeZone: null, updatedAt: T0 });
		expect(await rememberBrowserTimeZone(userId, 'Europe/Helsinki', later(1000))).toBe(true);
		expect(await storedTimeZone(userId)).toEqual({
			timeZone: 'Europe/Helsinki',
			updatedAt: later(1000)
		});
		// Another browser (a trip, a work PC set to UTC) does not change it.
		expect(await rememberBrowserTimeZone(userId, 'UTC', later(2000))).toBe(false);
		expect((await storedTimeZone(userId)).timeZone).toBe('Europe/Helsinki');
	});

	it('lets the person choose, and a reported zone never overrides the choice', async () => {
		const userId = await insertUser();
		const other = await insertUser();
		await setTimeZone(userId, 'America/Sao_Paulo', later(1000));
		expect(await storedTimeZone(userId)).toEqual({
			timeZone: 'America/Sao_Paulo',
			updatedAt: later(1000)
		});
		expect(await rememberBrowserTimeZone(userId, 'Europe/Oslo')).toBe(false);
		expect((await storedTimeZone(userId)).timeZone).toBe('America/Sao_Paulo');
		expect((await storedTimeZone(other)).timeZone).toBeNull();
	});
});
