import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { sessions, users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	changePassword,
	logIn,
	loginForm,
	normalizeEmail,
	passwordChangeForm,
	profileForm,
	registerAccount,
	registrationForm,
	updateProfile,
	verifyAccountPassword
} from '$lib/server/accounts';
import { verifyPassword } from '$lib/server/passwords';
import { createSession, generateSessionToken } from '$lib/server/sessions';
import { recordFailure, throttleKey } from '$lib/server/throttle';
import { MINUTE, SECOND, T0, later } from '$lib/server/__fixtures__/learning';

const PASSWORD = 'violet kettle drums';
const IP = '192.0.2.10';

type Registration = z.output<typeof registrationForm>;

function registration(overrides: Partial<Registration> = {}): Registration {
	return {
		name: 'Ada Lovelace',
		email: 'Ada@Example.org',
		password: PASSWORD,
		locale: 'nb',
		...overrides
	};
}

async function register(overrides: Partial<Registration> = {}) {
	const result = await registerAccount(registration(overrides), T0);
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
		results.push(await logIn(email, 'wrong password', ip, later(i * SECOND, start)));
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
			expect(await logIn('  ada@EXAMPLE.org ', PASSWORD, IP, T0)).toEqual({ ok: true, user });
		});

		it('gives the same answer for an unknown email as for a wrong password', async () => {
			await register();
			const unknown = await logIn('nobody@example.org', PASSWORD, IP, T0);
			const wrong = await logIn('ada@example.org', 'not the password', IP, T0);
			expect(unknown).toEqual({ ok: false, reason: 'invalid' });
			expect(wrong).toEqual(unknown);
		});

		it('locks an account for 30 s on the fifth failure, even against the right password', async () => {
			await register();
			const results = await failLogins('ada@example.org', 5);
			expect(results.slice(0, 4)).toEqual(Array(4).fill({ ok: false, reason: 'invalid' }));
			expect(results[4]).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
			const lockedAt = later(4 * SECOND);
			expect(await logIn('ada@example.org', PASSWORD, IP, later(10 * SECOND, lockedAt))).toEqual({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: 20
			});
			expect((await logIn('ada@example.org', PASSWORD, IP, later(30 * SECOND, lockedAt))).ok).toBe(
				true
			);
		});

		it('locks an unknown email the same way, so the lock reveals no account', async () => {
			const results = await failLogins('nobody@example.org', 5);
			expect(results.at(-1)).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 30 });
		});

		it('starts the count again after a successful login', async () => {
			await register();
			await failLogins('ada@example.org', 4);
			expect((await logIn('ada@example.org', PASSWORD, IP, later(MINUTE))).ok).toBe(true);
			const after = await failLogins('ada@example.org', 4, later(2 * MINUTE));
			expect(after.every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
		});

		it('does not lock other accounts or addresses when one account is locked', async () => {
			await register();
			const bo = await register({ name: 'Bo', email: 'bo@example.org' });
			await failLogins('ada@example.org', 5);
			expect(await logIn('bo@example.org', PASSWORD, '198.51.100.1', later(10 * SECOND))).toEqual({
				ok: true,
				user: bo
			});
		});

		it('locks a client address after 20 failures across any emails', async () => {
			const user = await register();
			const ipKey = throttleKey('ip', IP);
			for (let i = 0; i < 19; i++) await recordFailure([ipKey], T0);
			expect(await logIn('someone@example.org', 'guess', IP, T0)).toEqual({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: 30
			});
			expect(await logIn('ada@example.org', PASSWORD, IP, later(SECOND))).toEqual({
				ok: false,
				reason: 'throttled',
				retryAfterSeconds: 29
			});
			expect(await logIn('ada@example.org', PASSWORD, '198.51.100.1', later(SECOND))).toEqual({
				ok: true,
				user
			});
		});
	});

	describe('updateProfile', () => {
		it('changes the name and language', async () => {
			const user = await register();
			await updateProfile(user.id, { name: 'Ada King', locale: 'da' }, later(MINUTE));
			expect((await userRows())[0]).toMatchObject({
				name: 'Ada King',
				locale: 'da',
				email: 'Ada@Example.org',
				updatedAt: later(MINUTE)
			});
		});
	});

	describe('verifyAccountPassword', () => {
		it("accepts only the account's own current password", async () => {
			const ada = await register();
			const bo = await register({ name: 'Bo', email: 'bo@example.org', password: 'amber lantern' });
			expect(await verifyAccountPassword(ada.id, PASSWORD)).toBe(true);
			expect(await verifyAccountPassword(ada.id, 'amber lantern')).toBe(false);
			expect(await verifyAccountPassword(bo.id, PASSWORD)).toBe(false);
			expect(await verifyAccountPassword(ada.id, '')).toBe(false);
			expect(await verifyAccountPassword('no-such-user', PASSWORD)).toBe(false);
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
			const result = await changePassword(user.id, 'any-session', {
				currentPassword: 'not it',
				newPassword: 'amber lantern shore'
			});
			expect(result).toEqual({ ok: false, reason: 'wrong-current-password' });
			expect((await userRows())[0].passwordHash).toBe(before.passwordHash);
		});

		it('sets the new password and ends every other session but the current one', async () => {
			const user = await register();
			const current = await createSession(generateSessionToken(), user.id, T0);
			await createSession(generateSessionToken(), user.id, T0);
			await createSession(generateSessionToken(), user.id, T0);
			const result = await changePassword(
				user.id,
				current.id,
				{ currentPassword: PASSWORD, newPassword: 'amber lantern shore' },
				later(MINUTE)
			);
			expect(result).toEqual({ ok: true });
			expect(await sessionsOf(user.id)).toEqual([current.id]);
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
			data: { name: 'Ada', email: 'ada@example.org', password: PASSWORD, locale: 'nb' }
		});
	});

	it('explains each problem of a registration in the learner language', () => {
		const input = { name: '   ', email: 'not an email', password: 'password', locale: 'sv' };
		expect(check(registrationForm, input)).toEqual({
			errors: {
				name: m.error_name_required(),
				email: m.error_email_invalid(),
				password: m.error_password_too_common(),
				locale: m.error_locale_invalid()
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
		expect(check(profileForm, { name: ' Bo ', locale: 'da' })).toEqual({
			data: { name: 'Bo', locale: 'da' }
		});
		expect(check(profileForm, { name: '', locale: 'de' }).errors).toEqual({
			name: m.error_name_required(),
			locale: m.error_locale_invalid()
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
