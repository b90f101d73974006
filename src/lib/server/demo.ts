/**
 * Demo mode: accounts and a kindergarten so a newcomer can look around at once, as a learner and
 * as an educator. It runs when SPIRE_DEMO=true, or when SPIRE_DEMO is unset and NODE_ENV is not
 * production. It is safe to run at every start: nothing is made twice.
 *
 * The educator's kindergarten has one group with the first course assigned, due next week, and
 * six learners at different stages: not started, halfway, failed the quiz once, completed,
 * overdue (a due date of their own that has passed), and one invited by e-mail who has not joined
 * yet (a pending invitation; nothing is mailed, and nobody has the link).
 */
import { registerAccount, type Locale } from '$lib/server/accounts';
import { assignCourses, assignmentsOfGroup, setPersonalDueDate } from '$lib/server/assignments';
import type { CourseEntry } from '$lib/server/content/catalog';
import { getCatalog } from '$lib/server/courses';
import { writeTransaction } from '$lib/server/db';
import { addToGroup, createGroup } from '$lib/server/groups';
import { recordInvitations } from '$lib/server/invitations';
import { createOrganisation, makeEducator } from '$lib/server/organisations';
import { completeLesson } from '$lib/server/progress';
import { startAttempt, submitAttempt, type Answers } from '$lib/server/quizzes';

type DemoAccount = { name: string; email: string; password: string; locale: Locale };

export const DEMO_LEARNER: DemoAccount = {
	name: 'Demo Learner',
	email: 'learner@demo.spire.test',
	password: 'spire-demo-learner',
	locale: 'en'
};

export const DEMO_EDUCATOR: DemoAccount = {
	name: 'Demo Educator',
	email: 'educator@demo.spire.test',
	password: 'spire-demo-educator',
	locale: 'en'
};

/** The people in the demo group, by the stage they are at. Fictional names only. */
const DEMO_GROUP_LEARNERS = [
	{ name: 'Ella Nordby', stage: 'not-started' },
	{ name: 'Jonas Vik', stage: 'halfway' },
	{ name: 'Mira Holm', stage: 'failed-once' },
	{ name: 'Sander Lund', stage: 'completed' },
	{ name: 'Tuva Berg', stage: 'overdue' }
] as const;

type Stage = (typeof DEMO_GROUP_LEARNERS)[number]['stage'];

/** The sixth learner: invited to the demo group, with no account yet. */
export const DEMO_INVITED_EMAIL = 'learner6@demo.spire.test';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pre-verified: the demo has no mailbox to confirm an address from. Null when it exists. */
async function demoAccount(account: DemoAccount, now: Date): Promise<string | null> {
	const result = await registerAccount(account, now, { verified: true });
	return result.ok ? result.user.id : null;
}

/** Every question answered right, or every one wrong. */
function answers(course: CourseEntry, right: boolean): Answers {
	return Object.fromEntries(
		course.bank.questions.map((question) => {
			const correct = question.options.filter((option) => option.correct).map((o) => o.id);
			const wrong = question.options.find((option) => !option.correct)!.id;
			return [question.id, right ? correct : [wrong]];
		})
	);
}

async function takeQuiz(userId: string, course: CourseEntry, right: boolean, now: Date) {
	const attempt = await startAttempt(userId, course, now);
	const all = answers(course, right);
	const onPaper = Object.fromEntries(attempt.paper.map((p) => [p.questionId, all[p.questionId]]));
	await submitAttempt(userId, course, attempt.id, onPaper, now);
}

async function bringToStage(userId: string, course: CourseEntry, stage: Stage, now: Date) {
	const lessons =
		stage === 'not-started' || stage === 'overdue'
			? []
			: stage === 'halfway'
				? course.lessons.slice(0, Math.ceil(course.lessons.length / 2))
				: course.lessons;
	for (const lesson of lessons) await completeLesson(userId, course, lesson.id, 300, now);
	if (stage === 'failed-once') await takeQuiz(userId, course, false, now);
	if (stage === 'completed') await takeQuiz(userId, course, true, now);
}

/** The educator's kindergarten, group, assignment and learners; only on the first start. */
async function createDemoKindergarten(educatorId: string, now: Date) {
	const course = getCatalog().courses[0];
	const created = await createOrganisation({ name: 'Solsikken kindergarten (demo)' }, now);
	if (!course || !created.ok) return;
	const kindergarten = created.organisation;
	await makeEducator(kindergarten.id, educatorId, now);
	const group = await createGroup(kindergarten.id, 'New staff, autumn 2026', now);
	await assignCourses(
		{
			organisationId: kindergarten.id,
			target: { groupId: group.id },
			courseIds: [course.id],
			dueAt: new Date(now.getTime() + 7 * DAY_MS),
			assignedBy: educatorId
		},
		now
	);
	const [assignment] = await assignmentsOfGroup(group.id);
	for (const [index, { name, stage }] of DEMO_GROUP_LEARNERS.entries()) {
		const email = `learner${index + 1}@demo.spire.test`;
		const userId = await demoAccount({ ...DEMO_LEARNER, name, email }, now);
		if (!userId) continue;
		await writeTransaction((tx) => addToGroup(tx, group, userId, now));
		await bringToStage(userId, course, stage, now);
		if (stage === 'overdue') {
			await setPersonalDueDate(assignment.id, userId, new Date(now.getTime() - 2 * DAY_MS));
		}
	}
	await recordInvitations(group.id, [DEMO_INVITED_EMAIL], educatorId, now);
}

export async function createDemoAccounts(
	log: (line: string) => void = console.log,
	now = new Date()
) {
	await demoAccount(DEMO_LEARNER, now);
	const educatorId = await demoAccount(DEMO_EDUCATOR, now);
	if (educatorId) await createDemoKindergarten(educatorId, now);
	log('Spire demo mode: sign in with');
	log(`  learner:  ${DEMO_LEARNER.email} / ${DEMO_LEARNER.password}`);
	log(`  educator: ${DEMO_EDUCATOR.email} / ${DEMO_EDUCATOR.password}`);
	log('(set SPIRE_DEMO=false to turn demo mode off)');
}
