/**
 * Platform admins: people who manage organisations and educators under /admin. The first one
 * comes from `npm run admin:create` (admin-command.ts) or from SPIRE_ADMIN_EMAIL, which makes
 * that address an admin at start and whenever it registers or signs in.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { getDb, writeTransaction } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { normalizeEmail, registerAccount, registrationForm } from '$lib/server/accounts';
import type { SessionUser } from '$lib/server/sessions';

/** Makes the person an admin, or takes it away; false when there is no such account. */
export async function setAdmin(userId: string, isAdmin: boolean, now = new Date()) {
	const result = await writeTransaction((tx) =>
		tx.update(users).set({ isAdmin, updatedAt: now }).where(eq(users.id, userId))
	);
	return result.rowsAffected > 0;
}

export async function findAccountByEmail(email: string) {
	const [user] = await getDb()
		.select({ id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin })
		.from(users)
		.where(eq(users.emailNormalized, normalizeEmail(email)));
	return user ?? null;
}

export type AdminAccountResult =
	| { ok: true; userId: string; created: boolean; alreadyAdmin: boolean }
	| { ok: false; problems: string[] };

/**
 * Makes the account with this address an admin. When there is none, creates it with the name
 * and password, which must follow the same rules as registration.
 */
export async function createOrPromoteAdmin(input: {
	email: string;
	name?: string;
	password?: string;
}): Promise<AdminAccountResult> {
	const existing = await findAccountByEmail(input.email);
	if (existing) {
		if (!existing.isAdmin) await setAdmin(existing.id, true);
		return { ok: true, userId: existing.id, created: false, alreadyAdmin: existing.isAdmin };
	}
	const form = registrationForm.omit({ country: true }).safeParse({
		name: input.name ?? '',
		email: input.email,
		password: input.password ?? '',
		locale: 'en'
	});
	if (!form.success) {
		return {
			ok: false,
			problems: form.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`)
		};
	}
	// Made by the operator on the server, who vouches for the address: no mail to confirm it.
	const registered = await registerAccount(form.data, new Date(), { verified: true });
	// Registered by someone else a moment ago: that account becomes the admin.
	if (!registered.ok) return createOrPromoteAdmin({ email: input.email });
	await setAdmin(registered.user.id, true);
	return { ok: true, userId: registered.user.id, created: true, alreadyAdmin: false };
}

let configuredAdminEmail: string | null = null;

/** SPIRE_ADMIN_EMAIL, read at start; null turns it off. */
export function configureAdminEmail(email: string | undefined | null) {
	configuredAdminEmail = email ? normalizeEmail(email) : null;
}

/**
 * Makes the SPIRE_ADMIN_EMAIL account an admin once it exists: at start (no `userId`), and when
 * someone registers or signs in (their `userId`). Returns whether an account was made admin.
 */
export async function promoteConfiguredAdmin(userId?: string, now = new Date()) {
	const email = configuredAdminEmail;
	if (!email) return false;
	const matches = and(
		eq(users.emailNormalized, email),
		eq(users.isAdmin, false),
		userId ? eq(users.id, userId) : undefined
	);
	// A read first: a sign-in by anyone else costs no write.
	const [candidate] = await getDb().select({ id: users.id }).from(users).where(matches);
	if (!candidate) return false;
	const result = await writeTransaction((tx) =>
		tx.update(users).set({ isAdmin: true, updatedAt: now }).where(matches)
	);
	return result.rowsAffected > 0;
}

/**
 * The signed-in admin. Anyone else, signed in or not, gets 404: the admin pages do not reveal
 * that they exist. An admin without two-factor sign-in is sent to turn it on first.
 */
export function requireAdmin(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const { user, session } = event.locals;
	if (!user || !session || !user.isAdmin) error(404, 'Not found');
	if (!user.twoFactor) redirect(303, '/account/two-factor?required');
	return user;
}
