/**
 * Single-use links mailed to a user: a password reset (one hour) or the address check after
 * registration (24 hours). Like sessions, the link carries a random token and the database only
 * its SHA-256, so a copy of the database opens no account. A link is deleted when it is used.
 */
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb, writeTransaction, type Transaction } from '$lib/server/db';
import { accountLinks } from '$lib/server/db/schema';
import { generateSessionToken, sessionIdFromToken } from '$lib/server/sessions';

export type LinkPurpose = 'password-reset' | 'email-verification';

const HOUR_MS = 60 * 60 * 1000;

/** How long a link works after it was mailed. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
	'password-reset': HOUR_MS,
	'email-verification': 24 * HOUR_MS
};

/** Tokens are 20 random bytes (160 bits) in base32, as session tokens are. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** Makes a link for the user and returns the token that goes into its address. */
export async function createAccountLink(
	userId: string,
	purpose: LinkPurpose,
	now = new Date()
): Promise<string> {
	const token = generateSessionToken();
	await writeTransaction((tx) =>
		tx.insert(accountLinks).values({
			id: sessionIdFromToken(token),
			userId,
			purpose,
			createdAt: now,
			expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[purpose])
		})
	);
	return token;
}

function validLink(token: string, purpose: LinkPurpose, now: Date) {
	return and(
		eq(accountLinks.id, sessionIdFromToken(token)),
		eq(accountLinks.purpose, purpose),
		gt(accountLinks.expiresAt, now)
	);
}

/** Whether the token opens a link that still works, without using it up (showing the form). */
export async function accountLinkWorks(
	token: string,
	purpose: LinkPurpose,
	now = new Date()
): Promise<boolean> {
	if (!TOKEN_PATTERN.test(token)) return false;
	const [row] = await getDb()
		.select({ userId: accountLinks.userId })
		.from(accountLinks)
		.where(validLink(token, purpose, now));
	return Boolean(row);
}

/**
 * Uses the link up inside the caller's transaction and returns whose it was, or null when the
 * token is unknown, used or expired. Every other link of the same purpose for that user goes
 * too: after a reset, an older reset mail must not work any more.
 */
export async function consumeAccountLink(
	tx: Transaction,
	token: string,
	purpose: LinkPurpose,
	now = new Date()
): Promise<string | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const [row] = await tx
		.delete(accountLinks)
		.where(validLink(token, purpose, now))
		.returning({ userId: accountLinks.userId });
	if (!row) return null;
	await tx
		.delete(accountLinks)
		.where(and(eq(accountLinks.userId, row.userId), eq(accountLinks.purpose, purpose)));
	return row.userId;
}

/** Deletes links past their expiry; returns how many. */
export async function deleteExpiredAccountLinks(now = new Date()): Promise<number> {
	const result = await writeTransaction((tx) =>
		tx.delete(accountLinks).where(lt(accountLinks.expiresAt, now))
	);
	return result.rowsAffected;
}
