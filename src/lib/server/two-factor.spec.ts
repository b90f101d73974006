import { describe, expect, it } from 'vitest';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { recoveryCodes, users } from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/passwords';
import { insertUser } from '$lib/server/__fixtures__/learning';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	RECOVERY_CODE_COUNT,
	codeAt,
	confirmEnrolment,
	endSecondStep,
	mayUseTwoFactor,
	pendingSecondStep,
	recoveryCodesLeft,
	renewRecoveryCodes,
	requireSecondStep,
	startEnrolment,
	turnOffTwoFactor,
	twoFactorEnabled,
	verifySecondFactor
} from '$lib/server/two-factor';

useTestDatabase();

const T = new Date('2026-11-23T10:00:00Z');
const seconds = (n: number) => new Date(T.getTime() + n * 1000);

async function enrolled() {
	const userId = await insertUser('Educator');
	const enrolment = await startEnrolment(userId, T);
	if (!enrolment) throw new Error('no enrolment');
	const key = decodeBase32IgnorePadding(enrolment.secret);
	const confirmed = await confirmEnrolment(userId, codeAt(key, T), T);
	if (!confirmed.ok) throw new Error('not confirmed');
	return { userId, key, recoveryCodes: confirmed.recoveryCodes, enrolment };
}

describe('enrolment', () => {
	it('shows the same key as a QR code and as text until it is confirmed with a code', async () => {
		const userId = await insertUser('Educator');
		const first = await startEnrolment(userId, T);
		expect(first?.uri).toMatch(/^otpauth:\/\/totp\/Spire:learner\d+%40example\.org\?/);
		expect(first?.uri).toContain(`secret=${first?.secret}`);
		expect(first?.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
		// Reloading the page shows the same key, so a half-done scan still works.
		expect((await startEnrolment(userId, T))?.secret).toBe(first?.secret);
		expect(await twoFactorEnabled(userId)).toBe(false);
		expect(await confirmEnrolment(userId, '000000', T)).toEqual({
			ok: false,
			reason: 'wrong-code'
		});
		const key = decodeBase32IgnorePadding(first!.secret);
		const code = codeAt(key, T);
		const confirmed = await confirmEnrolment(userId, `${code.slice(0, 3)} ${code.slice(3)}`, T);
		expect(confirmed.ok).toBe(true);
		expect(await twoFactorEnabled(userId)).toBe(true);
		expect(await startEnrolment(userId, T)).toBeNull();
		expect(await confirmEnrolment(userId, code, T)).toEqual({ ok: false, reason: 'not-started' });
	});

	it('gives ten different recovery codes and stores only their hashes', async () => {
		const { userId, recoveryCodes: codes } = await enrolled();
		expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
		for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
		const stored = await getDb()
			.select()
			.from(recoveryCodes)
			.where(eq(recoveryCodes.userId, userId));
		expect(stored).toHaveLength(RECOVERY_CODE_COUNT);
		for (const row of stored) {
			expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
			expect(codes.map((c) => c.replace('-', ''))).not.toContain(row.codeHash);
		}
	});
});

describe('verifySecondFactor', () => {
	it('takes the current code once, allows one step of clock drift, and refuses older ones', async () => {
		const { userId, key } = await enrolled();
		const later = seconds(60);
		expect(await verifySecondFactor(userId, codeAt(key, later), later)).toMatchObject({
			ok: true,
			usedRecoveryCode: false
		});
		// The same code again: refused, it was used.
		expect(await verifySecondFactor(userId, codeAt(key, later), later)).toEqual({
			ok: false,
			reason: 'wrong-code'
		});
		// The next step's code, typed 30 s early (the phone's clock runs ahead): accepted.
		expect((await verifySecondFactor(userId, codeAt(key, seconds(90)), later)).ok).toBe(true);
		// A code from five minutes ago: refused.
		const muchLater = seconds(600);
		expect((await verifySecondFactor(userId, codeAt(key, seconds(300)), muchLater)).ok).toBe(false);
	});

	it('takes each recovery code once, in any case and with or without the dash', async () => {
		const { userId, recoveryCodes: codes } = await enrolled();
		const typed = codes[0].toLowerCase().replace('-', ' ');
		expect(await verifySecondFactor(userId, typed, T)).toEqual({
			ok: true,
			usedRecoveryCode: true,
			recoveryCodesLeft: RECOVERY_CODE_COUNT - 1
		});
		expect(await verifySecondFactor(userId, codes[0], T)).toEqual({
			ok: false,
			reason: 'wrong-code'
		});
	});

	it('locks the account after five wrong codes, then lets the right code through later', async () => {
		const { userId, key } = await enrolled();
		// The fifth wrong code locks, as five wrong passwords do.
		for (let i = 0; i < 4; i++) {
			expect(await verifySecondFactor(userId, '000000', T)).toEqual({
				ok: false,
				reason: 'wrong-code'
			});
		}
		expect(await verifySecondFactor(userId, '000000', T)).toMatchObject({ reason: 'throttled' });
		const throttled = await verifySecondFactor(userId, codeAt(key, seconds(10)), seconds(10));
		expect(throttled).toMatchObject({ ok: false, reason: 'throttled' });
		const afterLock = seconds(3600);
		expect((await verifySecondFactor(userId, codeAt(key, afterLock), afterLock)).ok).toBe(true);
	});

	it('refuses everything for someone without two-factor sign-in', async () => {
		const userId = await insertUser('Learner');
		expect((await verifySecondFactor(userId, '123456', T)).ok).toBe(false);
		expect(await twoFactorEnabled(userId)).toBe(false);
	});
});

describe('the second step of a sign-in', () => {
	function fakeEvent() {
		const jar = new Map<string, string>();
		return {
			jar,
			event: {
				url: new URL('http://localhost/login'),
				cookies: {
					get: (name: string) => jar.get(name),
					set: (name: string, value: string) => void jar.set(name, value),
					delete: (name: string) => void jar.delete(name)
				}
			} as never
		};
	}

	it('starts only for an account with two-factor sign-in on', async () => {
		const learner = await insertUser('Learner');
		const { event, jar } = fakeEvent();
		await requireSecondStep(event, learner, null, T);
		expect(jar.size).toBe(0);
	});

	it('sends the browser to /login/two-factor with a signed cookie that lasts ten minutes', async () => {
		const { userId } = await enrolled();
		const { event, jar } = fakeEvent();
		await expect(requireSecondStep(event, userId, '/me?x=1', T)).rejects.toMatchObject({
			status: 303,
			location: '/login/two-factor?redirectTo=%2Fme%3Fx%3D1'
		});
		expect(await pendingSecondStep(event, seconds(60))).toEqual({ userId });
		expect(await pendingSecondStep(event, seconds(601))).toBeNull();
		// Someone else's id under the same signature, or a changed expiry, is refused.
		const [, expires, mac] = jar.get('spire_second_step')!.split('.');
		const other = await insertUser('Other');
		jar.set('spire_second_step', `${other}.${expires}.${mac}`);
		expect(await pendingSecondStep(event, seconds(60))).toBeNull();
		jar.set('spire_second_step', `${userId}.${Number(expires) + 60_000}.${mac}`);
		expect(await pendingSecondStep(event, seconds(60))).toBeNull();
		endSecondStep(event);
		expect(jar.size).toBe(0);
	});
});

describe('renewing recovery codes and turning two-factor sign-in off', () => {
	const PASSWORD = 'a calm harbour at dawn';

	/** An enrolled account with a real password, to be asked again. */
	async function enrolledWithPassword(options: { admin?: boolean } = {}) {
		const account = await enrolled();
		await getDb()
			.update(users)
			.set({ passwordHash: await hashPassword(PASSWORD), isAdmin: options.admin ?? false })
			.where(eq(users.id, account.userId));
		return account;
	}

	it('gives ten new recovery codes for the password, and the old ones stop working', async () => {
		const { userId, key, recoveryCodes: old } = await enrolledWithPassword();
		expect(await verifySecondFactor(userId, old[0], T)).toMatchObject({ ok: true });

		expect(await renewRecoveryCodes(userId, 'not my password', T)).toEqual({
			ok: false,
			reason: 'wrong-password'
		});
		const renewed = await renewRecoveryCodes(userId, PASSWORD, T);
		if (!renewed.ok) throw new Error(renewed.reason);
		expect(new Set(renewed.recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
		expect(renewed.recoveryCodes.filter((code) => old.includes(code))).toEqual([]);
		expect(await recoveryCodesLeft(userId)).toBe(RECOVERY_CODE_COUNT);

		expect(await verifySecondFactor(userId, old[1], T)).toEqual({
			ok: false,
			reason: 'wrong-code'
		});
		expect(await verifySecondFactor(userId, renewed.recoveryCodes[0], T)).toMatchObject({
			ok: true,
			usedRecoveryCode: true
		});
		// The app's key is untouched.
		expect((await verifySecondFactor(userId, codeAt(key, seconds(60)), seconds(60))).ok).toBe(true);
	});

	it('turns it off for the password: the key and the codes are gone, and it can be set up again', async () => {
		const { userId, key, recoveryCodes: codes } = await enrolledWithPassword();
		expect(await turnOffTwoFactor(userId, 'not my password', T)).toEqual({
			ok: false,
			reason: 'wrong-password'
		});
		expect(await twoFactorEnabled(userId)).toBe(true);

		expect(await turnOffTwoFactor(userId, PASSWORD, T)).toEqual({ ok: true });
		expect(await twoFactorEnabled(userId)).toBe(false);
		expect(await recoveryCodesLeft(userId)).toBe(0);
		expect((await verifySecondFactor(userId, codes[0], seconds(60))).ok).toBe(false);
		expect((await verifySecondFactor(userId, codeAt(key, seconds(60)), seconds(60))).ok).toBe(
			false
		);
		expect(await turnOffTwoFactor(userId, PASSWORD, T)).toEqual({ ok: false, reason: 'not-on' });
		expect(await renewRecoveryCodes(userId, PASSWORD, T)).toEqual({
			ok: false,
			reason: 'not-on'
		});
		// A fresh key, not the old one.
		const again = await startEnrolment(userId, T);
		expect(again?.secret).toBeTruthy();
		expect(decodeBase32IgnorePadding(again!.secret)).not.toEqual(key);
	});

	it('never turns it off for an admin, even with the right password', async () => {
		const { userId } = await enrolledWithPassword({ admin: true });
		expect(await turnOffTwoFactor(userId, PASSWORD, T)).toEqual({
			ok: false,
			reason: 'admin-must-keep'
		});
		expect(await twoFactorEnabled(userId)).toBe(true);
		// Admins may still renew their codes.
		expect((await renewRecoveryCodes(userId, PASSWORD, T)).ok).toBe(true);
	});

	it('throttles wrong passwords like a login, per account', async () => {
		const { userId } = await enrolledWithPassword();
		for (let i = 0; i < 4; i++) {
			expect(await turnOffTwoFactor(userId, 'guess', T)).toMatchObject({
				reason: 'wrong-password'
			});
		}
		expect(await renewRecoveryCodes(userId, 'guess', T)).toMatchObject({ reason: 'throttled' });
		// Locked: even the right password waits.
		expect(await turnOffTwoFactor(userId, PASSWORD, seconds(5))).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect(await twoFactorEnabled(userId)).toBe(true);
		expect(await turnOffTwoFactor(userId, PASSWORD, seconds(3600))).toEqual({ ok: true });
	});

	it('lets someone with two-factor on use the page even when they are no longer an educator', async () => {
		const learner = await insertUser('Learner');
		expect(await mayUseTwoFactor({ id: learner, isAdmin: false, twoFactor: false })).toBe(false);
		expect(await mayUseTwoFactor({ id: learner, isAdmin: false, twoFactor: true })).toBe(true);
		expect(await mayUseTwoFactor({ id: learner, isAdmin: true })).toBe(true);
	});
});
