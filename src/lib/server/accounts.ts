/**
 * Accounts: registration, login with throttling, profile and password changes.
 * Emails are unique case-insensitively through `users.email_normalized`.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, writeTransaction } from '$lib/server/db';
import { users, type User } from '$lib/server/db/schema';
import {
	PASSWORD_MAX_LENGTH,
	checkNewPassword,
	hashPassword,
	verifyAgainstDummy,
	verifyPassword,
	type PasswordProblem
} from '$lib/server/passwords';
import { invalidateOtherSessions } from '$lib/server/sessions';
import {
	clearFailures,
	recordFailure,
	secondsUntilAllowed,
	throttleKey
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
	| { ok: true; user: AccountUser }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an email and password. A wrong email and a wrong password give the same answer in the
 * same time, so the form reveals nothing about who has an account.
 */
export async function logIn(
	emailInput: string,
	password: string,
	clientAddress: string,
	now = new Date()
): Promise<LoginResult> {
	const keys = [throttleKey('email', normalizeEmail(emailInput)), throttleKey('ip', clientAddress)];
	const wait = await secondsUntilAllowed(keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };

	const [user] = await getDb()
		.select()
		.from(users)
		.where(eq(users.emailNormalized, normalizeEmail(emailInput)));
	const valid = user
		? await verifyPassword(user.passwordHash, password)
		: await verifyAgainstDummy(password);
	if (!user || !valid) {
		const locked = await recordFailure(keys, now);
		if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };
		return { ok: false, reason: 'invalid' };
	}
	await clearFailures([keys[0]]);
	return {
		ok: true,
		user: { id: user.id, name: user.name, email: user.email, locale: user.locale }
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

/**
 * Whether `password` is the account's current password: the check before anything that a stolen
 * session alone must not do (changing the password, deleting the account).
 */
export async function verifyAccountPassword(userId: string, password: string): Promise<boolean> {
	const [user] = await getDb()
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, userId));
	if (!user) return false;
	return verifyPassword(user.passwordHash, password);
}

export type PasswordChangeResult = { ok: true } | { ok: false; reason: 'wrong-current-password' };

/** Changes the password and ends every other session of the user. */
export async function changePassword(
	userId: string,
	currentSessionId: string,
	input: z.output<typeof passwordChangeForm>,
	now = new Date()
): Promise<PasswordChangeResult> {
	if (!(await verifyAccountPassword(userId, input.currentPassword))) {
		return { ok: false, reason: 'wrong-current-password' };
	}
	const passwordHash = await hashPassword(input.newPassword);
	await writeTransaction((tx) =>
		tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId))
	);
	await invalidateOtherSessions(userId, currentSessionId);
	return { ok: true };
}
