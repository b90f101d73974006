/**
 * Courses that an organisation assigns, to a group or to single people, with an optional due
 * date. A group assignment applies to whoever is in the group, including people who join later,
 * with the same due date; a person's own due date can override it. Withdrawing an assignment
 * keeps the row for the record and never touches progress.
 */
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb, writeTransaction } from '$lib/server/db';
import {
	assignmentDueDates,
	assignments,
	groupMembers,
	organisations,
	users,
	type Assignment
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
 * Ends the group's assignment. Returns false when the group has no such assignment in force: one
 * already withdrawn, an unknown id, or an assignment of another group or person, which the same
 * statement leaves alone (the group page answers 404 for all of these).
 */
export async function withdrawAssignment(groupId: string, assignmentId: string, now = new Date()) {
	const result = await writeTransaction((tx) =>
		tx
			.update(assignments)
			.set({ withdrawnAt: now })
			.where(
				and(
					eq(assignments.id, assignmentId),
					eq(assignments.groupId, groupId),
					isNull(assignments.withdrawnAt)
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
		.leftJoin(
			assignmentDueDates,
			and(
				eq(assignmentDueDates.assignmentId, assignments.id),
				eq(assignmentDueDates.userId, userId)
			)
		)
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
