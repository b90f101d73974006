import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { loginThrottles, sessions, users } from '$lib/server/db/schema';
import { newDeviceId, type TrustedDevice } from '$lib/server/devices';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	changePassword,
	checkCurrentPassword,
	logIn,
	loginForm,
	normalizeEmail,
	passwordChangeForm,
	passwordResetForm,
	profileForm,
	register as registerWithMail,
	registerAccount,
	registrationForm,
	requestPasswordReset,
	resetPassword,
	verifyEmail,
	updateProfile
} from '$lib/server/accounts';
import { createLogger } from '$lib/server/log';
import { configureMail, mailSettled } from '$lib/server/mail';
import { verifyPassword } from '$lib/server/passwords';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/sessions';
import {
	MAILS_PER_ACCOUNT_PER_HOUR,
	RESET_REQUESTS_PER_ADDRESS_PER_HOUR,
	recordFailure,
	throttleKey
} from '$lib/server/throttle';
import { MINUTE, SECOND, T0, later } from '$lib/server/__fixtures__/learning';

const PASSWORD = 'violet kettle drums';
const IP = '192.0.2.10';
/** An untrusted browser in a kindergarten whose staff share one address. */
const FROM_OFFICE = { address: IP, trustedDevices: [] };

/** A device cookie entry for the account, as `readTrustedDevices` returns it once verified. */
function deviceOf(userId: string): TrustedDevice {
	return { userId, deviceId: newDeviceId() };
}

type Registration = z.output<typeof registrationForm>;

function registration(overrides: Partial<Registration> = {}): Registration {
	return {
		name: 'Ada Lovelace',
		email: 'Ada@Example.org',
		password: PASSWORD,
		locale: 'nb',
		country: 'NO',
		...overrides
	};
}

/** A registered account whose address is already checked, so it can log in. */
async function register(overrides: Partial<Registration> = {}) {
	const result = await registerAccount(registration(overrides), T0, { verified: true });
	if (!result.ok) throw new Error('registration failed');
	return result.user;
}

async function userRows() {
	return getDb().select().from(users);
}

/** Fails to log in `count` times, one second apart from `start`, and returns the answers. */
async function failLogins(email: string, count: number, start = T0, ip = IP) {
	const results = [];
	for (let i = 0; i < count; i++) {
		results.push(
			await logIn(
				email,
				'wrong password',
				{ address: ip, trustedDevices: [] },
				later(i * SECOND, start)
			)
		);
	}
	return results;
}

describe('normalizeEmail', () => {
	it('trims and lowercases', () => {
		expect(normalizeEmail('  Ada@Example.ORG ')).toBe('ada@example.org');
	});
});

describe('accounts', () => {
	useTestDatabase();

	describe('registerAccount', () => {
		it('stores the email as typed, its normalized form and an argon2id hash, never the password', async () => {
			const result = await registerAccount(registration(), T0);
			expect(result).toEqual({
				ok: true,
				user: {
					id: expect.any(String),
					name: 'Ada Lovelace',
					email: 'Ada@Example.org',
					locale: 'nb'
				}
			});
			const [row] = await userRows();
			expect(row).toMatchObject({
				email: 'Ada@Example.org',
				emailNormalized: 'ada@example.org',
				createdAt: T0,
				updatedAt: T0
			});
			expect(row.passwordHash).toMatch(/^\$argon2id\$/);
			expect(JSON.stringify(row)).not.toContain(PASSWORD);
			expect(result.ok && 'passwordHash' in result.user).toBe(false);
		});

		it('refuses an email that differs from an existing one only in case', async () => {
			await register();
			expect(await registerAccount(registration({ email: 'ADA@example.ORG' }), T0)).toEqual({
				ok: false,
				emailTaken: true
			});
			expect(await userRows()).toHaveLength(1);
		});

		it('stores one account when the same email registers twice at the same moment', async () => {
			const results = await Promise.all([
				registerAccount(registration({ name: 'First' }), T0),
				registerAccount(registration({ name: 'Second', email: 'ada@example.org' }), T0)
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, emailTaken: true }]);
			expect(await userRows()).toHaveLength(1);
		});
	});

	describe('logIn', () => {
		it('accepts the right password whatever the case and spacing of the email', async () => {
			const user = await register();
			expect(await logIn('  ada@EXAMPLE.org ', PASSWORD, FROM_OFFICE, T0)).toEqual({
				ok: true,
				user,
				trustedDevice: false
			});
		});

		it('gives the same answer for an unknown email as for a wrong password', async () => {
			await register();
			const unknown = await logIn('nobody@example.org', PASSWORD, FROM_OFFICE, T0);
			const wrong = await logIn('ada@example.org', 'not the password', FROM_OFFICE, T0);
			expect(unknown).toEqual({ ok: false, reason: 'invalid' });
			expect(wrong).toEqual(unknown);
		});

		it('locks an account for untrusted clients for 30 s on the fifth failure, even against the right password', async () => {
			await register();
			const results = await failLogins('ada@example.org', 5);
			expect(results.slice(0, 4)).toEqual(Array(4).fill({ ok: false, reason: 'invalid' }));
			expect(results[4]).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
			const lockedAt = later(4 * SECOND);
			const elsewhere = { address: '198.51.100.1', trustedDevices: [] };
			expect(
				await logIn('ada@example.org', PASSWORD, elsewhere, later(10 * SECOND, lockedAt))
			).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 20 });
			expect(
				(await logIn('ada@example.org', PASSWORD, elsewhere, later(30 * SECOND, lockedAt))).ok
			).toBe(true);
		});

		it("never locks the owner's trusted device out, whatever others try", async () => {
			const user = await register();
			const ownDevice = { address: '203.0.113.9', trustedDevices: [deviceOf(user.id)] };
			await failLogins('ada@example.org', 12);
			const attacker = { address: '198.51.100.66', trustedDevices: [] };
			expect((await logIn('ada@example.org', PASSWORD, attacker, later(20 * SECOND))).ok).toBe(
				false
			);
			expect(await logIn('ada@example.org', PASSWORD, ownDevice, later(20 * SECOND))).toEqual({
				ok: true,
				user,
				trustedDevice: true
			});
			// The same address as the attacker changes nothing: the device decides.
			const sameAddress = { ...FROM_OFFICE, trustedDevices: [deviceOf(user.id)] };
			expect((await logIn('ada@example.org', PASSWORD, sameAddress, later(21 * SECOND))).ok).toBe(
				true
			);
		});

		it("counts a trusted device's own failures against that device only", async () => {
			const user = await register();
			const device = deviceOf(user.id);
			const ownDevice = { address: IP, trustedDevices: [device] };
			const answers = [];
			for (let i = 0; i < 5; i++)
				answers.push(await logIn('ada@example.org', 'typo', ownDevice, later(i * SECOND)));
			expect(answers.at(-1)).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
			// Another device of the owner, and untrusted clients, are not locked by it.
			const otherDevice = { address: IP, trustedDevices: [deviceOf(user.id)] };
			expect((await logIn('ada@example.org', PASSWORD, otherDevice, later(5 * SECOND))).ok).toBe(
				true
			);
			expect((await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(6 * SECOND))).ok).toBe(
				true
			);
		});

		it("does not trust a device cookie made for someone else's account", async () => {
			const ada = await register();
			await register({ name: 'Bo', email: 'bo@example.org' });
			await failLogins('bo@example.org', 5);
			const adasDevice = { address: IP, trustedDevices: [deviceOf(ada.id)] };
			expect((await logIn('bo@example.org', PASSWORD, adasDevice, later(10 * SECOND))).ok).toBe(
				false
			);
		});

		it('locks an unknown email the same way, so the lock reveals no account', async () => {
			const results = await failLogins('nobody@example.org', 5);
			expect(results.at(-1)).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
		});

		it('starts the count again after a successful login', async () => {
			await register();
			await failLogins('ada@example.org', 4);
			expect((await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(MINUTE))).ok).toBe(true);
			const after = await failLogins('ada@example.org', 4, later(2 * MINUTE));
			expect(after.every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
		});

		it('does not lock other accounts or addresses when one account is locked', async () => {
			await register();
			const bo = await register({ name: 'Bo', email: 'bo@example.org' });
			await failLogins('ada@example.org', 5);
			expect(await logIn('bo@example.org', PASSWORD, FROM_OFFICE, later(10 * SECOND))).toEqual({
				ok: true,
				user: bo,
				trustedDevice: false
			});
		});

		it('lets a shared address fail far more than one account before locking it', async () => {
			const user = await register();
			for (let i = 0; i < 19; i++)
				await failLogins(`colleague${i}@example.org`, 4, later(i * 5 * SECOND));
			expect((await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(2 * MINUTE))).ok).toBe(
				true
			);
			// 76 failures so far; 24 more reach the address's allowance of 100.
			for (let i = 0; i < 24; i++) await recordFailure([throttleKey('ip', IP)], later(3 * MINUTE));
			expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(3 * MINUTE))).toEqual({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: expect.any(Number)
			});
			const ownDevice = { address: IP, trustedDevices: [deviceOf(user.id)] };
			expect((await logIn('ada@example.org', PASSWORD, ownDevice, later(3 * MINUTE))).ok).toBe(
				true
			);
			// 76 failed logins each verify an argon2 hash on purpose: seconds on a busy machine.
		}, 30_000);

		it("forgets an address's failures against an account once its owner logs in from there", async () => {
			await register();
			await failLogins('ada@example.org', 4);
			await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(MINUTE));
			const rows = await getDb().select().from(loginThrottles);
			expect(rows.map((row) => [row.key, row.failures])).toEqual([[throttleKey('ip', IP), 0]]);
		});
	});

	describe('updateProfile', () => {
		it('changes the name, language and country', async () => {
			const user = await register();
			expect((await userRows())[0].country).toBe('NO');
			await updateProfile(
				user.id,
				{ name: 'Ada King', locale: 'da', country: 'DK' },
				later(MINUTE)
			);
			expect((await userRows())[0]).toMatchObject({
				name: 'Ada King',
				locale: 'da',
				country: 'DK',
				email: 'Ada@Example.org',
				updatedAt: later(MINUTE)
			});
		});
	});

	describe('checkCurrentPassword', () => {
		it("accepts only the account's own current password", async () => {
			const ada = await register();
			const bo = await register({ name: 'Bo', email: 'bo@example.org', password: 'amber lantern' });
			expect((await checkCurrentPassword(ada.id, PASSWORD)).ok).toBe(true);
			expect((await checkCurrentPassword(ada.id, 'amber lantern')).ok).toBe(false);
			expect((await checkCurrentPassword(bo.id, PASSWORD)).ok).toBe(false);
			expect((await checkCurrentPassword(ada.id, '')).ok).toBe(false);
			expect((await checkCurrentPassword('no-such-user', PASSWORD)).ok).toBe(false);
		});
	});

	describe('changePassword', () => {
		async function sessionsOf(userId: string) {
			const rows = await getDb().select().from(sessions).where(eq(sessions.userId, userId));
			return rows.map((s) => s.id);
		}

		it('refuses a wrong current password and keeps the old hash', async () => {
			const user = await register();
			const [before] = await userRows();
			const result = await changePassword(user.id, {
				currentPassword: 'not it',
				newPassword: 'amber lantern shore'
			});
			expect(result).toEqual({ ok: false, reason: 'wrong-password' });
			expect((await userRows())[0].passwordHash).toBe(before.passwordHash);
		});

		it('throttles wrong current passwords like failed logins', async () => {
			const user = await register();
			const answers = [];
			for (let i = 0; i < 5; i++)
				answers.push(await checkCurrentPassword(user.id, `guess ${i}`, later(i * SECOND)));
			expect(answers.slice(0, 4)).toEqual(Array(4).fill({ ok: false, reason: 'wrong-password' }));
			expect(answers[4]).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
			expect(await checkCurrentPassword(user.id, PASSWORD, later(10 * SECOND))).toEqual({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: 24
			});
			expect(await checkCurrentPassword(user.id, PASSWORD, later(MINUTE))).toEqual({ ok: true });
		});

		it('sets the new password and ends every session of the user, the current one too', async () => {
			const user = await register();
			const other = await register({ name: 'Bo', email: 'bo@example.org' });
			await createSession(generateSessionToken(), user.id, T0);
			await createSession(generateSessionToken(), user.id, T0);
			const kept = await createSession(generateSessionToken(), other.id, T0);
			const result = await changePassword(
				user.id,
				{ currentPassword: PASSWORD, newPassword: 'amber lantern shore' },
				later(MINUTE)
			);
			expect(result).toEqual({ ok: true });
			expect(await sessionsOf(user.id)).toEqual([]);
			expect(await sessionsOf(other.id)).toEqual([kept.id]);
			const [row] = await userRows();
			expect(row.updatedAt).toEqual(later(MINUTE));
			expect(row.passwordHash).toMatch(/^\$argon2id\$/);
			expect(await verifyPassword(row.passwordHash, 'amber lantern shore')).toBe(true);
			expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(false);
		});
	});
});

describe('form schemas', () => {
	/** The parsed data when valid, otherwise the message of each failing field. */
	function check(schema: z.ZodType, data: unknown) {
		const result = schema.safeParse(data);
		if (result.success) return { data: result.data };
		return {
			errors: Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]))
		};
	}

	it('trims the name and email of a registration', () => {
		const input = { ...registration(), name: '  Ada  ', email: ' ada@example.org ' };
		expect(check(registrationForm, input)).toEqual({
			data: {
				name: 'Ada',
				email: 'ada@example.org',
				password: PASSWORD,
				locale: 'nb',
				country: 'NO'
			}
		});
	});

	it('explains each problem of a registration in the learner language', () => {
		const input = { name: '   ', email: 'not an email', password: 'password', locale: 'sv' };
		expect(check(registrationForm, input)).toEqual({
			errors: {
				name: m.error_name_required(),
				email: m.error_email_invalid(),
				password: m.error_password_too_common(),
				locale: m.error_locale_invalid(),
				country: m.error_country_required()
			}
		});
		expect(m.error_password_too_common()).toMatch(/common/);
	});

	it('refuses too short and too long passwords, names and emails', () => {
		expect(check(registrationForm, registration({ password: 'short' })).errors?.password).toBe(
			m.error_password_too_short()
		);
		expect(
			check(registrationForm, registration({ password: 'x'.repeat(257) })).errors?.password
		).toBe(m.error_password_too_long());
		expect(check(registrationForm, registration({ name: 'x'.repeat(101) })).errors?.name).toBe(
			m.error_name_too_long()
		);
		const longEmail = `${'a'.repeat(64)}@${'b'.repeat(186)}.org`;
		expect(longEmail).toHaveLength(255);
		expect(check(registrationForm, registration({ email: longEmail })).errors?.email).toBe(
			m.error_email_invalid()
		);
		expect(check(registrationForm, registration({ email: '' })).errors?.email).toBe(
			m.error_email_required()
		);
	});

	it('asks for both login fields but does not check the password rules at login', () => {
		expect(check(loginForm, { email: ' ', password: '' })).toEqual({
			errors: { email: m.error_email_required(), password: m.error_password_required() }
		});
		expect(check(loginForm, { email: 'ada@example.org', password: 'short' })).toEqual({
			data: { email: 'ada@example.org', password: 'short' }
		});
		expect(check(loginForm, { email: 'ada@example.org', password: 'x'.repeat(1025) })).toEqual({
			errors: { password: m.error_login_invalid() }
		});
	});

	it('checks the profile name and language', () => {
		expect(check(profileForm, { name: ' Bo ', locale: 'da', country: 'other' })).toEqual({
			data: { name: 'Bo', locale: 'da', country: 'other' }
		});
		expect(check(profileForm, { name: '', locale: 'de', country: 'XX' }).errors).toEqual({
			name: m.error_name_required(),
			locale: m.error_locale_invalid(),
			country: m.error_country_required()
		});
	});

	it('needs the current password and a new password that follows the rules', () => {
		expect(
			check(passwordChangeForm, { currentPassword: '', newPassword: '12345678' }).errors
		).toEqual({
			currentPassword: m.error_password_required(),
			newPassword: m.error_password_too_common()
		});
		expect(check(passwordChangeForm, { currentPassword: 'old', newPassword: PASSWORD })).toEqual({
			data: { currentPassword: 'old', newPassword: PASSWORD }
		});
	});
});

/** Mail goes to the log here; this reads it back like a mailbox. */
function logMailbox() {
	configureMail({ smtpUrl: undefined, mailFrom: 'Spire <no-reply@spire.test>' });
	const raw: string[] = [];
	const log = createLogger({ level: 'info' }, { write: (line: string) => void raw.push(line) });
	const mails = async () => {
		await mailSettled();
		return raw
			.map((line) => JSON.parse(line))
			.filter((line) => line.links)
			.map(({ to, subject, links }) => ({ to, subject, link: links[0] as string }));
	};
	return { context: { origin: 'https://spire.example', log }, mails };
}

function tokenOf(link: string) {
	return new URL(link).searchParams.get('token')!;
}

describe('registration with an address check, and password reset', () => {
	useTestDatabase();

	it('mails a new address a link; until it is used the account cannot log in', async () => {
		const { context, mails } = logMailbox();
		const outcome = await registerWithMail(registration(), context, T0);
		expect(outcome).toEqual({ created: true, userId: expect.any(String) });
		const [mail] = await mails();
		expect(mail).toEqual({
			to: 'Ada@Example.org',
			subject: m.mail_verify_subject({}, { locale: 'nb' }), // the learner's language
			link: expect.stringMatching(/^https:\/\/spire\.example\/verify-email\?token=[a-z2-7]{32}$/)
		});
		expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, T0)).toEqual({
			ok: false,
			reason: 'unverified',
			user: expect.objectContaining({ id: outcome.userId })
		});
		// Only the right password learns that the address is unchecked.
		expect(await logIn('ada@example.org', 'wrong password', FROM_OFFICE, T0)).toEqual({
			ok: false,
			reason: 'invalid'
		});

		const verified = await verifyEmail(tokenOf(mail.link), [], later(MINUTE));
		expect(verified).toMatchObject({ id: outcome.userId, email: 'Ada@Example.org' });
		expect(await verifyEmail(tokenOf(mail.link), [], later(MINUTE))).toBeNull();
		const [row] = await userRows();
		expect(row.emailVerifiedAt).toEqual(later(MINUTE));
		expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(MINUTE))).toMatchObject({
			ok: true
		});
	});

	it('puts where to go after confirming in the link, if it is a path on this site', async () => {
		const { context, mails } = logMailbox();
		await registerWithMail(registration(), context, T0, { returnTo: '/join/abc?x=1' });
		await registerWithMail(registration({ email: 'bo@example.org' }), context, T0, {
			returnTo: '//evil.example/join'
		});
		const [kept, dropped] = (await mails()).map((mail) => new URL(mail.link));
		expect(kept.searchParams.get('redirectTo')).toBe('/join/abc?x=1');
		expect(dropped.searchParams.has('redirectTo')).toBe(false);
	});

	it('mails the owner of a taken address a reset link instead, and changes nothing', async () => {
		const owner = await register();
		const { context, mails } = logMailbox();
		const outcome = await registerWithMail(
			registration({ email: ' ADA@example.org', password: 'someone elses password' }),
			context,
			T0
		);
		expect(outcome).toEqual({ created: false, userId: owner.id });
		expect(await mails()).toEqual([
			{
				to: 'Ada@Example.org',
				subject: m.mail_attempt_subject({}, { locale: 'nb' }), // the learner's language
				link: expect.stringMatching(/\/reset-password\?token=[a-z2-7]{32}$/)
			}
		]);
		expect(await userRows()).toHaveLength(1);
		expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, T0)).toMatchObject({ ok: true });
	});

	it('mails a reset link to an account, and nothing to an unknown address, answering alike', async () => {
		await register();
		const { context, mails } = logMailbox();
		const client = { address: IP, ...context };
		expect(await requestPasswordReset('nobody@example.org', client, T0)).toEqual({ allowed: true });
		expect(await requestPasswordReset(' ada@EXAMPLE.org', client, T0)).toEqual({ allowed: true });
		expect(await mails()).toEqual([
			{
				to: 'Ada@Example.org',
				subject: m.mail_reset_subject({}, { locale: 'nb' }), // the learner's language
				link: expect.stringMatching(/^https:\/\/spire\.example\/reset-password\?token=/)
			}
		]);
	});

	it('sets the new password once, ends every session, and the old password stops working', async () => {
		const user = await register();
		const sessionTokens = [generateSessionToken(), generateSessionToken()];
		for (const token of sessionTokens) await createSession(token, user.id, T0);
		const { context, mails } = logMailbox();
		await requestPasswordReset('ada@example.org', { address: IP, ...context }, T0);
		const [mail] = await mails();
		const token = tokenOf(mail.link);

		const weak = passwordResetForm.safeParse({ token, password: 'short' });
		expect(weak.success).toBe(false);
		const reset = await resetPassword(
			{ token, password: 'a brand new lighthouse' },
			[],
			later(MINUTE)
		);
		expect(reset).toMatchObject({ id: user.id });
		for (const sessionToken of sessionTokens) {
			expect(await validateSessionToken(sessionToken, later(MINUTE))).toBeNull();
		}
		expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(MINUTE))).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(
			await logIn('ada@example.org', 'a brand new lighthouse', FROM_OFFICE, later(MINUTE))
		).toMatchObject({ ok: true });
		expect(
			await resetPassword({ token, password: 'yet another lighthouse' }, [], later(MINUTE))
		).toBe(null);
	});

	it('refuses an expired reset link and leaves the password alone', async () => {
		await register();
		const { context, mails } = logMailbox();
		await requestPasswordReset('ada@example.org', { address: IP, ...context }, T0);
		const [mail] = await mails();
		expect(
			await resetPassword(
				{ token: tokenOf(mail.link), password: 'a brand new lighthouse' },
				[],
				later(61 * MINUTE)
			)
		).toBeNull();
		expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(61 * MINUTE))).toMatchObject(
			{
				ok: true
			}
		);
	});

	it('limits reset requests per client address, and mails per account', async () => {
		await register();
		const { context, mails } = logMailbox();
		const client = { address: IP, ...context };
		for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS_PER_HOUR; i++) {
			expect(await requestPasswordReset('ada@example.org', client, T0)).toEqual({ allowed: true });
		}
		expect(await requestPasswordReset('ada@example.org', client, T0)).toEqual({
			allowed: false,
			retryAfterSeconds: expect.any(Number)
		});
		expect(await mails()).toHaveLength(MAILS_PER_ACCOUNT_PER_HOUR);
		const otherClient = { ...client, address: '198.51.100.7' };
		expect(await requestPasswordReset('ada@example.org', otherClient, T0)).toEqual({
			allowed: true
		});
		// The address is new, the account's mails for the hour are spent: no sixth mail.
		expect(await mails()).toHaveLength(MAILS_PER_ACCOUNT_PER_HOUR);
	});
});
