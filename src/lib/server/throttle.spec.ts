import { describe, expect, it } from 'vitest';
import {
	clearFailures,
	lockSeconds,
	recordFailure,
	secondsUntilAllowed,
	throttleKey,
	type ThrottleKey
} from '$lib/server/throttle';
import { useTestDatabase } from '$lib/server/testing/database';
import { MINUTE, SECOND, T0, later } from '$lib/server/__fixtures__/learning';

const EMAIL = throttleKey('email', 'ada@example.org');
const IP = throttleKey('ip', '192.0.2.7');

/** Records `count` failures one second apart from `start`; returns the lock of each. */
async function fail(keys: ThrottleKey[], count: number, start = T0) {
	const locks: number[] = [];
	for (let i = 0; i < count; i++) locks.push(await recordFailure(keys, later(i * SECOND, start)));
	return locks;
}

describe('throttleKey', () => {
	it('prefixes the value with its kind', () => {
		expect(throttleKey('email', 'a@b.c')).toBe('email:a@b.c');
		expect(throttleKey('ip', '::1')).toBe('ip:::1');
	});
});

describe('lockSeconds', () => {
	it('lets an account fail 4 times freely, then locks for 30 s, doubling up to 15 minutes', () => {
		const locks = Array.from({ length: 12 }, (_, failures) => lockSeconds('email', failures));
		expect(locks).toEqual([0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
		expect(lockSeconds('email', 100)).toBe(900);
	});

	it('lets an IP fail 19 times freely and locks it from the 20th failure', () => {
		expect(lockSeconds('ip', 19)).toBe(0);
		expect(lockSeconds('ip', 20)).toBe(30);
		expect(lockSeconds('ip', 21)).toBe(60);
	});
});

describe('failure counters', () => {
	useTestDatabase();

	it('locks a key on its fifth failure and says how long to wait', async () => {
		expect(await fail([EMAIL], 5)).toEqual([0, 0, 0, 0, 30]);
		const lockedAt = later(4 * SECOND);
		expect(await secondsUntilAllowed([EMAIL], lockedAt)).toBe(30);
		expect(await secondsUntilAllowed([EMAIL], later(10 * SECOND, lockedAt))).toBe(20);
		expect(await secondsUntilAllowed([EMAIL], later(29.5 * SECOND, lockedAt))).toBe(1);
		expect(await secondsUntilAllowed([EMAIL], later(30 * SECOND, lockedAt))).toBe(0);
	});

	it('allows keys that never failed', async () => {
		expect(await secondsUntilAllowed([EMAIL, IP], T0)).toBe(0);
	});

	it('doubles the lock for each further failure after a lock ends', async () => {
		await fail([EMAIL], 5);
		expect(await recordFailure([EMAIL], later(MINUTE))).toBe(60);
		expect(await recordFailure([EMAIL], later(3 * MINUTE))).toBe(120);
	});

	it('counts each key separately and reports the longest lock among them', async () => {
		const other = throttleKey('email', 'bo@example.org');
		await fail([EMAIL], 4);
		expect(await recordFailure([other, IP], later(MINUTE))).toBe(0);
		expect(await recordFailure([EMAIL, IP], later(MINUTE))).toBe(30);
		expect(await secondsUntilAllowed([other], later(MINUTE))).toBe(0);
		expect(await secondsUntilAllowed([other, EMAIL], later(MINUTE))).toBe(30);
	});

	it('forgets failures after an hour without one', async () => {
		await fail([EMAIL], 4);
		expect(await recordFailure([EMAIL], later(61 * MINUTE))).toBe(0);
		expect(await fail([EMAIL], 4, later(62 * MINUTE))).toEqual([0, 0, 0, 30]);
	});

	it('unlocks only the cleared keys and counts them again from zero', async () => {
		const other = throttleKey('email', 'bo@example.org');
		await fail([EMAIL, other], 5);
		await clearFailures([EMAIL]);
		expect(await secondsUntilAllowed([EMAIL], later(5 * SECOND))).toBe(0);
		expect(await secondsUntilAllowed([other], later(5 * SECOND))).toBe(29);
		expect(await fail([EMAIL], 5, later(MINUTE))).toEqual([0, 0, 0, 0, 30]);
	});
});
