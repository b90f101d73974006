import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, writeTransaction } from '$lib/server/db';
import {
	certificates,
	courseCompletions,
	notifications,
	quizAttempts,
	users
} from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { DAY, HOUR, T0, insertUser, later } from '$lib/server/__fixtures__/learning';
import { assignCourses, withdrawAssignment } from './assignments';
import { addToGroup, createGroup } from './groups';
import { createLogger } from './log';
import { configureMail } from './mail';
import { listNotifications, unreadCount } from './notifications';
import { createOrganisation } from './organisations';
import {
	emailRemindersOn,
	reminderKind,
	runReminders,
	setEmailReminders,
	type CourseRef
} from './reminders';

useTestDatabase();

const COURSE = { id: 'course-a', slug: 'course-a', title: 'Course A' };
const ORIGIN = 'https://spire.example';

/** Mail goes to the log (no SMTP_URL); the log is kept in memory and read back. */
let logged: string[];
const log = createLogger({ level: 'info' }, { write: (line: string) => void logged.push(line) });

function mailsTo(email: string) {
	return logged
		.map((line) => JSON.parse(line))
		.filter((line) => line.msg.startsWith('mail not sent') && line.to === email);
}

function run(now: Date) {
	return runReminders({ now, origin: ORIGIN, courses: [COURSE], log });
}

beforeEach(() => {
	logged = [];
	configureMail({ smtpUrl: undefined, mailFrom: 'Spire <no-reply@spire.test>' });
});

/** A learner whose address is confirmed: mail goes only to those. */
async function learner(name: string) {
	const id = await insertUser(name);
	await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, id));
	const [row] = await getDb().select().from(users).where(eq(users.id, id));
	return row;
}

/** A group with the learner in it, and the course assigned to the group, due at `dueAt`. */
async function assignToGroup(userIds: string[], dueAt: Date | null) {
	const created = await createOrganisation({ name: 'Lilletun kindergarten' }, T0);
	if (!created.ok) throw new Error(created.reason);
	const organisationId = created.organisation.id;
	const group = await createGroup(organisationId, 'New staff', T0);
	for (const userId of userIds) await writeTransaction((tx) => addToGroup(tx, group, userId, T0));
	const educator = await insertUser('Ingrid Educator');
	await assignCourses(
		{
			organisationId,
			target: { groupId: group.id },
			courseIds: [COURSE.id],
			dueAt,
			assignedBy: educator
		},
		T0
	);
	return { organisationId, group };
}

async function kindsOf(userId: string) {
	const rows = await getDb()
		.select({ kind: notifications.kind })
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.orderBy(notifications.createdAt);
	return rows.map((row) => row.kind);
}

describe('which reminder a due date calls for', () => {
	it('is the most urgent that applies', () => {
		const due = later(10 * DAY);
		expect(reminderKind(due, T0)).toBeNull();
		expect(reminderKind(due, later(3 * DAY))).toBe('reminder-7-days');
		expect(reminderKind(due, later(9 * DAY + HOUR))).toBe('reminder-1-day');
		expect(reminderKind(due, later(10 * DAY + 1))).toBe('reminder-overdue');
	});
});

describe('reminders', () => {
	it('sends each reminder once, however often the scheduler runs', async () => {
		const ada = await learner('Ada Learner');
		await assignToGroup([ada.id], later(5 * DAY));

		expect(await run(T0)).toEqual({ recorded: 1, mailed: 1, mailFailures: 0 });
		expect(await run(later(10 * 60 * 1000))).toEqual({ recorded: 0, mailed: 0, mailFailures: 0 });
		expect(await kindsOf(ada.id)).toEqual(['reminder-7-days']);
		const [mail] = mailsTo(ada.email);
		expect(mailsTo(ada.email)).toHaveLength(1);
		expect(mail.subject).toBe('Due soon: Course A');
		expect(mail.links).toEqual([`${ORIGIN}/courses/course-a`]);

		// A day before, and once overdue; each twice, each arriving once.
		for (const at of [4.5 * DAY, 4.6 * DAY, 5 * DAY + HOUR, 6 * DAY]) await run(later(at));
		expect(await kindsOf(ada.id)).toEqual([
			'reminder-7-days',
			'reminder-1-day',
			'reminder-overdue'
		]);
		expect(mailsTo(ada.email).map((m) => m.subject)).toEqual([
			'Due soon: Course A',
			'Due within a day: Course A',
			'Overdue: Course A'
		]);
		expect(await unreadCount(ada.id)).toBe(3);
		const [newest] = await listNotifications(ada.id);
		// Due dates read as dates in the reader's language, not as stored.
		expect(newest.text).toBe('Course A is overdue: it was due on 6 March 2025.');
	});

	it('catches up after missed runs with the overdue reminder only', async () => {
		const ada = await learner('Ada Learner');
		await assignToGroup([ada.id], later(5 * DAY));
		expect((await run(later(8 * DAY))).recorded).toBe(1);
		expect(await kindsOf(ada.id)).toEqual(['reminder-overdue']);
		await run(later(9 * DAY));
		expect(mailsTo(ada.email)).toHaveLength(1);
	});

	it('sends nothing before the last week, nor for courses without a due date', async () => {
		const ada = await learner('Ada Learner');
		await assignToGroup([ada.id], later(30 * DAY));
		const bo = await learner('Bo Learner');
		await assignToGroup([bo.id], null);
		expect((await run(T0)).recorded).toBe(0);
	});

	it('keeps in-app reminders for a learner who turned e-mail reminders off', async () => {
		const ada = await learner('Ada Learner');
		await setEmailReminders(ada.id, false);
		expect(await emailRemindersOn(ada.id)).toBe(false);
		await assignToGroup([ada.id], later(5 * DAY));
		expect(await run(T0)).toEqual({ recorded: 1, mailed: 0, mailFailures: 0 });
		expect(await kindsOf(ada.id)).toEqual(['reminder-7-days']);
		expect(mailsTo(ada.email)).toEqual([]);
	});

	it('sends nothing for a completed course or a withdrawn assignment', async () => {
		const ada = await learner('Ada Learner');
		const bo = await learner('Bo Learner');
		await assignToGroup([ada.id], later(5 * DAY));
		await getDb().insert(quizAttempts).values({
			id: 'attempt-1',
			userId: ada.id,
			courseId: COURSE.id,
			paper: [],
			startedAt: T0,
			submittedAt: T0,
			questionCount: 1,
			passMark: 80,
			passed: true
		});
		await getDb()
			.insert(courseCompletions)
			.values({ userId: ada.id, courseId: COURSE.id, completedAt: T0, attemptId: 'attempt-1' });
		const { group } = await assignToGroup([bo.id], later(5 * DAY));
		const [assignment] = await getDb().query.assignments.findMany({
			where: (a, { eq }) => eq(a.groupId, group.id)
		});
		await withdrawAssignment(group, assignment.id, T0);

		expect((await run(later(6 * DAY))).recorded).toBe(0);
		expect(mailsTo(ada.email)).toEqual([]);
	});

	it('sends once when two runs overlap', async () => {
		const ada = await learner('Ada Learner');
		const bo = await learner('Bo Learner');
		await assignToGroup([ada.id, bo.id], later(5 * DAY));
		const runs = await Promise.all([run(T0), run(T0)]);
		expect(runs.reduce((sum, r) => sum + r.recorded, 0)).toBe(2);
		expect(runs.reduce((sum, r) => sum + r.mailed, 0)).toBe(2);
		expect(mailsTo(ada.email)).toHaveLength(1);
		expect(mailsTo(bo.email)).toHaveLength(1);
	});
});

describe('a reminder in the learner’s language', () => {
	it('names the course by its Danish title in a Danish learner’s mail', async () => {
		const mette = await learner('Mette Learner');
		await getDb().update(users).set({ locale: 'da' }).where(eq(users.id, mette.id));
		await assignToGroup([mette.id], later(5 * DAY));
		const translated = {
			nb: null,
			da: { course: { title: 'Kursus A' } }
		} as unknown as NonNullable<CourseRef['translated']>;
		await runReminders({ now: T0, origin: ORIGIN, courses: [{ ...COURSE, translated }], log });
		const [mail] = mailsTo(mette.email);
		expect(mail.subject).toContain('Kursus A');
		expect(mail.subject).not.toContain('Course A');
	});
});

describe('certificate expiry reminders', () => {
	/** A certificate of the course for the learner, expiring at `expiresAt`. */
	async function certificate(userId: string, expiresAt: Date, id = crypto.randomUUID()) {
		await getDb()
			.insert(certificates)
			.values({
				id,
				code: id.replaceAll('-', '').slice(0, 17).toUpperCase(),
				issueKey: `test:${id}`,
				userId,
				holderName: 'Ada',
				courseId: COURSE.id,
				courseTitle: COURSE.title,
				courseVersion: '1',
				objectives: ['One'],
				minutes: 60,
				completedAt: T0,
				issuerName: 'Spire',
				issuedAt: T0,
				expiresAt,
				statusIndex: Math.floor(Math.random() * 1_000_000)
			});
		return id;
	}

	it('reminds 60 and 7 days before expiry, once each, in the app and by mail', async () => {
		const ada = await learner('Ada');
		const expiresAt = later(100 * DAY);
		await certificate(ada.id, expiresAt);
		expect((await run(later(30 * DAY))).recorded).toBe(0);
		expect((await run(later(41 * DAY))).recorded).toBe(1);
		expect((await run(later(42 * DAY))).recorded).toBe(0);
		expect((await run(later(94 * DAY))).recorded).toBe(1);
		expect((await run(later(95 * DAY))).recorded).toBe(0);
		const texts = (await listNotifications(ada.id)).map((n) => n.text);
		expect(texts).toHaveLength(2);
		expect(texts[0]).toMatch(/Your certificate for Course A expires on/);
		expect(mailsTo(ada.email)).toHaveLength(2);
		// Expired: nothing more.
		expect((await run(later(101 * DAY))).recorded).toBe(0);
	});

	it('does not remind of a renewed or revoked certificate', async () => {
		const ada = await learner('Ada');
		const old = await certificate(ada.id, later(50 * DAY));
		const renewal = await certificate(ada.id, later(400 * DAY));
		await getDb().update(certificates).set({ previousId: old }).where(eq(certificates.id, renewal));
		const bo = await learner('Bo');
		const revoked = await certificate(bo.id, later(50 * DAY));
		await getDb().update(certificates).set({ revokedAt: T0 }).where(eq(certificates.id, revoked));
		expect((await run(later(DAY))).recorded).toBe(0);
	});
});
