/**
 * Accounts: registration with an address check, login with throttling, profile and password
 * changes, password reset. Emails are unique case-insensitively through `users.email_normalized`.
 * Registration and password reset answer the same whether or not an address has an account;
 * what differs is only the mail its owner receives.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, writeTransaction, type Transaction } from '$lib/server/db';
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
import { consumeAccountLink, createAccountLink } from '$lib/server/account-links';
import { issueOnConfirmedAddress, type CertificateCourse } from '$lib/server/certificates';
import type { Logger } from '$lib/server/log';
import {
	passwordResetMail,
	registrationAttemptMail,
	sendMailLater,
	verificationMail
} from '$lib/server/mail';
import { safeRedirectTarget } from '$lib/server/redirects';
import { countryField, type ProfileCountry } from '$lib/server/countries';
import { countMail, countResetRequest, type RateResult } from '$lib/server/throttle';

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

export const registrationForm = z.object({
	name,
	email,
	password: newPassword,
	locale,
	country: countryField
});
/** What an account is made from; accounts not made through the form may leave the country out. */
export type AccountInput = Omit<z.output<typeof registrationForm>, 'country'> & {
	country?: ProfileCountry;
};
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
export const profileForm = z.object({ name, locale, country: countryField });
export const passwordResetRequestForm = z.object({ email });
export const passwordResetForm = z.object({
	token: z
		.string({ error: () => m.reset_link_invalid() })
		.max(100, { error: () => m.reset_link_invalid() }),
	password: newPassword
});
export const passwordChangeForm = z.object({
	currentPassword: z.string().min(1, { error: () => m.error_password_required() }),
	newPassword
});

export type AccountUser = Pick<User, 'id' | 'name' | 'email' | 'locale'>;

export type RegistrationResult = { ok: true; user: AccountUser } | { ok: false; emailTaken: true };

export type NewAccount = typeof users.$inferInsert &
	Pick<User, 'id' | 'name' | 'email' | 'emailNormalized' | 'locale'>;

/** The row of a new account, its password hashed (slow: do it before taking the write lock). */
export async function newAccount(
	input: AccountInput,
	now: Date,
	verified: boolean
): Promise<NewAccount> {
	return {
		id: crypto.randomUUID(),
		name: input.name,
		email: input.email,
		emailNormalized: normalizeEmail(input.email),
		locale: input.locale,
		country: input.country ?? null,
		passwordHash: await hashPassword(input.password),
		createdAt: now,
		updatedAt: now,
		emailVerifiedAt: verified ? now : null
	};
}

/**
 * Stores the account inside the caller's transaction; false when the address is taken. The
 * unique index decides, so two simultaneous registrations cannot both win.
 */
export async function insertAccount(
	tx: Transaction,
	account: typeof users.$inferInsert
): Promise<boolean> {
	const inserted = await tx
		.insert(users)
		.values(account)
		.onConflictDoNothing({ target: users.emailNormalized })
		.returning({ id: users.id });
	return inserted.length > 0;
}

/**
 * Creates the account. It cannot sign in until its address is checked (`verifyEmail`), unless
 * `verified` says the address is known to be the person's (demo accounts).
 */
export async function registerAccount(
	input: AccountInput,
	now = new Date(),
	{ verified = false }: { verified?: boolean } = {}
): Promise<RegistrationResult> {
	const user = await newAccount(input, now, verified);
	if (!(await writeTransaction((tx) => insertAccount(tx, user)))) {
		return { ok: false, emailTaken: true };
	}
	return {
		ok: true,
		user: { id: user.id, name: user.name, email: user.email, locale: user.locale }
	};
}

/** Where links in mails point to, and which log a mail that is not sent goes to. */
export type MailContext = { origin: string; log: Logger };

/**
 * The link in a mail. `returnTo`, a path on this site, is where the person goes once the link has
 * done its work (the invite they were registering from, say); anything else is left out.
 */
function accountLinkUrl(
	origin: string,
	path: '/reset-password' | '/verify-email',
	token: string,
	returnTo: string | null = null
) {
	const target = safeRedirectTarget(returnTo, '');
	return `${origin}${path}?token=${token}${target ? `&redirectTo=${encodeURIComponent(target)}` : ''}`;
}

/**
 * Mails a fresh address-check link, unless the account has had too many mails this hour. The
 * link brings the person back to `returnTo` once confirmed.
 */
export function sendVerificationLink(
	user: AccountUser,
	{ origin, log }: MailContext,
	now = new Date(),
	returnTo: string | null = null
) {
	sendMailLater(async () => {
		if (!(await countMail(user.id, now)).allowed) return null;
		const token = await createAccountLink(user.id, 'email-verification', now);
		return verificationMail(user, accountLinkUrl(origin, '/verify-email', token, returnTo));
	}, log);
}

export type RegistrationOutcome = { created: boolean; userId: string };

/**
 * Registration as the visitor sees it: the same answer, in about the same time, for a new
 * address and one that has an account. A new account gets a link that checks its address; the
 * owner of an existing one gets a mail saying someone tried, with a password-reset link. The
 * outcome is for the server's log only, never for the page.
 */
export async function register(
	input: AccountInput,
	mail: MailContext,
	now = new Date(),
	{ returnTo = null }: { returnTo?: string | null } = {}
): Promise<RegistrationOutcome> {
	const result = await registerAccount(input, now);
	if (result.ok) {
		sendVerificationLink(result.user, mail, now, returnTo);
		return { created: true, userId: result.user.id };
	}
	return tellOwnerOfTakenAddress(input.email, mail, now);
}

/**
 * Someone registered with an address that has an account: its owner gets a mail saying so, with
 * a password-reset link, and the visitor the same page as for a new address.
 */
export async function tellOwnerOfTakenAddress(
	emailInput: string,
	mail: MailContext,
	now = new Date()
): Promise<RegistrationOutcome> {
	const [owner] = await getDb()
		.select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
		.from(users)
		.where(eq(users.emailNormalized, normalizeEmail(emailInput)));
	// Deleted between the two statements: nobody left to tell.
	if (!owner) return { created: false, userId: '' };
	sendMailLater(async () => {
		if (!(await countMail(owner.id, now)).allowed) return null;
		const token = await createAccountLink(owner.id, 'password-reset', now);
		return registrationAttemptMail(owner, accountLinkUrl(mail.origin, '/reset-password', token));
	}, mail.log);
	return { created: false, userId: owner.id };
}

/**
 * Marks the account's address as confirmed, if it was not yet, and issues the certificates its
 * earlier completions of `courses` were waiting for (certificates go only to confirmed
 * addresses). The caller passes the catalog, so command-line tools can load this module without
 * Vite's course loader.
 */
async function confirmAddress(
	tx: Transaction,
	userId: string,
	courses: CertificateCourse[],
	now: Date
) {
	const confirmed = await tx
		.update(users)
		.set({ emailVerifiedAt: now })
		.where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
		.returning({ id: users.id });
	if (confirmed.length > 0) await issueOnConfirmedAddress(tx, userId, courses, now);
}

/**
 * Checks the address of the account the link was mailed to, and returns that account to sign
 * in, or null when the link is unknown, used or expired.
 */
export async function verifyEmail(
	token: string,
	courses: CertificateCourse[],
	now = new Date()
): Promise<AccountUser | null> {
	return writeTransaction(async (tx) => {
		const userId = await consumeAccountLink(tx, token, 'email-verification', now);
		if (!userId) return null;
		await confirmAddress(tx, userId, courses, now);
		const [user] = await tx
			.select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
			.from(users)
			.where(eq(users.id, userId));
		return user ?? null;
	});
}

/**
 * A "Forgot password?" request. Counted per client address (the visitor learns when that runs
 * out) and per account (silently: a mail fewer). The account is looked up after the answer, with
 * the mail, so the answer and its timing are the same for any address.
 */
export async function requestPasswordReset(
	emailInput: string,
	client: { address: string } & MailContext,
	now = new Date()
): Promise<RateResult> {
	const limit = await countResetRequest(client.address, now);
	if (!limit.allowed) return limit;
	sendMailLater(async () => {
		const [user] = await getDb()
			.select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
			.from(users)
			.where(eq(users.emailNormalized, normalizeEmail(emailInput)));
		if (!user || !(await countMail(user.id, now)).allowed) return null;
		const token = await createAccountLink(user.id, 'password-reset', now);
		return passwordResetMail(user, accountLinkUrl(client.origin, '/reset-password', token));
	}, client.log);
	return { allowed: true };
}

/**
 * Sets a new password through a reset link and ends every session of the account; the caller
 * signs the person in afresh. The link also proves the address is theirs, so an account whose
 * address was not checked yet counts as checked. Null when the link does not work.
 */
export async function resetPassword(
	input: z.output<typeof passwordResetForm>,
	courses: CertificateCourse[],
	now = new Date()
): Promise<AccountUser | null> {
	const passwordHash = await hashPassword(input.password);
	const user = await writeTransaction(async (tx) => {
		const userId = await consumeAccountLink(tx, input.token, 'password-reset', now);
		if (!userId) return null;
		const [updated] = await tx
			.update(users)
			.set({ passwordHash, updatedAt: now })
			.where(eq(users.id, userId))
			.returning({ id: users.id, name: users.name, email: users.email, locale: users.locale });
		await confirmAddress(tx, userId, courses, now);
		await tx.delete(sessions).where(eq(sessions.userId, userId));
		return updated ?? null;
	});
	// Whoever was locked out by guessing is not the owner, who has just proved it by mail.
	if (user) await clearFailures([throttleKey('account', normalizeEmail(user.email))]);
	return user;
}

export type LoginResult =
	| { ok: true; user: AccountUser; trustedDevice: boolean }
	| { ok: false; reason: 'invalid' }
	/** The right password, for an account whose address is not checked yet. */
	| { ok: false; reason: 'unverified'; user: AccountUser }
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
	const account = { id: user.id, name: user.name, email: user.email, locale: user.locale };
	// Said only after the right password, so it tells nothing to someone guessing addresses.
	if (!user.emailVerifiedAt) return { ok: false, reason: 'unverified', user: account };
	return { ok: true, user: account, trustedDevice: Boolean(device) };
}

export async function updateProfile(
	userId: string,
	input: z.output<typeof profileForm>,
	now = new Date()
) {
	await writeTransaction((tx) =>
		tx
			.update(users)
			.set({ name: input.name, locale: input.locale, country: input.country, updatedAt: now })
			.where(eq(users.id, userId))
	);
}

/** The language of the interface, e-mails and certificates, chosen in the header's switcher. */
export async function setLanguage(userId: string, locale: Locale, now = new Date()) {
	await writeTransaction((tx) =>
		tx.update(users).set({ locale, updatedAt: now }).where(eq(users.id, userId))
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
