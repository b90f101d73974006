/**
 * Courses that an organisation assigns, to a group or to single people, with an optional due
 * date. A group assignment applies to whoever is in the group, including people who join later,
 * with the same due date; a person's own due date can override it. Withdrawing an assignment
 * keeps the row for the record and never touches progress.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb, writeTransaction } from '$lib/server/db';
import {
	assignmentDueDates,
	assignments,
	groupMembers,
	organisations,
	users,
	type Assignment,
	type Group
} from '$lib/server/db/schema';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A due date this close is "due soon". */
export const DUE_SOON_DAYS = 7;

/**
 * A due date as `<input type="date">` sends it (YYYY-MM-DD), or empty for none. The course is
 * due at the end of that day, UTC. A date in the past is allowed (it shows as overdue at once),
 * but not one before 2000 or after 2100, which are typing mistakes.
 */
export const dueDate = z
	.string()
	.trim()
	.transform((value, context) => {
		if (value === '') return null;
		const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
		const date = match && new Date(`${value}T23:59:59.999Z`);
		const valid =
			date &&
			!Number.isNaN(date.getTime()) &&
			date.toISOString().startsWith(value) &&
			date.getUTCFullYear() >= 2000 &&
			date.getUTCFullYear() <= 2100;
		if (!valid) {
			context.addIssue({ code: 'custom', message: m.error_due_date_invalid() });
			return z.NEVER;
		}
		return date;
	});

/** Turns a stored due date back into what `<input type="date">` shows. */
export function dueDateInputValue(dueAt: Date | null): string {
	return dueAt ? dueAt.toISOString().slice(0, 10) : '';
}

export type DueStatus = 'overdue' | 'due-soon' | 'on-time' | 'no-due-date' | 'done';

/** The badge for an assignment: done courses are never late. */
export function dueStatus(dueAt: Date | null, completedAt: Date | null, now: Date): DueStatus {
	if (completedAt) return 'done';
	if (!dueAt) return 'no-due-date';
	if (dueAt.getTime() < now.getTime()) return 'overdue';
	if (dueAt.getTime() - now.getTime() <= DUE_SOON_DAYS * DAY_MS) return 'due-soon';
	return 'on-time';
}

export type AssignTarget = { groupId: string } | { userIds: string[] };

/**
 * Assigns each course to the group, or to each person. A course already assigned to the same
 * target and not withdrawn gets the new due date instead of a second assignment, so a double
 * submit stores once.
 */
export async function assignCourses(
	input: {
		organisationId: string;
		target: AssignTarget;
		courseIds: string[];
		dueAt: Date | null;
		assignedBy: string;
	},
	now = new Date()
): Promise<number> {
	const { organisationId, target, courseIds, dueAt, assignedBy } = input;
	const targets =
		'groupId' in target
			? [{ groupId: target.groupId, userId: null }]
			: [...new Set(target.userIds)].map((userId) => ({ groupId: null, userId }));
	return writeTransaction(async (tx) => {
		let made = 0;
		for (const { groupId, userId } of targets) {
			for (const courseId of new Set(courseIds)) {
				const [existing] = await tx
					.select({ id: assignments.id })
					.from(assignments)
					.where(
						and(
							eq(assignments.organisationId, organisationId),
							eq(assignments.courseId, courseId),
							isNull(assignments.withdrawnAt),
							groupId ? eq(assignments.groupId, groupId) : eq(assignments.userId, userId!)
						)
					);
				if (existing) {
					await tx.update(assignments).set({ dueAt }).where(eq(assignments.id, existing.id));
					continue;
				}
				await tx.insert(assignments).values({
					id: crypto.randomUUID(),
					organisationId,
					groupId,
					userId,
					courseId,
					dueAt,
					assignedBy,
					createdAt: now
				});
				made++;
			}
		}
		return made;
	});
}

/**
 * Withdraws an assignment seen on the group's page: one made for the group, or one given to a
 * single member of it by the group's organisation. The check is part of the statement, so an id
 * from elsewhere changes nothing; false when there was nothing to withdraw.
 */
export async function withdrawAssignment(group: GroupRef, assignmentId: string, now = new Date()) {
	const result = await writeTransaction((tx) =>
		tx
			.update(assignments)
			.set({ withdrawnAt: now })
			.where(
				and(
					eq(assignments.id, assignmentId),
					isNull(assignments.withdrawnAt),
					or(
						eq(assignments.groupId, group.id),
						and(
							eq(assignments.organisationId, group.organisationId),
							inArray(
								assignments.userId,
								tx
									.select({ userId: groupMembers.userId })
									.from(groupMembers)
									.where(eq(groupMembers.groupId, group.id))
							)
						)
					)
				)
			)
	);
	return result.rowsAffected > 0;
}

/** Gives one person of a group assignment a due date of their own (null: no due date). */
export async function setPersonalDueDate(assignmentId: string, userId: string, dueAt: Date | null) {
	await writeTransaction((tx) =>
		tx
			.insert(assignmentDueDates)
			.values({ assignmentId, userId, dueAt })
			.onConflictDoUpdate({
				target: [assignmentDueDates.assignmentId, assignmentDueDates.userId],
				set: { dueAt }
			})
	);
}

/** Takes away the person's own due date: the group's applies again. */
export async function clearPersonalDueDate(assignmentId: string, userId: string) {
	await writeTransaction((tx) =>
		tx
			.delete(assignmentDueDates)
			.where(
				and(
					eq(assignmentDueDates.assignmentId, assignmentId),
					eq(assignmentDueDates.userId, userId)
				)
			)
	);
}

/**
 * The person's due date in one assignment, as an educator sets it on the learner's page. For a
 * group assignment it is the person's own date, and none gives them the group's again; for an
 * assignment to the person alone it is the assignment's date, and none means no due date.
 */
export async function setLearnerDueDate(
	assignment: Pick<LearnerAssignment, 'id' | 'forGroup'>,
	userId: string,
	dueAt: Date | null
) {
	if (!assignment.forGroup) {
		await writeTransaction((tx) =>
			tx.update(assignments).set({ dueAt }).where(eq(assignments.id, assignment.id))
		);
	} else if (dueAt) {
		await setPersonalDueDate(assignment.id, userId, dueAt);
	} else {
		await clearPersonalDueDate(assignment.id, userId);
	}
}

export async function findAssignment(assignmentId: string): Promise<Assignment | null> {
	const [row] = await getDb().select().from(assignments).where(eq(assignments.id, assignmentId));
	return row ?? null;
}

/** The group's assignments that are not withdrawn, oldest first. */
export async function assignmentsOfGroup(groupId: string): Promise<Assignment[]> {
	return getDb()
		.select()
		.from(assignments)
		.where(and(eq(assignments.groupId, groupId), isNull(assignments.withdrawnAt)))
		.orderBy(asc(assignments.createdAt));
}

type GroupRef = Pick<Group, 'id' | 'organisationId'>;

/** Joins an assignment to the due date of the person's own, if they have one. */
function ownDueDateOf(userId: string) {
	return and(
		eq(assignmentDueDates.assignmentId, assignments.id),
		eq(assignmentDueDates.userId, userId)
	);
}

export type GroupAssignmentItem = {
	id: string;
	courseId: string;
	dueAt: Date | null;
	/** Null for an assignment to the whole group; else the one person it is for. */
	person: { userId: string; name: string } | null;
};

/**
 * What an educator manages on the group's page, oldest first: the group's assignments, and the
 * assignments of its organisation to single people who are in the group. Withdrawn ones are left
 * out. Someone assigned a course of their own shows it in every group of that organisation they
 * are in.
 */
export async function assignmentsInGroup(group: GroupRef): Promise<GroupAssignmentItem[]> {
	const rows = await getDb()
		.select({
			id: assignments.id,
			courseId: assignments.courseId,
			dueAt: assignments.dueAt,
			userId: assignments.userId,
			name: users.name
		})
		.from(assignments)
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, assignments.userId))
		)
		.leftJoin(users, eq(users.id, groupMembers.userId))
		.where(
			and(
				isNull(assignments.withdrawnAt),
				or(
					eq(assignments.groupId, group.id),
					and(eq(assignments.organisationId, group.organisationId), isNotNull(groupMembers.userId))
				)
			)
		)
		.orderBy(asc(assignments.createdAt), asc(users.name), asc(assignments.courseId));
	return rows.map(({ id, courseId, dueAt, userId, name }) => ({
		id,
		courseId,
		dueAt,
		person: userId && name !== null ? { userId, name } : null
	}));
}

export type LearnerAssignment = {
	id: string;
	courseId: string;
	/** True for the group's assignment, false for one given to the person alone. */
	forGroup: boolean;
	/** The assignment's own due date: the group's, or the person's alone. */
	dueAt: Date | null;
	/** For a group assignment: whether the person has a date of their own, and which. */
	ownDueDate: { dueAt: Date | null } | null;
};

/**
 * The assignments that reach the person through the group: the group's, with the person's own due
 * date where they have one, and those the group's organisation gave the person alone.
 */
export async function assignmentsOfLearnerInGroup(
	group: GroupRef,
	userId: string
): Promise<LearnerAssignment[]> {
	const rows = await getDb()
		.select({
			id: assignments.id,
			courseId: assignments.courseId,
			groupId: assignments.groupId,
			dueAt: assignments.dueAt,
			hasOwnDueDate: sql<number>`${assignmentDueDates.assignmentId} is not null`,
			ownDueAt: assignmentDueDates.dueAt
		})
		.from(assignments)
		.leftJoin(assignmentDueDates, ownDueDateOf(userId))
		.where(
			and(
				isNull(assignments.withdrawnAt),
				or(
					eq(assignments.groupId, group.id),
					and(eq(assignments.organisationId, group.organisationId), eq(assignments.userId, userId))
				)
			)
		)
		.orderBy(asc(assignments.createdAt), asc(assignments.courseId));
	return rows.map((row) => ({
		id: row.id,
		courseId: row.courseId,
		forGroup: row.groupId !== null,
		dueAt: row.dueAt,
		ownDueDate: row.hasOwnDueDate ? { dueAt: row.ownDueAt } : null
	}));
}

export type AssignedCourse = {
	courseId: string;
	/** The earliest due date among the assignments of this course that apply to the person. */
	dueAt: Date | null;
	/** Who assigned it, and from which organisation: one entry per assignment. */
	from: { assignedBy: string | null; organisationName: string }[];
};

/**
 * The courses assigned to the person, directly or through their groups, in one query. Several
 * assignments of the same course (two groups, say) become one entry with the earliest due date.
 */
export async function assignedTo(userId: string): Promise<AssignedCourse[]> {
	const rows = await getDb()
		.select({
			courseId: assignments.courseId,
			groupDueAt: assignments.dueAt,
			personalDueAt: assignmentDueDates.dueAt,
			hasPersonalDueDate: sql<number>`${assignmentDueDates.assignmentId} is not null`,
			assignedBy: users.name,
			organisationName: organisations.name
		})
		.from(assignments)
		.innerJoin(organisations, eq(organisations.id, assignments.organisationId))
		.leftJoin(users, eq(users.id, assignments.assignedBy))
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, assignments.groupId), eq(groupMembers.userId, userId))
		)
		.leftJoin(assignmentDueDates, ownDueDateOf(userId))
		.where(
			and(
				isNull(assignments.withdrawnAt),
				or(eq(assignments.userId, userId), eq(groupMembers.userId, userId))
			)
		)
		.orderBy(asc(assignments.createdAt));
	const byCourse = new Map<string, AssignedCourse>();
	for (const row of rows) {
		const dueAt = row.hasPersonalDueDate ? row.personalDueAt : row.groupDueAt;
		const entry = byCourse.get(row.courseId);
		const from = { assignedBy: row.assignedBy, organisationName: row.organisationName };
		if (!entry) {
			byCourse.set(row.courseId, { courseId: row.courseId, dueAt, from: [from] });
			continue;
		}
		entry.from.push(from);
		if (dueAt && (!entry.dueAt || dueAt < entry.dueAt)) entry.dueAt = dueAt;
	}
	return [...byCourse.values()];
}
