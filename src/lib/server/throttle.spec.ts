import { describe, expect, it } from 'vitest';
import { getDb } from '$lib/server/db';
import { loginThrottles } from '$lib/server/db/schema';
import {
	addressAccountKey,
	clearFailures,
	countRegistration,
	forgiveAddress,
	lockSeconds,
	recordFailure,
	secondsUntilAllowed,
	throttleKey,
	type ThrottleKey
} from '$lib/server/throttle';
import { useTestDatabase } from '$lib/server/testing/database';
import { HOUR, MINUTE, SECOND, T0, later } from '$lib/server/__fixtures__/learning';

const ACCOUNT = throttleKey('account', 'ada@example.org');
const IP = throttleKey('ip', '192.0.2.7');

/** Records `count` failures one second apart from `start`; returns the lock of each. */
async function fail(keys: ThrottleKey[], count: number, start = T0) {
	const locks: number[] = [];
	for (let i = 0; i < count; i++) locks.push(await recordFailure(keys, later(i * SECOND, start)));
	return locks;
}

describe('throttleKey', () => {
	it('prefixes the value with its kind', () => {
		expect(throttleKey('account', 'a@b.c')).toBe('account:a@b.c');
		expect(throttleKey('ip', '::1')).toBe('ip:::1');
	});
});

describe('lockSeconds', () => {
	it('lets an account fail 4 times freely, then locks for 30 s, doubling up to 15 minutes', () => {
		const locks = Array.from({ length: 12 }, (_, failures) => lockSeconds('account', failures));
		expect(locks).toEqual([0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
		expect(lockSeconds('account', 100)).toBe(900);
	});

	it('gives a trusted device and a re-entered password the same allowance as an account', () => {
		expect(lockSeconds('device', 4)).toBe(0);
		expect(lockSeconds('device', 5)).toBe(30);
		expect(lockSeconds('reauth', 5)).toBe(30);
	});

	it('lets an address (a whole kindergarten) fail 99 times freely and locks it from the 100th', () => {
		expect(lockSeconds('ip', 99)).toBe(0);
		expect(lockSeconds('ip', 100)).toBe(30);
		expect(lockSeconds('ip', 101)).toBe(60);
	});

	it('never locks the bookkeeping and registration counters', () => {
		expect(lockSeconds('ip-account', 10_000)).toBe(0);
		expect(lockSeconds('register', 10_000)).toBe(0);
	});
});

describe('failure counters', () => {
	useTestDatabase();

	it('locks a key on its fifth failure and says how long to wait', async () => {
		expect(await fail([ACCOUNT], 5)).toEqual([0, 0, 0, 0, 30]);
		const lockedAt = later(4 * SECOND);
		expect(await secondsUntilAllowed([ACCOUNT], lockedAt)).toBe(30);
		expect(await secondsUntilAllowed([ACCOUNT], later(10 * SECOND, lockedAt))).toBe(20);
		expect(await secondsUntilAllowed([ACCOUNT], later(29.5 * SECOND, lockedAt))).toBe(1);
		expect(await secondsUntilAllowed([ACCOUNT], later(30 * SECOND, lockedAt))).toBe(0);
	});

	it('allows keys that never failed', async () => {
		expect(await secondsUntilAllowed([ACCOUNT, IP], T0)).toBe(0);
	});

	it('doubles the lock for each further failure after a lock ends', async () => {
		await fail([ACCOUNT], 5);
		expect(await recordFailure([ACCOUNT], later(MINUTE))).toBe(60);
		expect(await recordFailure([ACCOUNT], later(3 * MINUTE))).toBe(120);
	});

	it('counts each key separately and reports the longest lock among them', async () => {
		const other = throttleKey('account', 'bo@example.org');
		await fail([ACCOUNT], 4);
		expect(await recordFailure([other, IP], later(MINUTE))).toBe(0);
		expect(await recordFailure([ACCOUNT, IP], later(MINUTE))).toBe(30);
		expect(await secondsUntilAllowed([other], later(MINUTE))).toBe(0);
		expect(await secondsUntilAllowed([other, ACCOUNT], later(MINUTE))).toBe(30);
	});

	it('forgets failures after an hour without one', async () => {
		await fail([ACCOUNT], 4);
		expect(await recordFailure([ACCOUNT], later(61 * MINUTE))).toBe(0);
		expect(await fail([ACCOUNT], 4, later(62 * MINUTE))).toEqual([0, 0, 0, 30]);
	});

	it('unlocks only the cleared keys and counts them again from zero', async () => {
		const other = throttleKey('account', 'bo@example.org');
		await fail([ACCOUNT, other], 5);
		await clearFailures([ACCOUNT]);
		expect(await secondsUntilAllowed([ACCOUNT], later(5 * SECOND))).toBe(0);
		expect(await secondsUntilAllowed([other], later(5 * SECOND))).toBe(29);
		expect(await fail([ACCOUNT], 5, later(MINUTE))).toEqual([0, 0, 0, 0, 30]);
	});
});

describe('forgiving an address after a successful login', () => {
	useTestDatabase();
	const ADDRESS = '192.0.2.7';

	it("takes back the address's failures against that account, and only those", async () => {
		const ada = addressAccountKey(ADDRESS, 'ada@example.org');
		const bo = addressAccountKey(ADDRESS, 'bo@example.org');
		await fail([IP, ada], 3);
		await fail([IP, bo], 2, later(MINUTE));
		await forgiveAddress(ADDRESS, 'ada@example.org');
		const rows = await getDb().select().from(loginThrottles);
		const failures = Object.fromEntries(rows.map((row) => [row.key, row.failures]));
		expect(failures).toEqual({ [IP]: 2, [bo]: 2 });
	});

	it('lifts the lock of an address that falls back under its allowance', async () => {
		const ada = addressAccountKey(ADDRESS, 'ada@example.org');
		await fail([IP], 95);
		expect(await fail([IP, ada], 5, later(2 * MINUTE))).toEqual([0, 0, 0, 0, 30]);
		await forgiveAddress(ADDRESS, 'ada@example.org');
		expect(await secondsUntilAllowed([IP], later(2 * MINUTE + 5 * SECOND))).toBe(0);
	});

	it('changes nothing when the address never failed against the account', async () => {
		await fail([IP], 2);
		await forgiveAddress(ADDRESS, 'ada@example.org');
		const [row] = await getDb().select().from(loginThrottles);
		expect(row.failures).toBe(2);
	});
});

describe('registration limit per address', () => {
	useTestDatabase();

	it('allows the limit within a clock hour, then refuses until the next hour', async () => {
		const start = new Date('2025-03-01T08:10:00.000Z');
		for (let i = 0; i < 3; i++) {
			expect(await countRegistration('192.0.2.1', 3, later(i * SECOND, start))).toEqual({
				allowed: true
			});
		}
		expect(await countRegistration('192.0.2.1', 3, later(10 * MINUTE, start))).toEqual({
			allowed: false,
			retryAfterSeconds: 40 * 60
		});
		expect(await countRegistration('192.0.2.2', 3, later(10 * MINUTE, start))).toEqual({
			allowed: true
		});
		expect(await countRegistration('192.0.2.1', 3, later(HOUR, start))).toEqual({ allowed: true });
	});

	it('lets a whole staff meeting of 60 register at once under the default limit', async () => {
		const answers = await Promise.all(
			Array.from({ length: 60 }, (_, i) => countRegistration('192.0.2.1', 60, later(i * SECOND)))
		);
		expect(answers.every((answer) => answer.allowed)).toBe(true);
		expect((await countRegistration('192.0.2.1', 60, later(MINUTE))).allowed).toBe(false);
	});

	it('counts nothing when the limit is 0 (off)', async () => {
		for (let i = 0; i < 5; i++)
			expect((await countRegistration('192.0.2.1', 0)).allowed).toBe(true);
		expect(await getDb().select().from(loginThrottles)).toEqual([]);
	});
});
