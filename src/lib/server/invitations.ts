/**
 * Invite links: the way into a group. A link carries a random token of 160 bits; only its
 * SHA-256 is stored (as with sessions), so the link is shown once, when the educator makes it,
 * and a lost link is replaced by a new one. Making a new link or revoking it ends the old one.
 */
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import {
	insertAccount,
	newAccount,
	normalizeEmail,
	register,
	tellOwnerOfTakenAddress,
	type AccountUser,
	type MailContext,
	type AccountInput,
	type RegistrationOutcome
} from '$lib/server/accounts';
import { writeTransaction, getDb } from '$lib/server/db';
import { groupInvitations, groupInviteLinks, groups, organisations } from '$lib/server/db/schema';
import { addToGroup } from '$lib/server/groups';
import { groupInvitationMail, sendMailLater } from '$lib/server/mail';
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
	/** Set for a personal invitation mailed to one address; a group's shared link has none. */
	invitationId?: string;
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
	if (!row) return lookUpEmailInvitation(token, now);
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
	const { joined } = await writeTransaction(async (tx) => {
		if (invite.invitationId) {
			await tx
				.update(groupInvitations)
				.set({ acceptedAt: now })
				.where(
					and(eq(groupInvitations.id, invite.invitationId), isNull(groupInvitations.acceptedAt))
				);
		}
		return addToGroup(
			tx,
			{ id: invite.groupId, organisationId: invite.organisationId },
			userId,
			now
		);
	});
	return { ok: true, invite, alreadyMember: !joined };
}

/** The token of an invite page's path (`/join/…`), or null for any other path. */
export function inviteTokenIn(path: string | null): string | null {
	return /^\/join\/([a-z2-7]{32})(?:[?#]|$)/.exec(path ?? '')?.[1] ?? null;
}

export type InvitedRegistration =
	/** Made with a confirmed address and put in the group: the caller signs the person in. */
	| { signedIn: true; user: AccountUser; invite: Invite }
	/** The usual registration: the page says "Check your e-mail", whatever happened. */
	| { signedIn: false; outcome: RegistrationOutcome };

/**
 * Registration from an invite page. A pending invitation mailed to the very address the visitor
 * registers with proves that the address is theirs, as the link in a confirmation mail would: the
 * account is made confirmed, the invitation accepted and the group joined, in one write. Anything
 * else is the usual registration (`register`): another address, a group's shared link, or an
 * address that has an account, whose owner is told and should sign in instead. Its confirmation
 * link brings the person back to the invite to join.
 */
export async function registerFromInvite(
	input: AccountInput,
	token: string,
	mail: MailContext,
	now = new Date()
): Promise<InvitedRegistration> {
	const lookup = await lookUpInvite(token, now);
	const invitationId = lookup.ok ? lookup.invite.invitationId : undefined;
	if (!lookup.ok || !invitationId) {
		return {
			signedIn: false,
			outcome: await register(input, mail, now, { returnTo: invitePath(token) })
		};
	}
	const account = await newAccount(input, now, true);
	const { invite } = lookup;
	// Checked under the write lock, so a double submit or a race stores one account and one join.
	const result = await writeTransaction(async (tx) => {
		const [pending] = await tx
			.select({ id: groupInvitations.id })
			.from(groupInvitations)
			.where(
				and(
					eq(groupInvitations.id, invitationId),
					eq(groupInvitations.emailNormalized, account.emailNormalized),
					isNull(groupInvitations.acceptedAt),
					isNull(groupInvitations.cancelledAt),
					gt(groupInvitations.expiresAt, now)
				)
			);
		if (!pending) return 'not-for-this-address';
		if (!(await insertAccount(tx, account))) return 'address-taken';
		await tx
			.update(groupInvitations)
			.set({ acceptedAt: now })
			.where(eq(groupInvitations.id, pending.id));
		await addToGroup(
			tx,
			{ id: invite.groupId, organisationId: invite.organisationId },
			account.id,
			now
		);
		return 'joined';
	});
	if (result === 'joined') {
		const { id, name, email, locale } = account;
		return { signedIn: true, user: { id, name, email, locale }, invite };
	}
	const outcome =
		result === 'address-taken'
			? await tellOwnerOfTakenAddress(input.email, mail, now)
			: await register(input, mail, now, { returnTo: invitePath(token) });
	return { signedIn: false, outcome };
}

/** A personal invitation works this long; inviting again sends a fresh link. */
export const INVITATION_DAYS = 14;
/** At most this many addresses in one list. */
export const MAX_INVITATIONS_AT_ONCE = 500;

const emailAddress = z.string().max(254).pipe(z.email());

export type EmailListProblem = { line: string; reason: string };

/**
 * The addresses in what an educator pasted: one per line, or separated by commas or semicolons.
 * Every entry that is not an address is reported with the reason; the good ones are kept, each
 * once. More than MAX_INVITATIONS_AT_ONCE addresses is refused as a whole.
 */
export function parseEmailList(text: string): {
	emails: string[];
	problems: EmailListProblem[];
	tooMany: boolean;
} {
	const entries = text
		.split(/[\n,;]+/)
		.map((entry) => entry.trim())
		.filter(Boolean);
	const emails = new Map<string, string>();
	const problems: EmailListProblem[] = [];
	for (const entry of entries) {
		// "Name <address>", as mail programs copy it.
		const address = /<([^<>]+)>$/.exec(entry)?.[1]?.trim() ?? entry;
		if (!emailAddress.safeParse(address).success) {
			problems.push({ line: entry.slice(0, 300), reason: m.error_invite_email_invalid() });
		} else if (!emails.has(normalizeEmail(address))) {
			emails.set(normalizeEmail(address), address);
		}
	}
	return {
		emails: [...emails.values()],
		problems,
		tooMany: emails.size > MAX_INVITATIONS_AT_ONCE
	};
}

/**
 * Invites each address to the group by mail, with a personal link. An address already invited and
 * not yet joined gets a fresh link (the old one stops working); one that already accepted is left
 * alone. Mails go out after the write. Returns how many were sent.
 */
export async function inviteByEmail(
	group: { id: string; name: string; organisationName: string },
	emails: string[],
	invitedBy: { id: string; name: string },
	mail: MailContext,
	now = new Date()
): Promise<number> {
	const toSend = await recordInvitations(group.id, emails, invitedBy.id, now);
	for (const { email, token } of toSend) {
		sendMailLater(
			async () =>
				groupInvitationMail(
					{ email, name: '', locale: 'en' },
					{ groupName: group.name, organisationName: group.organisationName, from: invitedBy.name },
					new URL(invitePath(token), mail.origin).href
				),
			mail.log
		);
	}
	return toSend.length;
}

/**
 * Stores an invitation of each address to the group, or a fresh link for one that is pending,
 * without mailing anything; returns the addresses with the tokens of their new links.
 */
export async function recordInvitations(
	groupId: string,
	emails: string[],
	invitedBy: string,
	now = new Date()
): Promise<{ email: string; token: string }[]> {
	const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS);
	return writeTransaction(async (tx) => {
		const sent: { email: string; token: string }[] = [];
		for (const email of emails) {
			const token = generateSessionToken();
			const changed = await tx
				.insert(groupInvitations)
				.values({
					id: crypto.randomUUID(),
					groupId,
					email,
					emailNormalized: normalizeEmail(email),
					tokenHash: sessionIdFromToken(token),
					invitedBy,
					createdAt: now,
					sentAt: now,
					expiresAt
				})
				.onConflictDoUpdate({
					target: [groupInvitations.groupId, groupInvitations.emailNormalized],
					set: {
						tokenHash: sessionIdFromToken(token),
						invitedBy,
						sentAt: now,
						expiresAt,
						cancelledAt: null
					},
					setWhere: isNull(groupInvitations.acceptedAt)
				})
				.returning({ id: groupInvitations.id });
			if (changed.length) sent.push({ email, token });
		}
		return sent;
	});
}

export type PendingInvitation = { id: string; email: string; sentAt: Date; expiresAt: Date };

/** Invitations of the group that are neither accepted nor cancelled, expired ones included. */
export async function pendingInvitations(groupId: string): Promise<PendingInvitation[]> {
	return getDb()
		.select({
			id: groupInvitations.id,
			email: groupInvitations.email,
			sentAt: groupInvitations.sentAt,
			expiresAt: groupInvitations.expiresAt
		})
		.from(groupInvitations)
		.where(
			and(
				eq(groupInvitations.groupId, groupId),
				isNull(groupInvitations.acceptedAt),
				isNull(groupInvitations.cancelledAt)
			)
		)
		.orderBy(asc(groupInvitations.email));
}

/** The pending invitation, if it belongs to the group; null otherwise (the route answers 404). */
export async function pendingInvitationOfGroup(groupId: string, invitationId: string) {
	const pending = await pendingInvitations(groupId);
	return pending.find((invitation) => invitation.id === invitationId) ?? null;
}

/**
 * Cancels the group's pending invitation, so its link stops working. Returns false when the group
 * has no such pending invitation: an accepted or cancelled one, an unknown id, or another group's,
 * which the same statement leaves alone.
 */
export async function cancelInvitation(groupId: string, invitationId: string, now = new Date()) {
	const result = await writeTransaction((tx) =>
		tx
			.update(groupInvitations)
			.set({ cancelledAt: now })
			.where(
				and(
					eq(groupInvitations.id, invitationId),
					eq(groupInvitations.groupId, groupId),
					isNull(groupInvitations.acceptedAt),
					isNull(groupInvitations.cancelledAt)
				)
			)
	);
	return result.rowsAffected > 0;
}

async function lookUpEmailInvitation(token: string, now: Date): Promise<InviteLookup> {
	const [row] = await getDb()
		.select({
			invitationId: groupInvitations.id,
			groupId: groups.id,
			groupName: groups.name,
			organisationId: organisations.id,
			organisationName: organisations.name,
			expiresAt: groupInvitations.expiresAt,
			cancelledAt: groupInvitations.cancelledAt
		})
		.from(groupInvitations)
		.innerJoin(groups, eq(groups.id, groupInvitations.groupId))
		.innerJoin(organisations, eq(organisations.id, groups.organisationId))
		.where(eq(groupInvitations.tokenHash, sessionIdFromToken(token)));
	if (!row) return { ok: false, reason: 'unknown' };
	if (row.cancelledAt) return { ok: false, reason: 'revoked' };
	if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
	const { invitationId, groupId, groupName, organisationId, organisationName } = row;
	return {
		ok: true,
		invite: { invitationId, groupId, groupName, organisationId, organisationName }
	};
}
