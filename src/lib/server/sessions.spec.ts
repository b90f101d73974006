import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	ABSOLUTE_LIFETIME_MS,
	IDLE_TIMEOUT_MS,
	createSession,
	deleteExpiredSessions,
	endSession,
	generateSessionToken,
	invalidateSession,
	requireUser,
	sessionCookieName,
	sessionIdFromToken,
	setSessionCookie,
	startSession,
	validateSessionToken
} from '$lib/server/sessions';
import { DAY, HOUR, T0, insertUser, later } from '$lib/server/__fixtures__/learning';

async function storedSession(id: string) {
	const [row] = await getDb().select().from(sessions).where(eq(sessions.id, id));
	return row;
}

/** A user with a session created at T0; returns the token the cookie would hold. */
async function signedIn(name?: string) {
	const userId = await insertUser(name);
	const token = generateSessionToken();
	const session = await createSession(token, userId, T0);
	return { userId, token, session };
}

type CookieCall = { name: string; value?: string; options: Record<string, unknown> };

/** A stand-in for SvelteKit's RequestEvent with a cookie jar that records calls. */
function fakeEvent(url = 'http://localhost/courses?tab=1', session: { id: string } | null = null) {
	const calls: { set: CookieCall[]; delete: CookieCall[] } = { set: [], delete: [] };
	const cookies = {
		set: (name: string, value: string, options: Record<string, unknown>) =>
			calls.set.push({ name, value, options }),
		delete: (name: string, options: Record<string, unknown>) => calls.delete.push({ name, options })
	};
	const locals = {
		session,
		user: session ? { id: 'u', name: 'U', email: 'u@x', locale: 'en' } : null
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const event = { url: new URL(url), cookies, locals } as any;
	return { event, calls };
}

describe('session tokens', () => {
	it('are 32 lowercase base32 characters (160 random bits) and differ every time', () => {
		const tokens = Array.from({ length: 20 }, generateSessionToken);
		for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(new Set(tokens).size).toBe(20);
	});

	it('are stored only as the hex SHA-256 of the token', () => {
		const token = generateSessionToken();
		const expected = createHash('sha256').update(token).digest('hex');
		expect(sessionIdFromToken(token)).toBe(expected);
		expect(sessionIdFromToken(token)).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('sessions in the database', () => {
	useTestDatabase();

	it('stores the hashed id, never the token, with idle and absolute expiry from creation', async () => {
		const { userId, token, session } = await signedIn();
		expect(session.id).toBe(sessionIdFromToken(token));
		expect(await storedSession(token)).toBeUndefined();
		expect(await storedSession(session.id)).toEqual({
			id: session.id,
			userId,
			createdAt: T0,
			expiresAt: later(14 * DAY),
			absoluteExpiresAt: later(60 * DAY)
		});
		expect(IDLE_TIMEOUT_MS).toBe(14 * DAY);
		expect(ABSOLUTE_LIFETIME_MS).toBe(60 * DAY);
	});

	it('validates a token into its session and a user without the password hash', async () => {
		const { userId, token } = await signedIn('Ada');
		const result = await validateSessionToken(token, later(HOUR));
		expect(result?.session.userId).toBe(userId);
		expect(result?.user).toEqual({
			id: userId,
			name: 'Ada',
			email: expect.stringMatching(/@example\.org$/),
			locale: 'en',
			isAdmin: false,
			timeZone: null,
			country: null,
			twoFactor: false
		});
	});

	it('rejects unknown and malformed tokens', async () => {
		const { token } = await signedIn();
		expect(await validateSessionToken(generateSessionToken(), T0)).toBeNull();
		expect(await validateSessionToken(token.toUpperCase(), T0)).toBeNull();
		expect(await validateSessionToken(`${token}a`, T0)).toBeNull();
		expect(await validateSessionToken(sessionIdFromToken(token), T0)).toBeNull();
		expect(await validateSessionToken('', T0)).toBeNull();
	});

	it('ends a session that has not been used for 14 days and deletes it', async () => {
		const { token, session } = await signedIn();
		expect(await validateSessionToken(token, later(14 * DAY - 1))).not.toBeNull();
		const fresh = await signedIn();
		expect(await validateSessionToken(fresh.token, later(14 * DAY))).toBeNull();
		expect(await storedSession(fresh.session.id)).toBeUndefined();
		expect(await storedSession(session.id)).toBeDefined();
	});

	it('pushes the idle expiry forward when the session is used', async () => {
		const { token, session } = await signedIn();
		const result = await validateSessionToken(token, later(3 * DAY));
		expect(result?.session.expiresAt).toEqual(later(17 * DAY));
		expect((await storedSession(session.id)).expiresAt).toEqual(later(17 * DAY));
		expect(await validateSessionToken(token, later(16 * DAY))).not.toBeNull();
	});

	it('writes the new idle expiry at most once a day', async () => {
		const { token, session } = await signedIn();
		await validateSessionToken(token, later(23 * HOUR));
		expect((await storedSession(session.id)).expiresAt).toEqual(later(14 * DAY));
		await validateSessionToken(token, later(DAY));
		expect((await storedSession(session.id)).expiresAt).toEqual(later(15 * DAY));
	});

	it('ends a session after 60 days however often it is used', async () => {
		const { token, session } = await signedIn();
		for (let day = 10; day < 60; day += 10) {
			expect(await validateSessionToken(token, later(day * DAY))).not.toBeNull();
		}
		const stored = await storedSession(session.id);
		expect(stored.expiresAt).toEqual(later(60 * DAY));
		expect(await validateSessionToken(token, later(60 * DAY - 1))).not.toBeNull();
		expect(await validateSessionToken(token, later(60 * DAY))).toBeNull();
		expect(await storedSession(session.id)).toBeUndefined();
	});

	it('ends one session with invalidateSession', async () => {
		const { token, session } = await signedIn();
		await invalidateSession(session.id);
		expect(await validateSessionToken(token, T0)).toBeNull();
	});

	it('deletes only expired sessions when cleaning up', async () => {
		const old = await signedIn();
		const userId = await insertUser();
		const recent = await createSession(generateSessionToken(), userId, later(10 * DAY));
		await deleteExpiredSessions(later(15 * DAY));
		expect(await storedSession(old.session.id)).toBeUndefined();
		expect(await storedSession(recent.id)).toBeDefined();
	});

	it('starts a new session on login and ends the one the browser had (no fixation)', async () => {
		const { userId, session: previous } = await signedIn();
		const { event, calls } = fakeEvent('https://spire.example/login', previous);
		await startSession(event, userId);
		expect(await storedSession(previous.id)).toBeUndefined();
		expect(calls.set).toHaveLength(1);
		const [cookie] = calls.set;
		expect(cookie.name).toBe('__Host-spire_session');
		const validated = await validateSessionToken(cookie.value!);
		expect(validated?.session.userId).toBe(userId);
		expect(cookie.options.expires).toEqual(validated?.session.expiresAt);
	});

	it('ends the session on logout and clears the cookie and locals', async () => {
		const { token, session } = await signedIn();
		const { event, calls } = fakeEvent('http://localhost/logout', session);
		await endSession(event);
		expect(await validateSessionToken(token, T0)).toBeNull();
		expect(calls.delete.map((c) => c.name)).toEqual(['spire_session']);
		expect(event.locals).toEqual({ session: null, user: null });
	});
});

describe('session cookie', () => {
	it('is HttpOnly, SameSite=Lax and Path=/, and Secure with the __Host- prefix over https', () => {
		const expires = later(14 * DAY);
		const secure = fakeEvent('https://spire.example/');
		setSessionCookie(secure.event, 'token', expires);
		expect(secure.calls.set).toEqual([
			{
				name: '__Host-spire_session',
				value: 'token',
				options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, expires }
			}
		]);
		const plain = fakeEvent('http://localhost:5173/');
		setSessionCookie(plain.event, 'token', expires);
		expect(plain.calls.set[0]).toMatchObject({ name: 'spire_session', options: { secure: false } });
	});

	it('has a name that depends on https', () => {
		expect(sessionCookieName(true)).toBe('__Host-spire_session');
		expect(sessionCookieName(false)).toBe('spire_session');
	});
});

describe('requireUser', () => {
	it('returns the signed-in user with the session id', () => {
		const { event } = fakeEvent('http://localhost/me', { id: 'session-1' });
		expect(requireUser(event)).toEqual({
			id: 'u',
			name: 'U',
			email: 'u@x',
			locale: 'en',
			sessionId: 'session-1'
		});
	});

	it('redirects a visitor to the login page with the way back', () => {
		const { event } = fakeEvent('http://localhost/courses/x/quiz?start=1');
		let thrown: unknown;
		try {
			requireUser(event);
		} catch (error) {
			thrown = error;
		}
		expect(isRedirect(thrown)).toBe(true);
		expect(thrown).toMatchObject({
			status: 303,
			location: '/login?redirectTo=%2Fcourses%2Fx%2Fquiz%3Fstart%3D1'
		});
	});

	it('leaves out a way back too long for a Location header', () => {
		const { event } = fakeEvent(`http://localhost/me?${'a=1&'.repeat(3000)}`);
		let thrown: unknown;
		try {
			requireUser(event);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toMatchObject({ status: 303, location: '/login' });
	});
});
