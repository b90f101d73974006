import { describe, expect, it } from 'vitest';
import { getDb, writeTransaction } from '$lib/server/db';
import { assignments } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { DAY, T0, insertUser, later } from '$lib/server/__fixtures__/learning';
import {
	assignCourses,
	assignedTo,
	assignmentsInGroup,
	assignmentsOfGroup,
	assignmentsOfLearnerInGroup,
	dueDate,
	dueDateInputValue,
	dueStatus,
	setLearnerDueDate,
	setPersonalDueDate,
	withdrawAssignment,
	type AssignTarget
} from './assignments';
import { addToGroup, createGroup, removeFromGroup } from './groups';
import { createOrganisation } from './organisations';

useTestDatabase();

async function setUp() {
	const created = await createOrganisation({ name: 'Lilletun kindergarten' }, T0);
	if (!created.ok) throw new Error(created.reason);
	const kindergarten = created.organisation;
	const group = await createGroup(kindergarten.id, 'New staff', T0);
	const educator = await insertUser('Ingrid Educator');
	return { kindergarten, group, educator };
}

describe('due dates from a form', () => {
	it('reads a date as the end of that day, or none', () => {
		expect(dueDate.parse('2026-12-31')).toEqual(new Date('2026-12-31T23:59:59.999Z'));
		expect(dueDate.parse('')).toBeNull();
		expect(dueDateInputValue(dueDate.parse('2026-12-31'))).toBe('2026-12-31');
	});

	it('refuses dates that do not exist and typing mistakes, but allows the past', () => {
		for (const bad of ['2026-02-30', '31.12.2026', '12026-01-01', '1900-01-01', 'tomorrow']) {
			expect(dueDate.safeParse(bad).success, bad).toBe(false);
		}
		expect(dueDate.safeParse('2020-01-01').success).toBe(true);
	});

	it('tells overdue, due soon and done apart', () => {
		const now = T0;
		expect(dueStatus(later(-1), null, now)).toBe('overdue');
		expect(dueStatus(later(6 * DAY), null, now)).toBe('due-soon');
		expect(dueStatus(later(8 * DAY), null, now)).toBe('on-time');
		expect(dueStatus(null, null, now)).toBe('no-due-date');
		expect(dueStatus(later(-DAY), later(-2 * DAY), now)).toBe('done');
	});
});

describe('assigning courses', () => {
	it('gives a group assignment to its members, including people who join later, with the same due date', async () => {
		const { kindergarten, group, educator } = await setUp();
		const early = await insertUser('Early Member');
		await writeTransaction((tx) => addToGroup(tx, group, early, T0));
		const due = later(14 * DAY);
		await assignCourses(
			{
				organisationId: kindergarten.id,
				target: { groupId: group.id },
				courseIds: ['course-1'],
				dueAt: due,
				assignedBy: educator
			},
			T0
		);
		const late = await insertUser('Late Member');
		await writeTransaction((tx) => addToGroup(tx, group, late, later(DAY)));
		for (const learner of [early, late]) {
			expect(await assignedTo(learner)).toEqual([
				{
					courseId: 'course-1',
					dueAt: due,
					from: [{ assignedBy: 'Ingrid Educator', organisationName: 'Lilletun kindergarten' }]
				}
			]);
		}
		expect(await assignedTo(await insertUser('Outsider'))).toEqual([]);
	});

	it('stores a double submit once and takes the newer due date', async () => {
		const { kindergarten, group, educator } = await setUp();
		const input = {
			organisationId: kindergarten.id,
			target: { groupId: group.id },
			courseIds: ['course-1', 'course-1'],
			assignedBy: educator
		};
		expect(await assignCourses({ ...input, dueAt: later(7 * DAY) }, T0)).toBe(1);
		expect(await assignCourses({ ...input, dueAt: later(9 * DAY) }, T0)).toBe(0);
		const stored = await assignmentsOfGroup(group.id);
		expect(stored).toHaveLength(1);
		expect(stored[0].dueAt).toEqual(later(9 * DAY));
	});

	it('assigns to single people, lets a personal due date override the group one, and takes the earliest', async () => {
		const { kindergarten, group, educator } = await setUp();
		const learner = await insertUser('Noor');
		await writeTransaction((tx) => addToGroup(tx, group, learner, T0));
		await assignCourses(
			{
				organisationId: kindergarten.id,
				target: { groupId: group.id },
				courseIds: ['course-1'],
				dueAt: later(30 * DAY),
				assignedBy: educator
			},
			T0
		);
		const [groupAssignment] = await assignmentsOfGroup(group.id);
		await setPersonalDueDate(groupAssignment.id, learner, later(40 * DAY));
		expect((await assignedTo(learner))[0].dueAt).toEqual(later(40 * DAY));

		await assignCourses(
			{
				organisationId: kindergarten.id,
				target: { userIds: [learner] },
				courseIds: ['course-1', 'course-2'],
				dueAt: later(10 * DAY),
				assignedBy: educator
			},
			T0
		);
		const mine = await assignedTo(learner);
		expect(mine.map((a) => [a.courseId, a.dueAt, a.from.length])).toEqual([
			['course-1', later(10 * DAY), 2],
			['course-2', later(10 * DAY), 1]
		]);
	});

	it('drops withdrawn assignments and the assignments of a group the person left', async () => {
		const { kindergarten, group, educator } = await setUp();
		const learner = await insertUser();
		await writeTransaction((tx) => addToGroup(tx, group, learner, T0));
		await assignCourses(
			{
				organisationId: kindergarten.id,
				target: { groupId: group.id },
				courseIds: ['course-1', 'course-2'],
				dueAt: null,
				assignedBy: educator
			},
			T0
		);
		const [first] = await assignmentsOfGroup(group.id);
		expect(await withdrawAssignment(group, first.id, later(DAY))).toBe(true);
		expect(await withdrawAssignment(group, first.id, later(DAY))).toBe(false);
		expect((await assignedTo(learner)).map((a) => a.courseId)).toEqual(['course-2']);
		await removeFromGroup(group.id, learner);
		expect(await assignedTo(learner)).toEqual([]);
	});

	it('withdraws an assignment only through the group it was made for, or a group of the person it was given to', async () => {
		const { kindergarten, group, educator } = await setUp();
		const otherGroup = await createGroup(kindergarten.id, 'Other staff', T0);
		const learner = await insertUser();
		await writeTransaction((tx) => addToGroup(tx, group, learner, T0));
		const assign = (target: { groupId: string } | { userIds: string[] }) =>
			assignCourses(
				{
					organisationId: kindergarten.id,
					target,
					courseIds: ['course-1'],
					dueAt: null,
					assignedBy: educator
				},
				T0
			);
		await assign({ groupId: group.id });
		await assign({ userIds: [learner] });
		const [groupAssignment] = await assignmentsOfGroup(group.id);
		const personal = (await getDb().select().from(assignments)).find((a) => a.userId === learner)!;

		expect(await withdrawAssignment(otherGroup, groupAssignment.id, later(DAY))).toBe(false);
		// The person is not in the other group: what was given to them is not its business.
		expect(await withdrawAssignment(otherGroup, personal.id, later(DAY))).toBe(false);
		expect(await withdrawAssignment(group, 'no-such-assignment', later(DAY))).toBe(false);
		expect((await assignmentsOfGroup(group.id)).map((a) => a.id)).toEqual([groupAssignment.id]);
		const inForce = await getDb().select().from(assignments);
		expect(inForce.every((a) => a.withdrawnAt === null)).toBe(true);

		// Through a group the person is in, it can be withdrawn, once.
		expect(await withdrawAssignment(group, personal.id, later(DAY))).toBe(true);
		expect(await withdrawAssignment(group, personal.id, later(DAY))).toBe(false);
	});

	it("lists the group's assignments and those of its organisation to single members on the group's page", async () => {
		const { kindergarten, group, educator } = await setUp();
		const [noor, ola, outsider] = [
			await insertUser('Noor'),
			await insertUser('Ola'),
			await insertUser('Outsider')
		];
		for (const id of [noor, ola]) await writeTransaction((tx) => addToGroup(tx, group, id, T0));
		const assign = (target: AssignTarget, courseId: string) =>
			assignCourses(
				{
					organisationId: kindergarten.id,
					target,
					courseIds: [courseId],
					dueAt: later(7 * DAY),
					assignedBy: educator
				},
				T0
			);
		await assign({ groupId: group.id }, 'course-1');
		await assign({ userIds: [noor, outsider] }, 'course-2');
		const other = await createOrganisation({ name: 'Other kindergarten' }, T0);
		if (!other.ok) throw new Error(other.reason);
		await assignCourses(
			{
				organisationId: other.organisation.id,
				target: { userIds: [ola] },
				courseIds: ['course-3'],
				dueAt: null,
				assignedBy: educator
			},
			T0
		);

		const listed = await assignmentsInGroup(group);
		expect(listed.map((a) => [a.courseId, a.person?.name ?? null])).toEqual([
			['course-1', null],
			['course-2', 'Noor']
		]);
		expect((await assignmentsOfLearnerInGroup(group, noor)).map((a) => a.courseId)).toEqual([
			'course-1',
			'course-2'
		]);
		// Another organisation's assignment to Ola is not this group's business.
		expect((await assignmentsOfLearnerInGroup(group, ola)).map((a) => a.courseId)).toEqual([
			'course-1'
		]);
	});

	it("sets and clears a person's own due date in a group assignment, and the date of their own assignment", async () => {
		const { kindergarten, group, educator } = await setUp();
		const noor = await insertUser('Noor');
		await writeTransaction((tx) => addToGroup(tx, group, noor, T0));
		const assignments: [AssignTarget, string][] = [
			[{ groupId: group.id }, 'course-1'],
			[{ userIds: [noor] }, 'course-2']
		];
		for (const [target, courseId] of assignments) {
			await assignCourses(
				{
					organisationId: kindergarten.id,
					target,
					courseIds: [courseId],
					dueAt: later(7 * DAY),
					assignedBy: educator
				},
				T0
			);
		}
		const [forGroup, alone] = await assignmentsOfLearnerInGroup(group, noor);
		expect([forGroup.forGroup, alone.forGroup]).toEqual([true, false]);
		expect(forGroup.ownDueDate).toBeNull();

		await setLearnerDueDate(forGroup, noor, later(20 * DAY));
		await setLearnerDueDate(alone, noor, null);
		expect((await assignedTo(noor)).map((a) => [a.courseId, a.dueAt])).toEqual([
			['course-1', later(20 * DAY)],
			['course-2', null]
		]);
		const [withOwn] = await assignmentsOfLearnerInGroup(group, noor);
		expect(withOwn).toMatchObject({
			dueAt: later(7 * DAY),
			ownDueDate: { dueAt: later(20 * DAY) }
		});

		// No date of their own: the group's applies again.
		await setLearnerDueDate(forGroup, noor, null);
		expect((await assignmentsOfLearnerInGroup(group, noor))[0].ownDueDate).toBeNull();
		expect((await assignedTo(noor))[0].dueAt).toEqual(later(7 * DAY));
	});

	it('withdraws what was given to a person alone once they are in none of the groups of that organisation', async () => {
		const { kindergarten, group, educator } = await setUp();
		const second = await createGroup(kindergarten.id, 'Second group', T0);
		const noor = await insertUser('Noor');
		for (const g of [group, second]) await writeTransaction((tx) => addToGroup(tx, g, noor, T0));
		await assignCourses(
			{
				organisationId: kindergarten.id,
				target: { userIds: [noor] },
				courseIds: ['course-1'],
				dueAt: null,
				assignedBy: educator
			},
			T0
		);
		await removeFromGroup(group.id, noor, later(DAY));
		// Still seen, and managed, in the second group.
		expect((await assignedTo(noor)).map((a) => a.courseId)).toEqual(['course-1']);
		expect(await assignmentsInGroup(second)).toHaveLength(1);
		await removeFromGroup(second.id, noor, later(DAY));
		expect(await assignedTo(noor)).toEqual([]);
	});
});
