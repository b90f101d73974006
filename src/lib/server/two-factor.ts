/**
 * TOTP two-factor sign-in (RFC 6238: 6 digits, 30-second steps, SHA-1, as every authenticator app
 * expects) for educators and admins, with ten one-time recovery codes.
 *
 * Enrolment: `startEnrolment` makes a key and shows it as a QR code (and as text, for people who
 * cannot scan); `confirmEnrolment` turns it on once the person types a code from their app, and
 * hands out the recovery codes, which are shown once and stored only as SHA-256 hashes (they are
 * random, so a fast hash is enough).
 *
 * Sign-in: after the password, `verifySecondFactor` takes a current code or a recovery code. A
 * code is accepted once (the step is recorded), one step either side of now is allowed for clock
 * drift, and wrong codes are throttled per account like passwords.
 *
 * Later: `renewRecoveryCodes` replaces the recovery codes with ten new ones, and
 * `turnOffTwoFactor` removes the key and the codes, except for admins, who must keep it. Both ask
 * for the password again, throttled like a login, so a session left open cannot do either.
 */
import { generateHOTP } from '@oslojs/otp';
import { createTOTPKeyURI } from '@oslojs/otp';
import { sha256 } from '@oslojs/crypto/sha2';
import {
	decodeBase64,
	encodeBase32UpperCaseNoPadding,
	encodeBase64,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { and, eq, isNull } from 'drizzle-orm';
import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { renderSVG } from 'uqr';
import { serverSecret } from '$lib/server/secrets';
import { hostCookie, type CookieEvent } from '$lib/server/sessions';
import { checkCurrentPassword } from '$lib/server/accounts';
import { PASSWORD_MAX_LENGTH } from '$lib/server/passwords';
import { getDb, writeTransaction, type Transaction } from '$lib/server/db';
import { memberships, recoveryCodes, twoFactorCredentials, users } from '$lib/server/db/schema';
import {
	clearFailures,
	recordFailure,
	secondsUntilAllowed,
	throttleKey
} from '$lib/server/throttle';

/** The password asked again before turning two-factor sign-in off or renewing the codes. */
export const passwordAgainForm = z.object({
	password: z
		.string()
		.min(1, { error: () => m.error_password_required() })
		.max(PASSWORD_MAX_LENGTH * 4, { error: () => m.error_current_password_wrong() })
});

export const codeForm = z.object({
	code: z
		.string()
		.trim()
		.min(1, { error: () => m.error_two_factor_code_required() })
		.max(64, { error: () => m.error_two_factor_code_wrong() })
});

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const KEY_BYTES = 20;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Spire';

function stepAt(now: Date) {
	return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

/** The code an authenticator shows at `now` (tests and the enrolment check use it). */
export function codeAt(secret: Uint8Array, now: Date): string {
	return generateHOTP(secret, BigInt(stepAt(now)), DIGITS);
}

/** The step of `code` within one step of now and after `lastUsedStep`, or null. */
function matchingStep(secret: Uint8Array, code: string, now: Date, lastUsedStep: number | null) {
	const current = stepAt(now);
	for (const step of [current, current - 1, current + 1]) {
		if (lastUsedStep !== null && step <= lastUsedStep) continue;
		if (generateHOTP(secret, BigInt(step), DIGITS) === code) return step;
	}
	return null;
}

/** Digits only: people type codes with spaces, as apps show them ("123 456"). */
function normaliseCode(code: string) {
	return code.replace(/[\s-]/g, '').toLowerCase();
}

function hashRecoveryCode(code: string) {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseCode(code))));
}

/** 10 random characters of base32 (50 bits), shown as two groups of five. */
function newRecoveryCode() {
	const bytes = new Uint8Array(8);
	crypto.getRandomValues(bytes);
	const text = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10);
	return `${text.slice(0, 5)}-${text.slice(5)}`;
}

export type Enrolment = {
	/** The key in base32, for typing into an app by hand. */
	secret: string;
	/** The otpauth:// address the QR code holds. */
	uri: string;
	/** The QR code as an SVG document, made on the server. */
	qrSvg: string;
};

export async function twoFactorEnabled(userId: string): Promise<boolean> {
	const [row] = await getDb()
		.select({ confirmedAt: twoFactorCredentials.confirmedAt })
		.from(twoFactorCredentials)
		.where(eq(twoFactorCredentials.userId, userId));
	return Boolean(row?.confirmedAt);
}

function describe(secret: Uint8Array, accountName: string): Enrolment {
	const uri = createTOTPKeyURI(ISSUER, accountName, secret, PERIOD_SECONDS, DIGITS);
	return {
		secret: encodeBase32UpperCaseNoPadding(secret),
		uri,
		qrSvg: renderSVG(uri, { border: 2 })
	};
}

/**
 * The key being set up for the person, made now if there is none; null when two-factor sign-in
 * is already on.
 */
export async function startEnrolment(userId: string, now = new Date()): Promise<Enrolment | null> {
	const [user] = await getDb()
		.select({ email: users.email })
		.from(users)
		.where(eq(users.id, userId));
	if (!user) return null;
	const fresh = new Uint8Array(KEY_BYTES);
	crypto.getRandomValues(fresh);
	const secret = await writeTransaction(async (tx) => {
		const [existing] = await tx
			.select()
			.from(twoFactorCredentials)
			.where(eq(twoFactorCredentials.userId, userId));
		if (existing?.confirmedAt) return null;
		if (existing) return decodeBase64(existing.secret);
		await tx
			.insert(twoFactorCredentials)
			.values({ userId, secret: encodeBase64(fresh), createdAt: now });
		return fresh;
	});
	return secret ? describe(secret, user.email) : null;
}

/** Ten new recovery codes for the person, in place of any they had; returns them in clear. */
async function replaceRecoveryCodes(tx: Transaction, userId: string): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
	await tx
		.insert(recoveryCodes)
		.values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c), usedAt: null })));
	return codes;
}

export type ConfirmResult =
	{ ok: true; recoveryCodes: string[] } | { ok: false; reason: 'wrong-code' | 'not-started' };

/** Turns two-factor sign-in on when `code` is right for the key being set up. */
export async function confirmEnrolment(
	userId: string,
	code: string,
	now = new Date()
): Promise<ConfirmResult> {
	return writeTransaction(async (tx) => {
		const [pending] = await tx
			.select()
			.from(twoFactorCredentials)
			.where(
				and(eq(twoFactorCredentials.userId, userId), isNull(twoFactorCredentials.confirmedAt))
			);
		if (!pending) return { ok: false, reason: 'not-started' };
		const step = matchingStep(decodeBase64(pending.secret), normaliseCode(code), now, null);
		if (step === null) return { ok: false, reason: 'wrong-code' };
		await tx
			.update(twoFactorCredentials)
			.set({ confirmedAt: now, lastUsedStep: step })
			.where(eq(twoFactorCredentials.userId, userId));
		return { ok: true, recoveryCodes: await replaceRecoveryCodes(tx, userId) };
	});
}

/** Why two-factor sign-in could not be turned off, or its recovery codes renewed. */
export type TwoFactorChangeRefusal =
	| { ok: false; reason: 'admin-must-keep' | 'not-on' | 'wrong-password' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Turns two-factor sign-in off after checking the password again: the key and every recovery
 * code are deleted, and the next sign-in asks for the password alone. Admins must keep it (the
 * admin pages require it), whoever asks.
 */
export async function turnOffTwoFactor(
	userId: string,
	password: string,
	now = new Date()
): Promise<{ ok: true } | TwoFactorChangeRefusal> {
	const [user] = await getDb()
		.select({ isAdmin: users.isAdmin })
		.from(users)
		.where(eq(users.id, userId));
	if (user?.isAdmin) return { ok: false, reason: 'admin-must-keep' };
	if (!(await twoFactorEnabled(userId))) return { ok: false, reason: 'not-on' };
	const check = await checkCurrentPassword(userId, password, now);
	if (!check.ok) return check;
	await writeTransaction(async (tx) => {
		await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
		await tx.delete(twoFactorCredentials).where(eq(twoFactorCredentials.userId, userId));
	});
	return { ok: true };
}

/**
 * Ten new recovery codes after checking the password again; the old ones, used or not, stop
 * working. The new codes are returned once, to be shown once; only their hashes are kept.
 */
export async function renewRecoveryCodes(
	userId: string,
	password: string,
	now = new Date()
): Promise<{ ok: true; recoveryCodes: string[] } | TwoFactorChangeRefusal> {
	if (!(await twoFactorEnabled(userId))) return { ok: false, reason: 'not-on' };
	const check = await checkCurrentPassword(userId, password, now);
	if (!check.ok) return check;
	const codes = await writeTransaction(async (tx) => {
		const [credential] = await tx
			.select({ confirmedAt: twoFactorCredentials.confirmedAt })
			.from(twoFactorCredentials)
			.where(eq(twoFactorCredentials.userId, userId));
		// Turned off in another tab between the check and now: no codes for a key that is gone.
		if (!credential?.confirmedAt) return null;
		return replaceRecoveryCodes(tx, userId);
	});
	return codes ? { ok: true, recoveryCodes: codes } : { ok: false, reason: 'not-on' };
}

export type SecondFactorResult =
	| { ok: true; usedRecoveryCode: boolean; recoveryCodesLeft: number }
	| { ok: false; reason: 'wrong-code' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Checks a code from the authenticator, or an unused recovery code, at sign-in. */
export async function verifySecondFactor(
	userId: string,
	input: string,
	now = new Date()
): Promise<SecondFactorResult> {
	const keys = [throttleKey('two-factor', userId)];
	const wait = await secondsUntilAllowed(keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
	const code = normaliseCode(input);
	const result = await writeTransaction(async (tx) => {
		const [credential] = await tx
			.select()
			.from(twoFactorCredentials)
			.where(eq(twoFactorCredentials.userId, userId));
		if (!credential?.confirmedAt) return null;
		if (/^\d{6}$/.test(code)) {
			const step = matchingStep(
				decodeBase64(credential.secret),
				code,
				now,
				credential.lastUsedStep
			);
			if (step === null) return null;
			await tx
				.update(twoFactorCredentials)
				.set({ lastUsedStep: step })
				.where(eq(twoFactorCredentials.userId, userId));
			return { usedRecoveryCode: false };
		}
		const used = await tx
			.update(recoveryCodes)
			.set({ usedAt: now })
			.where(
				and(
					eq(recoveryCodes.userId, userId),
					eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
					isNull(recoveryCodes.usedAt)
				)
			);
		return used.rowsAffected > 0 ? { usedRecoveryCode: true } : null;
	});
	if (!result) {
		const locked = await recordFailure(keys, now);
		if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };
		return { ok: false, reason: 'wrong-code' };
	}
	await clearFailures(keys);
	return { ok: true, ...result, recoveryCodesLeft: await recoveryCodesLeft(userId) };
}

export async function recoveryCodesLeft(userId: string): Promise<number> {
	const left = await getDb()
		.select({ codeHash: recoveryCodes.codeHash })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
	return left.length;
}

/**
 * Two-factor sign-in is for educators (of any organisation) and admins, and for anyone who has it
 * on: someone who is no longer an educator can still renew their codes or turn it off.
 */
export async function mayUseTwoFactor(user: {
	id: string;
	isAdmin: boolean;
	twoFactor?: boolean;
}): Promise<boolean> {
	if (user.isAdmin || user.twoFactor) return true;
	const [educator] = await getDb()
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'educator')))
		.limit(1);
	return Boolean(educator);
}

/** How long someone has between a right password and the code. */
const SECOND_STEP_MINUTES = 10;
const SECOND_STEP_COOKIE = 'spire_second_step';
const USER_ID = /^[0-9a-f-]{36}$/;

async function stepSignature(payload: string) {
	const key = await serverSecret('two-factor-step-key');
	return hmac(SHA256, key, new TextEncoder().encode(payload));
}

/**
 * After a right password: when the account has two-factor sign-in on, no session starts yet. The
 * browser gets a signed cookie saying whose password was right (for ten minutes), and is sent to
 * /login/two-factor for the code. Returns normally when the account needs no second step.
 */
export async function requireSecondStep(
	event: CookieEvent,
	userId: string,
	redirectTo: string | null,
	now = new Date()
) {
	if (!(await twoFactorEnabled(userId))) return;
	const expires = now.getTime() + SECOND_STEP_MINUTES * 60_000;
	const payload = `${userId}.${expires}`;
	const value = `${payload}.${encodeBase64urlNoPadding(await stepSignature(payload))}`;
	const { name, options } = hostCookie(event.url, SECOND_STEP_COOKIE);
	event.cookies.set(name, value, { ...options, expires: new Date(expires) });
	const back = redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : '';
	redirect(303, `/login/two-factor${back}`);
}

/** Whose password was right in this browser in the last ten minutes, if anyone's. */
export async function pendingSecondStep(event: CookieEvent, now = new Date()) {
	const value = event.cookies.get(hostCookie(event.url, SECOND_STEP_COOKIE).name);
	const [userId, expires, mac, ...rest] = (value ?? '').split('.');
	if (rest.length || !USER_ID.test(userId ?? '') || !/^\d{1,15}$/.test(expires ?? '') || !mac)
		return null;
	if (Number(expires) <= now.getTime()) return null;
	let given: Uint8Array;
	try {
		given = decodeBase64urlIgnorePadding(mac);
	} catch {
		return null;
	}
	const expected = await stepSignature(`${userId}.${expires}`);
	if (given.length !== expected.length || !constantTimeEqual(given, expected)) return null;
	return { userId };
}

export function endSecondStep(event: CookieEvent) {
	const { name, options } = hostCookie(event.url, SECOND_STEP_COOKIE);
	event.cookies.delete(name, options);
}
