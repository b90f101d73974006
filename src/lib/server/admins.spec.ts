import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { logIn, registerAccount } from '$lib/server/accounts';
import {
	configureAdminEmail,
	createOrPromoteAdmin,
	promoteConfiguredAdmin,
	requireAdmin
} from '$lib/server/admins';
import {
	RefusedError,
	UsageError,
	adminCreate,
	parseAdminCreate,
	readFirstLine
} from '$lib/server/admin-command';
import { validateSessionToken, generateSessionToken, createSession } from '$lib/server/sessions';
import { useTestDatabase } from '$lib/server/testing/database';
import { codeAt, confirmEnrolment, startEnrolment } from '$lib/server/two-factor';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';

useTestDatabase();
afterEach(() => configureAdminEmail(null));

const PASSWORD = 'a calm harbour at dawn';
const client = { address: '192.0.2.1', trustedDevices: [] };

async function isAdmin(email: string) {
	const [row] = await getDb()
		.select({ isAdmin: users.isAdmin })
		.from(users)
		.where(eq(users.emailNormalized, email));
	return row?.isAdmin;
}

function register(email: string) {
	return registerAccount({ name: 'Someone', email, password: PASSWORD, locale: 'en' });
}

describe('admin:create', () => {
	it('creates an admin account that can sign in with the password read from stdin', async () => {
		const password = await readFirstLine(Readable.from([`${PASSWORD}\nignored\n`]));
		const lines = await adminCreate(
			{ email: 'Admin@Example.org', name: 'Site Admin' },
			async () => password
		);
		expect(lines).toEqual([
			'Created the admin account Admin@Example.org. Sign in with it at /login.'
		]);
		expect(await isAdmin('admin@example.org')).toBe(true);
		const login = await logIn('admin@example.org', PASSWORD, client);
		expect(login.ok).toBe(true);
	});

	it('makes an existing account admin without asking for a password', async () => {
		await register('existing@example.org');
		const lines = await adminCreate({ email: 'EXISTING@example.org', name: undefined }, () => {
			throw new Error('no password should be asked for');
		});
		expect(lines).toEqual(['existing@example.org (Someone) is now an admin.']);
		expect(await isAdmin('existing@example.org')).toBe(true);
		expect(
			await adminCreate({ email: 'existing@example.org', name: undefined }, async () => '')
		).toEqual(['existing@example.org is already an admin.']);
	});

	it('refuses a weak password, a bad address and a missing name, saying why', async () => {
		await expect(
			adminCreate({ email: 'new@example.org', name: 'New' }, async () => 'password1')
		).rejects.toThrow(/password: .*(common|guess)/i);
		await expect(
			adminCreate({ email: 'not an address', name: 'New' }, async () => PASSWORD)
		).rejects.toThrow('email: ');
		await expect(
			adminCreate({ email: 'nameless@example.org', name: undefined }, async () => PASSWORD)
		).rejects.toThrow(RefusedError);
		expect(await isAdmin('new@example.org')).toBeUndefined();
	});

	it('reads its arguments', () => {
		expect(parseAdminCreate(['--email', ' a@example.org ', '--name', 'A'])).toEqual({
			email: 'a@example.org',
			name: 'A'
		});
		expect(parseAdminCreate(['--help'])).toEqual({ help: true });
		expect(() => parseAdminCreate([])).toThrow(UsageError);
		expect(() => parseAdminCreate(['--email', 'a@example.org', '--bogus'])).toThrow(UsageError);
	});
});

describe('SPIRE_ADMIN_EMAIL', () => {
	it('makes that account admin at start, once it exists', async () => {
		configureAdminEmail(' Chief@Example.org ');
		expect(await promoteConfiguredAdmin()).toBe(false);
		await register('chief@example.org');
		await register('someone-else@example.org');
		expect(await promoteConfiguredAdmin()).toBe(true);
		expect(await isAdmin('chief@example.org')).toBe(true);
		expect(await isAdmin('someone-else@example.org')).toBe(false);
		expect(await promoteConfiguredAdmin()).toBe(false);
	});

	it('makes that account admin when it signs in, and nobody else', async () => {
		const chief = await register('chief@example.org');
		const other = await register('other@example.org');
		if (!chief.ok || !other.ok) throw new Error('registration failed');
		configureAdminEmail('chief@example.org');
		expect(await promoteConfiguredAdmin(other.user.id)).toBe(false);
		expect(await promoteConfiguredAdmin(chief.user.id)).toBe(true);
		expect(await isAdmin('other@example.org')).toBe(false);
		const token = generateSessionToken();
		await createSession(token, chief.user.id);
		expect((await validateSessionToken(token))?.user.isAdmin).toBe(true);
	});

	it('does nothing when unset', async () => {
		await register('chief@example.org');
		expect(await promoteConfiguredAdmin()).toBe(false);
	});
});

describe('requireAdmin', () => {
	it('answers 404 to anyone but a signed-in admin, and sends an admin without two-factor sign-in to turn it on', async () => {
		const created = await createOrPromoteAdmin({
			email: 'admin@example.org',
			name: 'Admin',
			password: PASSWORD
		});
		if (!created.ok) throw new Error('not created');
		const token = generateSessionToken();
		const session = await createSession(token, created.userId);
		const before = (await validateSessionToken(token))!.user;
		expect(before).toMatchObject({ isAdmin: true, twoFactor: false });
		expect(() => requireAdmin({ locals: { user: before, session } } as never)).toThrow(
			expect.objectContaining({ status: 303, location: '/account/two-factor?required' })
		);

		const enrolment = await startEnrolment(created.userId);
		const code = codeAt(decodeBase32IgnorePadding(enrolment!.secret), new Date());
		expect((await confirmEnrolment(created.userId, code)).ok).toBe(true);
		const admin = (await validateSessionToken(token))!.user;
		expect(admin.twoFactor).toBe(true);
		expect(requireAdmin({ locals: { user: admin, session } } as never).id).toBe(created.userId);

		const learner = { ...admin, isAdmin: false };
		for (const locals of [
			{ user: null, session: null },
			{ user: learner, session }
		]) {
			expect(() => requireAdmin({ locals } as never)).toThrow(
				expect.objectContaining({ status: 404 })
			);
		}
	});
});
