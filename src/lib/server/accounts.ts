/**
 * Accounts: registration, login with throttling, profile and password changes.
 * Emails are unique case-insensitively through `users.email_normalized`.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, writeTransaction } from '$lib/server/db';
import { sessions, users, type User } from '$lib/server/db/schema';
import {
	PASSWORD_MAX_LENGTH,
	checkNewPassword,
	hashPassword,
	verifyAgainstDummy,
	verifyPassword,
	type PasswordProblem
} from '$lib/server/passwords';
import type { TrustedDevice } from '$lib/server/devices';
import {
	addressAccountKey,
	clearFailures,
	forgiveAddress,
	recordFailure,
	secondsUntilAllowed,
	throttleKey,
	type ThrottleKey
} from '$lib/server/throttle';
import { m } from '$lib/paraglide/messages';

export const LOCALES = ['en', 'nb', 'da'] as const;
export type Locale = (typeof LOCALES)[number];

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

const passwordMessages: Record<PasswordProblem, () => string> = {
	'too-short': m.error_password_too_short,
	'too-long': m.error_password_too_long,
	'too-common': m.error_password_too_common
};

const name = z
	.string()
	.trim()
	.min(1, { error: () => m.error_name_required() })
	.max(100, { error: () => m.error_name_too_long() });
const email = z
	.string()
	.trim()
	.min(1, { error: () => m.error_email_required() })
	.max(254, { error: () => m.error_email_invalid() })
	.pipe(z.email({ error: () => m.error_email_invalid() }));
const locale = z.enum(LOCALES, { error: () => m.error_locale_invalid() });
const newPassword = z.string().superRefine((value, ctx) => {
	const problem = checkNewPassword(value);
	if (problem) ctx.addIssue({ code: 'custom', message: passwordMessages[problem]() });
});

export const registrationForm = z.object({ name, email, password: newPassword, locale });
export const loginForm = z.object({
	email: z
		.string()
		.trim()
		.min(1, { error: () => m.error_email_required() }),
	password: z
		.string()
		.min(1, { error: () => m.error_password_required() })
		.max(PASSWORD_MAX_LENGTH * 4, { error: () => m.error_login_invalid() })
});
export const profileForm = z.object({ name, locale });
export const passwordChangeForm = z.object({
	currentPassword: z.string().min(1, { error: () => m.error_password_required() }),
	newPassword
});

export type AccountUser = Pick<User, 'id' | 'name' | 'email' | 'locale'>;

export type RegistrationResult = { ok: true; user: AccountUser } | { ok: false; emailTaken: true };

export async function registerAccount(
	input: z.output<typeof registrationForm>,
	now = new Date()
): Promise<RegistrationResult> {
	const user = {
		id: crypto.randomUUID(),
		name: input.name,
		email: input.email,
		emailNormalized: normalizeEmail(input.email),
		locale: input.locale,
		passwordHash: await hashPassword(input.password),
		createdAt: now,
		updatedAt: now
	};
	// The unique index decides, so two simultaneous registrations cannot both win.
	const inserted = await writeTransaction((tx) =>
		tx
			.insert(users)
			.values(user)
			.onConflictDoNothing({ target: users.emailNormalized })
			.returning({ id: users.id })
	);
	if (inserted.length === 0) return { ok: false, emailTaken: true };
	return {
		ok: true,
		user: { id: user.id, name: user.name, email: user.email, locale: user.locale }
	};
}

export type LoginResult =
	| { ok: true; user: AccountUser; trustedDevice: boolean }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Who is trying: the client address and the devices its device cookie vouches for. */
export type LoginClient = { address: string; trustedDevices: TrustedDevice[] };

/**
 * Checks an email and password. A wrong email and a wrong password give the same answer in the
 * same time, so the form reveals nothing about who has an account.
 *
 * Throttling follows OWASP's device-cookie design. From a device the owner has logged in from
 * before, only that device's own failures count, so others' guessing never locks the owner out.
 * Any other client counts against the account (for all untrusted clients together) and against
 * its address, which allows far more failures because a kindergarten shares one address.
 */
export async function logIn(
	emailInput: string,
	password: string,
	client: LoginClient,
	now = new Date()
): Promise<LoginResult> {
	const email = normalizeEmail(emailInput);
	const [user] = await getDb().select().from(users).where(eq(users.emailNormalized, email));
	const device = user && client.trustedDevices.find((d) => d.userId === user.id);
	const keys: ThrottleKey[] = device
		? [throttleKey('device', device.deviceId)]
		: [
				throttleKey('account', email),
				throttleKey('ip', client.address),
				addressAccountKey(client.address, email)
			];
	const wait = await secondsUntilAllowed(keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };

	const valid = user
		? await verifyPassword(user.passwordHash, password)
		: await verifyAgainstDummy(password);
	if (!user || !valid) {
		const locked = await recordFailure(keys, now);
		if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };
		return { ok: false, reason: 'invalid' };
	}
	if (device) {
		await clearFailures(keys);
	} else {
		await clearFailures([throttleKey('account', email)]);
		await forgiveAddress(client.address, email);
	}
	return {
		ok: true,
		user: { id: user.id, name: user.name, email: user.email, locale: user.locale },
		trustedDevice: Boolean(device)
	};
}

export async function updateProfile(
	userId: string,
	input: z.output<typeof profileForm>,
	now = new Date()
) {
	await writeTransaction((tx) =>
		tx
			.update(users)
			.set({ name: input.name, locale: input.locale, updatedAt: now })
			.where(eq(users.id, userId))
	);
}

export type PasswordCheckResult =
	| { ok: true }
	| { ok: false; reason: 'wrong-password' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Asks a signed-in user for their password again (password change, account deletion). Wrong
 * answers count like failed logins, per user, so a borrowed session cannot guess the password.
 */
export async function checkCurrentPassword(
	userId: string,
	password: string,
	now = new Date()
): Promise<PasswordCheckResult> {
	const keys = [throttleKey('reauth', userId)];
	const wait = await secondsUntilAllowed(keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
	const [user] = await getDb()
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, userId));
	if (user && (await verifyPassword(user.passwordHash, password))) {
		await clearFailures(keys);
		return { ok: true };
	}
	const locked = await recordFailure(keys, now);
	if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };
	return { ok: false, reason: 'wrong-password' };
}

/**
 * Changes the password after checking the current one, and ends every session of the user,
 * this one included: the caller starts a fresh session, so the token rotates too.
 */
export async function changePassword(
	userId: string,
	input: z.output<typeof passwordChangeForm>,
	now = new Date()
): Promise<PasswordCheckResult> {
	const check = await checkCurrentPassword(userId, input.currentPassword, now);
	if (!check.ok) return check;
	const passwordHash = await hashPassword(input.newPassword);
	await writeTransaction(async (tx) => {
		await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
		await tx.delete(sessions).where(eq(sessions.userId, userId));
	});
	return { ok: true };
}
