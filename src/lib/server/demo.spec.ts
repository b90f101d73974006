import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { assignedTo } from './assignments';
import { getCatalog } from './courses';
import { createDemoAccounts, DEMO_EDUCATOR, DEMO_INVITED_EMAIL, DEMO_LEARNER } from './demo';
import { pendingInvitations } from './invitations';
import { groupsInReachOf } from './groups';
import { logIn } from './accounts';
import { progressInCourses } from './progress';

useTestDatabase();

const NOW = new Date('2026-11-23T09:00:00.000Z');
const client = { address: '192.0.2.10', trustedDevices: [] };

async function userId(email: string) {
	const [row] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, email));
	return row.id;
}

describe('demo mode', () => {
	it('makes a learner and an educator who can sign in, and prints both logins', async () => {
		const lines: string[] = [];
		await createDemoAccounts((line) => lines.push(line), NOW);
		expect((await logIn(DEMO_LEARNER.email, DEMO_LEARNER.password, client)).ok).toBe(true);
		expect((await logIn(DEMO_EDUCATOR.email, DEMO_EDUCATOR.password, client)).ok).toBe(true);
		expect(lines).toContain(`  learner:  ${DEMO_LEARNER.email} / ${DEMO_LEARNER.password}`);
		expect(lines).toContain(`  educator: ${DEMO_EDUCATOR.email} / ${DEMO_EDUCATOR.password}`);
	});

	it('gives the educator a group with the course due next week and learners at every stage', async () => {
		await createDemoAccounts(() => {}, NOW);
		const educator = { id: await userId(DEMO_EDUCATOR.email), isAdmin: false };
		const [group] = await groupsInReachOf(educator);
		expect(group).toMatchObject({ name: 'New staff, autumn 2026', memberCount: 5 });

		const course = getCatalog().courses[0];
		const stageOf = async (n: number) => {
			const id = await userId(`learner${n}@demo.spire.test`);
			const progress = (await progressInCourses(id, [course])).get(course.id)!;
			const [assignment] = await assignedTo(id);
			return { progress, dueAt: assignment.dueAt };
		};
		const notStarted = await stageOf(1);
		expect(notStarted.progress.started).toBe(false);
		expect(notStarted.dueAt).toEqual(new Date(NOW.getTime() + 7 * 24 * 60 * 60 * 1000));
		expect((await stageOf(2)).progress.lessonsDone).toBe(Math.ceil(course.lessons.length / 2));
		const failed = (await stageOf(3)).progress;
		expect([failed.attemptCount, failed.quizPassed, failed.completedAt]).toEqual([1, false, null]);
		expect((await stageOf(4)).progress.completedAt).toEqual(NOW);
		const overdue = await stageOf(5);
		expect(overdue.dueAt!.getTime()).toBeLessThan(NOW.getTime());
		// The sixth is invited and has not joined: no account, a pending invitation.
		const invited = await pendingInvitations(group.id);
		expect(invited.map((invitation) => invitation.email)).toEqual([DEMO_INVITED_EMAIL]);
		expect(invited[0].expiresAt.getTime()).toBeGreaterThan(NOW.getTime());
		const accounts = await getDb().select().from(users).where(eq(users.email, DEMO_INVITED_EMAIL));
		expect(accounts).toEqual([]);
	});

	it('makes nothing twice when the server starts again', async () => {
		await createDemoAccounts(() => {}, NOW);
		await createDemoAccounts(() => {}, NOW);
		const [{ n }] = await getDb().select({ n: count() }).from(users);
		expect(n).toBe(7);
		const educator = { id: await userId(DEMO_EDUCATOR.email), isAdmin: false };
		const groups = await groupsInReachOf(educator);
		expect(groups).toHaveLength(1);
		expect(await pendingInvitations(groups[0].id)).toHaveLength(1);
	});
});
