/**
 * Groups of people in an organisation, e.g. "New staff, autumn 2026", which educators fill by
 * invite link and give courses to (assignments.ts). Who may see a group is decided by the
 * organisation it belongs to: `groupInReachOf` is the one door for every educator route.
 */
import { error } from '@sveltejs/kit';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb, preparedQuery, writeTransaction, type Transaction } from '$lib/server/db';
import {
	assignments,
	groupMembers,
	groups,
	memberships,
	organisations,
	users,
	type Group
} from '$lib/server/db/schema';
import {
	canEducate,
	listOrganisations,
	oneLineName,
	organisationsInReachOf
} from '$lib/server/organisations';

/** Longer group names are refused; "New staff, autumn 2026" is 22. */
export const GROUP_NAME_MAX_LENGTH = 120;

export const groupForm = z.object({
	organisationId: z.string().trim().max(64),
	name: oneLineName(GROUP_NAME_MAX_LENGTH, {
		required: () => m.error_group_name_required(),
		tooLong: (params) => m.error_group_name_too_long(params)
	})
});

export type Educator = { id: string; isAdmin: boolean };

const educatorMembership = preparedQuery((db) =>
	db
		.select({ organisationId: memberships.organisationId })
		.from(memberships)
		.where(and(eq(memberships.userId, sql.placeholder('userId')), eq(memberships.role, 'educator')))
		.limit(1)
		.prepare()
);

/** Whether the person is an educator anywhere: the header shows them the way to their groups. */
export async function isEducator(userId: string): Promise<boolean> {
	return (await educatorMembership().all({ userId })).length > 0;
}

/**
 * The organisations the person may run groups in, by name; 404 for anyone who is neither an
 * educator nor an admin, so /educate does not reveal itself to learners.
 */
export async function requireEducator(user: Educator) {
	const reach = await organisationsInReachOf(user);
	if (reach.length === 0 && !user.isAdmin) error(404, 'Not found');
	return listOrganisations(reach);
}

export type GroupInReach = Group & { organisationName: string };

/**
 * The group, if `user` may act as an educator of its organisation; else null, which routes
 * answer with 404 exactly like a group that does not exist.
 */
export async function groupInReachOf(
	user: Educator,
	groupId: string
): Promise<GroupInReach | null> {
	const [group] = await getDb()
		.select({ group: groups, organisationName: organisations.name })
		.from(groups)
		.innerJoin(organisations, eq(organisations.id, groups.organisationId))
		.where(eq(groups.id, groupId));
	if (!group) return null;
	return (await canEducate(user, group.group.organisationId))
		? { ...group.group, organisationName: group.organisationName }
		: null;
}

export async function createGroup(
	organisationId: string,
	name: string,
	now = new Date()
): Promise<Group> {
	const group: Group = {
		id: crypto.randomUUID(),
		organisationId,
		name,
		createdAt: now,
		updatedAt: now
	};
	await writeTransaction((tx) => tx.insert(groups).values(group));
	return group;
}

export async function renameGroup(groupId: string, name: string, now = new Date()) {
	await writeTransaction((tx) =>
		tx.update(groups).set({ name, updatedAt: now }).where(eq(groups.id, groupId))
	);
}

export type GroupListItem = {
	id: string;
	name: string;
	organisationId: string;
	organisationName: string;
	memberCount: number;
};

/** The groups of the organisations the educator reaches, with how many people are in each. */
export async function groupsInReachOf(user: Educator): Promise<GroupListItem[]> {
	return groupsOfOrganisations(await organisationsInReachOf(user));
}

/** The groups of these organisations, with how many people are in each, by organisation name. */
export async function groupsOfOrganisations(reach: string[]): Promise<GroupListItem[]> {
	if (reach.length === 0) return [];
	return getDb()
		.select({
			id: groups.id,
			name: groups.name,
			organisationId: groups.organisationId,
			organisationName: organisations.name,
			memberCount: count(groupMembers.userId)
		})
		.from(groups)
		.innerJoin(organisations, eq(organisations.id, groups.organisationId))
		.leftJoin(groupMembers, eq(groupMembers.groupId, groups.id))
		.where(inArray(groups.organisationId, reach))
		.groupBy(groups.id)
		.orderBy(
			asc(sql`${organisations.name} collate nocase`),
			asc(sql`${groups.name} collate nocase`)
		);
}

export type GroupMember = { userId: string; name: string; joinedAt: Date };

export async function membersOfGroup(groupId: string): Promise<GroupMember[]> {
	return getDb()
		.select({ userId: users.id, name: users.name, joinedAt: groupMembers.joinedAt })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(eq(groupMembers.groupId, groupId))
		.orderBy(asc(sql`${users.name} collate nocase`));
}

/**
 * The group page lists its people this many at a time. The matrix above the list already has a
 * row for everyone; a list of all 500 of a large group added a third to the page's size and a
 * quarter to its time (measured with `npm run bench -- --large`).
 */
export const GROUP_MEMBERS_PAGE_SIZE = 100;

export type GroupMembersPage = {
	members: GroupMember[];
	total: number;
	/** 1-based; clamped to the pages there are. */
	page: number;
	pageCount: number;
	/** The place of the first person on this page in the whole list, 1-based (0 when empty). */
	from: number;
};

/** One page of the group's people by name, and how many there are in all. */
export async function membersPage(
	groupId: string,
	requestedPage = 1,
	pageSize = GROUP_MEMBERS_PAGE_SIZE
): Promise<GroupMembersPage> {
	const db = getDb();
	const [{ total }] = await db
		.select({ total: count() })
		.from(groupMembers)
		.where(eq(groupMembers.groupId, groupId));
	const pageCount = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(1, requestedPage), pageCount);
	const members = await db
		.select({ userId: users.id, name: users.name, joinedAt: groupMembers.joinedAt })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(eq(groupMembers.groupId, groupId))
		.orderBy(asc(sql`${users.name} collate nocase`), asc(users.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize);
	return { members, total, page, pageCount, from: total ? (page - 1) * pageSize + 1 : 0 };
}

/** Whether every one of these people is in the group, in one query. */
export async function areAllInGroup(groupId: string, userIds: string[]): Promise<boolean> {
	const unique = [...new Set(userIds)];
	if (unique.length === 0) return true;
	const rows = await getDb()
		.select({ userId: groupMembers.userId })
		.from(groupMembers)
		.where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.userId, unique)));
	return rows.length === unique.length;
}

export async function isInGroup(groupId: string, userId: string): Promise<boolean> {
	const [row] = await getDb()
		.select({ userId: groupMembers.userId })
		.from(groupMembers)
		.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
	return Boolean(row);
}

/**
 * Puts the person in the group and, as a learner, in its organisation unless they already
 * belong to it. Joining twice changes nothing. Runs inside the caller's write transaction.
 */
export async function addToGroup(
	tx: Transaction,
	group: Pick<Group, 'id' | 'organisationId'>,
	userId: string,
	now: Date
): Promise<{ joined: boolean }> {
	const added = await tx
		.insert(groupMembers)
		.values({ groupId: group.id, userId, joinedAt: now })
		.onConflictDoNothing()
		.returning({ userId: groupMembers.userId });
	await tx
		.insert(memberships)
		.values({ userId, organisationId: group.organisationId, role: 'learner', createdAt: now })
		.onConflictDoNothing();
	return { joined: added.length > 0 };
}

/**
 * Takes the person out of the group. Their progress, attempts and certificates stay theirs;
 * the group's assignments simply no longer apply to them. Courses the organisation gave them
 * alone are seen and managed in its groups: once they are in none of them, those are withdrawn
 * too, rather than left running where no educator sees them.
 */
export async function removeFromGroup(
	groupId: string,
	userId: string,
	now = new Date()
): Promise<boolean> {
	return writeTransaction(async (tx) => {
		const removed = await tx
			.delete(groupMembers)
			.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
			.returning({ userId: groupMembers.userId });
		if (removed.length === 0) return false;
		const [group] = await tx
			.select({ organisationId: groups.organisationId })
			.from(groups)
			.where(eq(groups.id, groupId));
		const [stillIn] = await tx
			.select({ groupId: groupMembers.groupId })
			.from(groupMembers)
			.innerJoin(groups, eq(groups.id, groupMembers.groupId))
			.where(and(eq(groupMembers.userId, userId), eq(groups.organisationId, group.organisationId)))
			.limit(1);
		if (!stillIn) {
			await tx
				.update(assignments)
				.set({ withdrawnAt: now })
				.where(
					and(
						eq(assignments.userId, userId),
						eq(assignments.organisationId, group.organisationId),
						isNull(assignments.withdrawnAt)
					)
				);
		}
		return true;
	});
}
