import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '$lib/server/db';
import { loginThrottles, sessions } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { purgeExpired, startMaintenance } from '$lib/server/maintenance';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/sessions';
import {
	FAILURE_MEMORY_MS,
	recordFailure,
	secondsUntilAllowed,
	throttleKey
} from '$lib/server/throttle';
import { DAY, MINUTE, SECOND, T0, insertUser, later } from '$lib/server/__fixtures__/learning';

useTestDatabase();

async function sessionIds() {
	const rows = await getDb().select({ id: sessions.id }).from(sessions);
	return rows.map((r) => r.id).sort();
}

async function throttleKeys() {
	const rows = await getDb().select({ key: loginThrottles.key }).from(loginThrottles);
	return rows.map((r) => r.key).sort();
}

describe('purgeExpired', () => {
	it('deletes expired sessions and keeps live ones', async () => {
		const userId = await insertUser();
		await createSession(generateSessionToken(), userId, T0);
		const liveToken = generateSessionToken();
		const live = await createSession(liveToken, userId, later(50 * DAY));
		const now = later(60 * DAY);

		expect(await purgeExpired(now)).toMatchObject({ sessions: 1 });
		expect(await sessionIds()).toEqual([live.id]);
		expect(await validateSessionToken(liveToken, now)).not.toBeNull();
	});

	it('deletes failure counters once they are forgotten and unlocked, and keeps the rest', async () => {
		const forgotten = throttleKey('account', 'forgotten@example.org');
		const recent = throttleKey('account', 'recent@example.org');
		const locked = throttleKey('ip', '192.0.2.1');
		const now = later(FAILURE_MEMORY_MS + MINUTE);
		await recordFailure([forgotten], T0);
		await recordFailure([recent], later(2 * MINUTE));
		// Locks are shorter than the failure memory today; a longer one must still be honoured.
		await getDb()
			.insert(loginThrottles)
			.values({ key: locked, failures: 40, lockedUntil: later(10 * MINUTE, now), updatedAt: T0 });

		expect(await purgeExpired(now)).toMatchObject({ loginThrottles: 1 });
		expect(await throttleKeys()).toEqual([locked, recent].sort());
		expect(await secondsUntilAllowed([locked], now)).toBe(600);
	});

	it('keeps a counter whose lock has passed until its failures are forgotten too', async () => {
		const key = throttleKey('account', 'ada@example.org');
		for (let i = 0; i < 5; i++) await recordFailure([key], later(i * SECOND));
		expect(await purgeExpired(later(10 * MINUTE))).toMatchObject({ loginThrottles: 0 });
		expect(await purgeExpired(later(FAILURE_MEMORY_MS + 5 * SECOND))).toMatchObject({
			loginThrottles: 1
		});
		expect(await throttleKeys()).toEqual([]);
	});

	it('reports zero for every store when nothing has expired', async () => {
		expect(await purgeExpired(T0)).toEqual({ accountLinks: 0, sessions: 0, loginThrottles: 0 });
	});
});

describe('startMaintenance', () => {
	let stop: (() => void) | undefined;
	afterEach(() => stop?.());

	it('purges expired rows again and again on its own, until stopped', async () => {
		const userId = await insertUser();
		const token = generateSessionToken();
		const expired = new Date(Date.now() - 61 * DAY);
		await createSession(token, userId, expired);
		stop = startMaintenance(20);
		await vi.waitFor(async () => expect(await sessionIds()).toEqual([]), { timeout: 2000 });

		await createSession(generateSessionToken(), userId, expired);
		await vi.waitFor(async () => expect(await sessionIds()).toEqual([]), { timeout: 2000 });

		stop();
		const left = await createSession(generateSessionToken(), userId, expired);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await sessionIds()).toEqual([left.id]);
	});

	it('does not keep the process alive', () => {
		const spy = vi.spyOn(globalThis, 'setInterval');
		stop = startMaintenance(60_000);
		const timer = spy.mock.results[0].value as NodeJS.Timeout;
		expect(timer.hasRef()).toBe(false);
		spy.mockRestore();
	});
});
