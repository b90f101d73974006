/**
 * Invite links: the way into a group. A link carries a random token of 160 bits; only its
 * SHA-256 is stored (as with sessions), so the link is shown once, when the educator makes it,
 * and a lost link is replaced by a new one. Making a new link or revoking it ends the old one.
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { writeTransaction, getDb } from '$lib/server/db';
import { groupInviteLinks, groups, organisations } from '$lib/server/db/schema';
import { addToGroup } from '$lib/server/groups';
import { generateSessionToken, sessionIdFromToken } from '$lib/server/sessions';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a new link works, as the educator may choose it. */
export const INVITE_LINK_DAYS = [7, 30, 90] as const;
export const DEFAULT_INVITE_LINK_DAYS = 30;

export const inviteLinkForm = z.object({
	days: z.coerce
		.number()
		.refine((days) => (INVITE_LINK_DAYS as readonly number[]).includes(days))
		.catch(DEFAULT_INVITE_LINK_DAYS)
});

/** The path of the invite page for a token; the origin is added where the link is shown. */
export function invitePath(token: string) {
	return `/join/${token}`;
}

/**
 * Makes a new invite link for the group, ending any earlier one, and returns its token. This is
 * the only time the token exists outside the visitor's browser.
 */
export async function makeInviteLink(
	groupId: string,
	days: number = DEFAULT_INVITE_LINK_DAYS,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = generateSessionToken();
	const expiresAt = new Date(now.getTime() + days * DAY_MS);
	await writeTransaction(async (tx) => {
		await tx
			.update(groupInviteLinks)
			.set({ revokedAt: now })
			.where(and(eq(groupInviteLinks.groupId, groupId), isNull(groupInviteLinks.revokedAt)));
		await tx.insert(groupInviteLinks).values({
			tokenHash: sessionIdFromToken(token),
			groupId,
			createdAt: now,
			expiresAt
		});
	});
	return { token, expiresAt };
}

export async function revokeInviteLinks(groupId: string, now = new Date()) {
	await writeTransaction((tx) =>
		tx
			.update(groupInviteLinks)
			.set({ revokedAt: now })
			.where(and(eq(groupInviteLinks.groupId, groupId), isNull(groupInviteLinks.revokedAt)))
	);
}

/** When the group's working link was made and when it ends, or null when it has none. */
export async function currentInviteLink(
	groupId: string,
	now = new Date()
): Promise<{ createdAt: Date; expiresAt: Date } | null> {
	const [link] = await getDb()
		.select({ createdAt: groupInviteLinks.createdAt, expiresAt: groupInviteLinks.expiresAt })
		.from(groupInviteLinks)
		.where(
			and(
				eq(groupInviteLinks.groupId, groupId),
				isNull(groupInviteLinks.revokedAt),
				gt(groupInviteLinks.expiresAt, now)
			)
		)
		.orderBy(desc(groupInviteLinks.createdAt))
		.limit(1);
	return link ?? null;
}

export type InviteProblem = 'unknown' | 'expired' | 'revoked';
export type Invite = {
	groupId: string;
	groupName: string;
	organisationId: string;
	organisationName: string;
};
export type InviteLookup = { ok: true; invite: Invite } | { ok: false; reason: InviteProblem };

/** What a token leads to, or why it leads nowhere. Malformed tokens are simply unknown. */
export async function lookUpInvite(token: string, now = new Date()): Promise<InviteLookup> {
	if (!/^[a-z2-7]{32}$/.test(token)) return { ok: false, reason: 'unknown' };
	const [row] = await getDb()
		.select({
			groupId: groups.id,
			groupName: groups.name,
			organisationId: organisations.id,
			organisationName: organisations.name,
			expiresAt: groupInviteLinks.expiresAt,
			revokedAt: groupInviteLinks.revokedAt
		})
		.from(groupInviteLinks)
		.innerJoin(groups, eq(groups.id, groupInviteLinks.groupId))
		.innerJoin(organisations, eq(organisations.id, groups.organisationId))
		.where(eq(groupInviteLinks.tokenHash, sessionIdFromToken(token)));
	if (!row) return { ok: false, reason: 'unknown' };
	if (row.revokedAt) return { ok: false, reason: 'revoked' };
	if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
	const { groupId, groupName, organisationId, organisationName } = row;
	return { ok: true, invite: { groupId, groupName, organisationId, organisationName } };
}

export type AcceptResult =
	{ ok: true; invite: Invite; alreadyMember: boolean } | { ok: false; reason: InviteProblem };

/**
 * Puts the signed-in person in the invite's group (and its organisation). Accepting again, or a
 * double submit, changes nothing and says so.
 */
export async function acceptInvite(
	token: string,
	userId: string,
	now = new Date()
): Promise<AcceptResult> {
	const lookup = await lookUpInvite(token, now);
	if (!lookup.ok) return lookup;
	const { invite } = lookup;
	const { joined } = await writeTransaction((tx) =>
		addToGroup(tx, { id: invite.groupId, organisationId: invite.organisationId }, userId, now)
	);
	return { ok: true, invite, alreadyMember: !joined };
}
