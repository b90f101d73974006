/**
 * Sessions as in the Lucia guide (lucia-auth.com/sessions): a random token in the cookie,
 * only its SHA-256 in the database, a sliding idle expiry capped by an absolute lifetime.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, lt, or, sql } from 'drizzle-orm';
import { preparedQuery, writeTransaction } from '$lib/server/db';
import {
	sessions,
	twoFactorCredentials,
	users,
	type Session,
	type User
} from '$lib/server/db/schema';
import { promoteConfiguredAdmin } from '$lib/server/admins';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A session unused for this long ends. */
export const IDLE_TIMEOUT_MS = 14 * DAY_MS;
/** No session lives longer than this, however often it is used. */
export const ABSOLUTE_LIFETIME_MS = 60 * DAY_MS;
/** Push the idle expiry forward at most this often, to spare a write per request. */
const REFRESH_INTERVAL_MS = DAY_MS;

export type SessionUser = Pick<
	User,
	'id' | 'name' | 'email' | 'locale' | 'isAdmin' | 'timeZone' | 'country'
> & {
	/** Two-factor sign-in is on (admins need it for /admin). */
	twoFactor: boolean;
};
export type ValidatedSession = {
	session: Session;
	user: SessionUser;
	/** The idle expiry moved forward just now, so the cookie must be sent again with it. */
	refreshed: boolean;
};

/** 20 random bytes (160 bits), base32: the value that goes into the cookie. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	token: string,
	userId: string,
	now = new Date()
): Promise<Session> {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		createdAt: now,
		expiresAt: new Date(now.getTime() + IDLE_TIMEOUT_MS),
		absoluteExpiresAt: new Date(now.getTime() + ABSOLUTE_LIFETIME_MS)
	};
	await writeTransaction((tx) => tx.insert(sessions).values(session));
	return session;
}

const sessionWithUser = preparedQuery((db) =>
	db
		.select({
			session: sessions,
			user: {
				id: users.id,
				name: users.name,
				email: users.email,
				locale: users.locale,
				isAdmin: users.isAdmin,
				timeZone: users.timeZone,
				country: users.country,
				twoFactor:
					sql<boolean>`exists (select 1 from ${twoFactorCredentials} where ${twoFactorCredentials.userId} = ${users.id} and ${twoFactorCredentials.confirmedAt} is not null)`.mapWith(
						Boolean
					)
			}
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, sql.placeholder('sessionId')))
		.prepare()
);

/** The session and its user, or null when the token is unknown, idle-expired or past its lifetime. */
export async function validateSessionToken(
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const sessionId = sessionIdFromToken(token);
	const [row] = await sessionWithUser().all({ sessionId });
	if (!row) return null;
	const { session } = row;
	if (now >= session.expiresAt || now >= session.absoluteExpiresAt) {
		await invalidateSession(session.id);
		return null;
	}
	const idleExpiry = Math.min(now.getTime() + IDLE_TIMEOUT_MS, session.absoluteExpiresAt.getTime());
	const refreshed = idleExpiry - session.expiresAt.getTime() >= REFRESH_INTERVAL_MS;
	if (refreshed) {
		session.expiresAt = new Date(idleExpiry);
		const { expiresAt } = session;
		await writeTransaction((tx) =>
			tx.update(sessions).set({ expiresAt }).where(eq(sessions.id, session.id))
		);
	}
	return { ...row, refreshed };
}

export async function invalidateSession(sessionId: string) {
	await writeTransaction((tx) => tx.delete(sessions).where(eq(sessions.id, sessionId)));
}

/** Deletes sessions past their idle expiry or their lifetime; returns how many. */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
	const result = await writeTransaction((tx) =>
		tx.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)))
	);
	return result.rowsAffected;
}

/** Over https the cookie is Secure and carries the `__Host-` prefix (no Domain, Path=/). */
export function sessionCookieName(secure: boolean) {
	return hostCookieName('spire_session', secure);
}

/** `name`, with the `__Host-` prefix over https, which pins the cookie to this host. */
export function hostCookieName(name: string, secure: boolean) {
	return secure ? `__Host-${name}` : name;
}

export type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

/**
 * Name and options of one of Spire's own cookies (session, device): HttpOnly, SameSite=Lax,
 * Path=/; over https also Secure, with the `__Host-` prefix.
 */
export function hostCookie(url: URL, name: string) {
	const secure = url.protocol === 'https:';
	return {
		name: hostCookieName(name, secure),
		options: { path: '/', secure, httpOnly: true, sameSite: 'lax' } as const
	};
}

/** The session token the browser sent, if any. */
export function readSessionToken(event: CookieEvent): string | undefined {
	return event.cookies.get(hostCookie(event.url, 'spire_session').name);
}

export function setSessionCookie(event: CookieEvent, token: string, expiresAt: Date) {
	const { name, options } = hostCookie(event.url, 'spire_session');
	event.cookies.set(name, token, { ...options, expires: expiresAt });
}

export function deleteSessionCookie(event: CookieEvent) {
	const { name, options } = hostCookie(event.url, 'spire_session');
	event.cookies.delete(name, options);
}

type SessionEvent = CookieEvent & Pick<RequestEvent, 'locals'>;

/** Starts a fresh session for the user, ending the one the browser had (no session fixation). */
export async function startSession(event: SessionEvent, userId: string) {
	if (event.locals.session) await invalidateSession(event.locals.session.id);
	// SPIRE_ADMIN_EMAIL becomes an admin when that address registers or signs in.
	await promoteConfiguredAdmin(userId);
	const token = generateSessionToken();
	const session = await createSession(token, userId);
	setSessionCookie(event, token, session.expiresAt);
}

export async function endSession(event: SessionEvent) {
	if (event.locals.session) await invalidateSession(event.locals.session.id);
	deleteSessionCookie(event);
	event.locals.session = null;
	event.locals.user = null;
}

/** Longest encoded `redirectTo` that `requireUser` puts in the login link. */
const MAX_REDIRECT_BACK = 2048;

/** The signed-in user, or a redirect to the login page that brings them back here afterwards. */
export function requireUser(
	event: Pick<RequestEvent, 'locals' | 'url'>
): SessionUser & { sessionId: string } {
	const { user, session } = event.locals;
	if (!user || !session) {
		const back = encodeURIComponent(event.url.pathname + event.url.search);
		// A way back longer than any real page address is dropped: it would only make the
		// Location header too large for clients to read.
		redirect(303, back.length <= MAX_REDIRECT_BACK ? `/login?redirectTo=${back}` : '/login');
	}
	return { ...user, sessionId: session.id };
}
