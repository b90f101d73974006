/**
 * Organisations and who belongs to them. An organisation is a kindergarten, or a municipality or
 * private chain with kindergartens under it. One level of nesting is enough: a parent cannot have
 * a parent itself, and an organisation with kindergartens under it cannot be put under another.
 * A person may belong to several organisations, as a learner or an educator of each.
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, writeTransaction, type Queryable } from '$lib/server/db';
import {
	memberships,
	organisations,
	users,
	type MembershipRole,
	type Organisation
} from '$lib/server/db/schema';
import { m } from '$lib/paraglide/messages';

/** Longer names than this are refused; real kindergarten and municipality names are far shorter. */
export const ORGANISATION_NAME_MAX_LENGTH = 120;

/** Counts characters as people see them, so an emoji or an accented letter counts once. */
export function characterCount(value: string) {
	return [...new Intl.Segmenter().segment(value)].length;
}

/**
 * A name shown on one line (an organisation, a group): control characters become spaces, and
 * its length is counted in characters as people see them, up to `max`.
 */
export function oneLineName(
	max: number,
	messages: { required: () => string; tooLong: (params: { max: number }) => string }
) {
	return (
		z
			.string()
			// Line breaks and other control characters have no place in a name shown in one line.
			.transform((value) => value.replace(/[\p{Cc}]+/gu, ' ').trim())
			.pipe(
				z
					.string()
					.min(1, { error: messages.required })
					.refine((value) => characterCount(value) <= max, {
						error: () => messages.tooLong({ max })
					})
			)
	);
}

const organisationName = oneLineName(ORGANISATION_NAME_MAX_LENGTH, {
	required: () => m.error_organisation_name_required(),
	tooLong: (params) => m.error_organisation_name_too_long(params)
});

/** The id of an existing organisation chosen in a form; empty means none. */
const optionalOrganisationId = z
	.string()
	.trim()
	.max(64)
	.transform((value) => value || null);

export const organisationForm = z.object({
	name: organisationName,
	parentId: optionalOrganisationId
});
export const renameForm = z.object({ name: organisationName });
export const parentForm = z.object({ parentId: optionalOrganisationId });

export const educatorForm = z.object({
	email: z
		.string()
		.trim()
		.min(1, { error: () => m.error_email_required() })
		.max(254, { error: () => m.error_email_invalid() })
});
export const memberForm = z.object({ userId: z.string().trim().min(1).max(64) });

/** What to tell an admin when an organisation cannot go where they asked. */
export function nestingMessage(problem: Exclude<NestingProblem, 'not-found'>): string {
	return {
		'parent-not-found': m.error_organisation_parent_not_found,
		'parent-is-itself': m.error_organisation_parent_is_itself,
		'parent-has-parent': m.error_organisation_parent_has_parent,
		'has-children': m.error_organisation_has_children
	}[problem]();
}

export type NestingProblem =
	'not-found' | 'parent-not-found' | 'parent-is-itself' | 'parent-has-parent' | 'has-children';

export type NestingResult = { ok: true } | { ok: false; reason: NestingProblem };

/** Why `organisationId` cannot go under `parentId`, checked inside the writing transaction. */
async function nestingProblem(
	tx: Queryable,
	organisationId: string | null,
	parentId: string
): Promise<NestingProblem | null> {
	if (parentId === organisationId) return 'parent-is-itself';
	const [parent] = await tx
		.select({ parentId: organisations.parentId })
		.from(organisations)
		.where(eq(organisations.id, parentId));
	if (!parent) return 'parent-not-found';
	if (parent.parentId !== null) return 'parent-has-parent';
	if (organisationId) {
		const [child] = await tx
			.select({ id: organisations.id })
			.from(organisations)
			.where(eq(organisations.parentId, organisationId))
			.limit(1);
		if (child) return 'has-children';
	}
	return null;
}

export type CreateResult =
	{ ok: true; organisation: Organisation } | { ok: false; reason: NestingProblem };

export async function createOrganisation(
	input: { name: string; parentId?: string | null },
	now = new Date()
): Promise<CreateResult> {
	const organisation: Organisation = {
		id: crypto.randomUUID(),
		name: input.name,
		parentId: input.parentId ?? null,
		createdAt: now,
		updatedAt: now
	};
	return writeTransaction(async (tx) => {
		if (organisation.parentId) {
			const problem = await nestingProblem(tx, null, organisation.parentId);
			if (problem) return { ok: false, reason: problem };
		}
		await tx.insert(organisations).values(organisation);
		return { ok: true, organisation };
	});
}

/** Renames the organisation; false when there is none with that id. */
export async function renameOrganisation(
	organisationId: string,
	name: string,
	now = new Date()
): Promise<boolean> {
	const result = await writeTransaction((tx) =>
		tx
			.update(organisations)
			.set({ name, updatedAt: now })
			.where(eq(organisations.id, organisationId))
	);
	return result.rowsAffected > 0;
}

/** Puts the organisation under `parentId`, or takes it out from under its parent (null). */
export async function setParentOrganisation(
	organisationId: string,
	parentId: string | null,
	now = new Date()
): Promise<NestingResult> {
	return writeTransaction(async (tx) => {
		const [organisation] = await tx
			.select({ id: organisations.id })
			.from(organisations)
			.where(eq(organisations.id, organisationId));
		if (!organisation) return { ok: false, reason: 'not-found' };
		if (parentId) {
			const problem = await nestingProblem(tx, organisationId, parentId);
			if (problem) return { ok: false, reason: problem };
		}
		await tx
			.update(organisations)
			.set({ parentId, updatedAt: now })
			.where(eq(organisations.id, organisationId));
		return { ok: true };
	});
}

export type OrganisationListItem = {
	id: string;
	name: string;
	parentId: string | null;
	/** 0 for a top-level organisation, 1 for one under a municipality or chain. */
	depth: 0 | 1;
	educatorCount: number;
	memberCount: number;
};

/**
 * The organisations (all of them, or those with the given ids), each top-level one followed by
 * those under it, by name.
 */
export async function listOrganisations(onlyIds?: string[]): Promise<OrganisationListItem[]> {
	const rows = await getDb()
		.select({
			id: organisations.id,
			name: organisations.name,
			parentId: organisations.parentId,
			educatorCount: sql<number>`count(${memberships.userId}) filter (where ${memberships.role} = 'educator')`,
			memberCount: sql<number>`count(${memberships.userId})`
		})
		.from(organisations)
		.leftJoin(memberships, eq(memberships.organisationId, organisations.id))
		.where(onlyIds ? inArray(organisations.id, onlyIds) : undefined)
		.groupBy(organisations.id)
		.orderBy(asc(sql`${organisations.name} collate nocase`), asc(organisations.id));
	const listed = new Set(rows.map((row) => row.id));
	const children = new Map<string, typeof rows>();
	for (const row of rows) {
		if (row.parentId && listed.has(row.parentId)) {
			children.set(row.parentId, [...(children.get(row.parentId) ?? []), row]);
		}
	}
	const ordered: OrganisationListItem[] = [];
	for (const row of rows) {
		if (row.parentId && listed.has(row.parentId)) continue;
		ordered.push({ ...row, depth: row.parentId ? 1 : 0 });
		for (const child of children.get(row.id) ?? []) ordered.push({ ...child, depth: 1 });
	}
	return ordered;
}

export type OrganisationDetail = Organisation & {
	parent: { id: string; name: string } | null;
	children: { id: string; name: string }[];
};

export async function findOrganisation(organisationId: string): Promise<OrganisationDetail | null> {
	const db = getDb();
	const [organisation] = await db
		.select()
		.from(organisations)
		.where(eq(organisations.id, organisationId));
	if (!organisation) return null;
	const related = await db
		.select({ id: organisations.id, name: organisations.name, parentId: organisations.parentId })
		.from(organisations)
		.where(
			or(
				eq(organisations.parentId, organisationId),
				organisation.parentId ? eq(organisations.id, organisation.parentId) : sql`false`
			)
		)
		.orderBy(asc(sql`${organisations.name} collate nocase`));
	const parent = related.find((row) => row.id === organisation.parentId);
	return {
		...organisation,
		parent: parent ? { id: parent.id, name: parent.name } : null,
		children: related
			.filter((row) => row.parentId === organisationId)
			.map(({ id, name }) => ({ id, name }))
	};
}

/** Top-level organisations other than `exceptId`: where an organisation may be put under. */
export async function possibleParents(exceptId?: string) {
	return getDb()
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(
			and(
				isNull(organisations.parentId),
				exceptId ? sql`${organisations.id} <> ${exceptId}` : undefined
			)
		)
		.orderBy(asc(sql`${organisations.name} collate nocase`));
}

export type Member = { userId: string; name: string; email: string; role: MembershipRole };

export async function listMembers(organisationId: string): Promise<Member[]> {
	return getDb()
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: memberships.role
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organisationId, organisationId))
		.orderBy(
			// Educators first, then by name.
			sql`${memberships.role} = 'educator' desc`,
			asc(sql`${users.name} collate nocase`),
			asc(users.id)
		);
}

export type MembershipResult = { ok: true } | { ok: false; reason: 'not-found' | 'not-a-member' };

/**
 * Adds the person to the organisation as a learner, or keeps their role if they already belong.
 * Returns not-found when either does not exist.
 */
export async function addMember(
	organisationId: string,
	userId: string,
	role: MembershipRole = 'learner',
	now = new Date()
): Promise<MembershipResult> {
	return writeTransaction(async (tx) => {
		if (!(await bothExist(tx, organisationId, userId))) return { ok: false, reason: 'not-found' };
		const insert = tx.insert(memberships).values({ userId, organisationId, role, createdAt: now });
		// Adding someone as an educator promotes an existing learner; adding as a learner never
		// demotes an educator.
		await (role === 'educator'
			? insert.onConflictDoUpdate({
					target: [memberships.userId, memberships.organisationId],
					set: { role: 'educator' }
				})
			: insert.onConflictDoNothing());
		return { ok: true };
	});
}

async function bothExist(tx: Queryable, organisationId: string, userId: string) {
	const [organisation] = await tx
		.select({ id: organisations.id })
		.from(organisations)
		.where(eq(organisations.id, organisationId));
	const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
	return Boolean(organisation && user);
}

/** Makes the person an educator of the organisation, adding them to it if need be. */
export function makeEducator(organisationId: string, userId: string, now = new Date()) {
	return addMember(organisationId, userId, 'educator', now);
}

/**
 * Takes the educator role away. The person stays in the organisation as a learner, so their place
 * in its groups and their own learning are untouched.
 */
export async function removeEducator(
	organisationId: string,
	userId: string
): Promise<MembershipResult> {
	const result = await writeTransaction((tx) =>
		tx
			.update(memberships)
			.set({ role: 'learner' })
			.where(
				and(
					eq(memberships.organisationId, organisationId),
					eq(memberships.userId, userId),
					eq(memberships.role, 'educator')
				)
			)
	);
	return result.rowsAffected > 0 ? { ok: true } : { ok: false, reason: 'not-a-member' };
}

/** The organisations the person belongs to, with their role in each. */
export async function membershipsOf(userId: string) {
	return getDb()
		.select({ id: organisations.id, name: organisations.name, role: memberships.role })
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(eq(memberships.userId, userId))
		.orderBy(asc(sql`${organisations.name} collate nocase`));
}

/**
 * The ids of the organisations whose groups, people and reports the person may see as an
 * educator: those they are an educator of, and every kindergarten under a municipality or chain
 * they are an educator of. An admin reaches every organisation.
 */
export async function organisationsInReachOf(user: {
	id: string;
	isAdmin: boolean;
}): Promise<string[]> {
	const db = getDb();
	if (user.isAdmin) {
		const rows = await db.select({ id: organisations.id }).from(organisations);
		return rows.map((row) => row.id);
	}
	const educatorOf = db
		.select({ id: memberships.organisationId })
		.from(memberships)
		.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'educator')));
	const rows = await db
		.select({ id: organisations.id })
		.from(organisations)
		.where(or(inArray(organisations.id, educatorOf), inArray(organisations.parentId, educatorOf)));
	return rows.map((row) => row.id);
}

/** Whether the person may act as an educator of this organisation (see organisationsInReachOf). */
export async function canEducate(
	user: { id: string; isAdmin: boolean },
	organisationId: string
): Promise<boolean> {
	// Admins reach every organisation: no need to list them all.
	return user.isAdmin || (await organisationsInReachOf(user)).includes(organisationId);
}
