import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { getClient, getDb, writeTransaction } from '$lib/server/db';
import {
	loginThrottles,
	quizAnswers,
	quizAttempts,
	recoveryCodes,
	remindersSent,
	sessions,
	twoFactorCredentials,
	users
} from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { registerAccount } from '$lib/server/accounts';
import { createAccountLink } from '$lib/server/account-links';
import { VERBS } from '$lib/server/events';
import {
	EXPORT_FORMAT,
	accountDeletionForm,
	deleteAccount,
	exportFileName,
	exportPersonalData,
	retentionFacts
} from '$lib/server/privacy';
import { assignCourses, assignmentsOfGroup, setPersonalDueDate } from '$lib/server/assignments';
import { addToGroup, createGroup } from '$lib/server/groups';
import { addNotification } from '$lib/server/notifications';
import { issueMissingCertificates, setCertificateName } from '$lib/server/certificates';
import { addMember, createOrganisation } from '$lib/server/organisations';
import { codeAt, confirmEnrolment, startEnrolment } from '$lib/server/two-factor';
import { completeLesson, recordLessonVisit } from '$lib/server/progress';
import { emptyText, saveDraft, submitDraft } from '$lib/server/referrals';
import { startAttempt, submitAttempt } from '$lib/server/quizzes';
import { createSession, generateSessionToken } from '$lib/server/sessions';
import { addressAccountKey, countMail, recordFailure, throttleKey } from '$lib/server/throttle';
import {
	DAY,
	MINUTE,
	QUESTIONS,
	T0,
	answersWith,
	later,
	makeCourse,
	seededRandom
} from '$lib/server/__fixtures__/learning';

const HOME = 'https://spire.example';
const course = makeCourse();

async function learner(name: string, email: string, password: string) {
	const result = await registerAccount({ name, email, password, locale: 'nb' }, T0);
	if (!result.ok) throw new Error('registration failed');
	return result.user;
}

/**
 * A learner who did a bit of everything: a lesson visit, every lesson completed, a failed and a
 * passed attempt (which completes the course), a login, and failed logins against their email.
 */
async function busyLearner(name: string, email: string, password: string) {
	const user = await learner(name, email, password);
	const token = generateSessionToken();
	await createSession(token, user.id, T0);
	await createAccountLink(user.id, 'password-reset', T0);
	await countMail(user.id, T0);
	recordLessonVisit(user.id, course.id, course.lessons[0].id, later(MINUTE));
	for (const [i, lesson] of course.lessons.entries()) {
		await completeLesson(user.id, course, lesson.id, 90, later((i + 2) * MINUTE));
	}
	const failed = await startAttempt(user.id, course, later(10 * MINUTE), {
		random: seededRandom(1)
	});
	await submitAttempt(
		user.id,
		course,
		failed.id,
		answersWith(['q-single', 'q-multiple']),
		later(11 * MINUTE)
	);
	const passed = await startAttempt(user.id, course, later(12 * MINUTE), {
		random: seededRandom(2)
	});
	await submitAttempt(user.id, course, passed.id, answersWith(['q-case']), later(13 * MINUTE));
	await recordFailure(
		[
			throttleKey('account', email.toLowerCase()),
			addressAccountKey('192.0.2.1', email.toLowerCase())
		],
		later(20 * MINUTE)
	);
	const organisation = await createOrganisation({ name: `${name}'s kindergarten` });
	if (!organisation.ok) throw new Error(organisation.reason);
	const organisationId = organisation.organisation.id;
	await addMember(organisationId, user.id, 'learner', T0);
	const group = await createGroup(organisationId, `${name}'s group`, T0);
	await writeTransaction((tx) => addToGroup(tx, group, user.id, T0));
	await assignCourses(
		{
			organisationId,
			target: { groupId: group.id },
			courseIds: [course.id],
			dueAt: later(DAY),
			assignedBy: user.id
		},
		T0
	);
	const [groupAssignment] = await assignmentsOfGroup(group.id);
	await setPersonalDueDate(groupAssignment.id, user.id, later(2 * DAY));
	await assignCourses(
		{
			organisationId,
			target: { userIds: [user.id] },
			courseIds: [course.id],
			dueAt: later(DAY),
			assignedBy: user.id
		},
		T0
	);
	const enrolment = await startEnrolment(user.id, T0);
	await confirmEnrolment(user.id, codeAt(decodeBase32IgnorePadding(enrolment!.secret), T0), T0);
	await writeTransaction(async (tx) => {
		const reminder = { userId: user.id, kind: 'reminder-7-days' as const };
		await addNotification(
			tx,
			{ ...reminder, params: { courseTitle: course.title, dueDate: '2025-03-02' }, link: '/' },
			T0
		);
		await tx
			.insert(remindersSent)
			.values({ ...reminder, courseId: course.id, dueAt: later(DAY), sentAt: T0 });
	});
	// A practice notification of concern submitted, and a draft of another.
	const practice = { confirmFictional: false, personalDataKinds: [] };
	await submitDraft(user.id, 'ex-submitted', {
		...practice,
		text: { ...emptyText(), observations: `${name} saw it on 1 March.` },
		baseRevision: 0,
		courseId: course.id,
		templateCountry: 'NO',
		locale: 'nb',
		openFlags: 0
	});
	await saveDraft(user.id, 'ex-drafted', {
		...practice,
		text: { ...emptyText(), observations: `${name} is still writing.` },
		baseRevision: 0
	});
	return { user, token, attemptIds: [failed.id, passed.id] };
}

describe('retentionFacts', () => {
	it('gives the figures the privacy page shows, from the code that enforces them', () => {
		expect(retentionFacts()).toMatchObject({
			sessionIdleDays: 14,
			sessionMaxDays: 60,
			failedLoginMinutes: 60,
			cookies: {
				session: { names: ['spire_session', '__Host-spire_session'] },
				language: { name: 'PARAGLIDE_LOCALE', days: 400 },
				country: { name: 'country', days: 365 }
			}
		});
	});
});

describe('exportFileName', () => {
	it('dates the file in UTC', () => {
		expect(exportFileName(new Date('2026-11-23T23:30:00.000Z'))).toBe('spire-data-2026-11-23.json');
	});
});

describe('accountDeletionForm', () => {
	it('asks for the password', () => {
		expect(accountDeletionForm.safeParse({ password: '' }).success).toBe(false);
		expect(accountDeletionForm.safeParse({ password: 'a calm harbour' }).success).toBe(true);
	});
});

describe('privacy', () => {
	useTestDatabase();

	describe('exportPersonalData', () => {
		it('holds the profile, progress, every attempt with its answers and the xAPI statements', async () => {
			const { user, attemptIds } = await busyLearner('Ada', 'Ada@Example.org', 'violet kettle');
			const data = await exportPersonalData(user.id, { homePage: HOME, now: later(30 * MINUTE) });
			expect(data).not.toBeNull();
			const exported = data!;

			expect(exported).toMatchObject({
				format: EXPORT_FORMAT,
				version: 1,
				exportedAt: later(30 * MINUTE),
				profile: {
					id: user.id,
					name: 'Ada',
					email: 'Ada@Example.org',
					preferredLanguage: 'nb',
					createdAt: T0,
					updatedAt: T0,
					emailReminders: true,
					timeZone: null,
					country: null
				},
				notifications: [
					{
						kind: 'reminder-7-days',
						params: { courseTitle: course.title, dueDate: '2025-03-02' },
						link: '/',
						createdAt: T0,
						readAt: null
					}
				],
				remindersSent: [
					{ courseId: course.id, kind: 'reminder-7-days', dueAt: later(DAY), sentAt: T0 }
				],
				certificates: []
			});

			expect(exported.progress.lessons).toHaveLength(course.lessons.length);
			expect(exported.progress.lessons[0]).toEqual({
				courseId: course.id,
				lessonId: course.lessons[0].id,
				firstViewedAt: later(MINUTE),
				lastViewedAt: later(2 * MINUTE),
				secondsSpent: 90,
				completedAt: later(2 * MINUTE)
			});
			expect(exported.progress.courseCompletions).toEqual([
				{ courseId: course.id, completedAt: later(13 * MINUTE), attemptId: attemptIds[1] }
			]);

			expect(exported.quizAttempts.map((a) => [a.id, a.score, a.passed])).toEqual([
				[attemptIds[0], 50, false],
				[attemptIds[1], 75, true]
			]);
			for (const attempt of exported.quizAttempts) {
				expect(attempt.answers.map((a) => a.questionId)).toEqual(
					attempt.questionsShown.map((q) => q.questionId)
				);
				expect(attempt.answers).toHaveLength(QUESTIONS.length);
			}
			const [failedAnswers] = exported.quizAttempts.map((a) => a.answers);
			expect(failedAnswers.find((a) => a.questionId === 'q-multiple')).toEqual({
				questionId: 'q-multiple',
				selectedOptionIds: ['a'],
				correct: false
			});
			expect(failedAnswers.find((a) => a.questionId === 'q-true-false')).toEqual({
				questionId: 'q-true-false',
				selectedOptionIds: ['true'],
				correct: true
			});

			// Three lessons, two attempts and one course completion, oldest first.
			expect(exported.learningEvents.map((s) => s.verb.id)).toEqual([
				VERBS.completed,
				VERBS.completed,
				VERBS.completed,
				VERBS.failed,
				VERBS.passed,
				VERBS.completed
			]);
			expect(exported.learningEvents[0]).toMatchObject({
				actor: { objectType: 'Agent', account: { homePage: HOME, name: user.id } },
				object: { id: `urn:spire:course:${course.id}:lesson:${course.lessons[0].id}` },
				timestamp: later(2 * MINUTE).toISOString()
			});
		});

		it('leaves out the password hash, sessions and failed-login counters', async () => {
			const { user, token } = await busyLearner('Ada', 'ada@example.org', 'violet kettle');
			const [stored] = await getDb().select().from(users).where(eq(users.id, user.id));
			const [session] = await getDb().select().from(sessions).where(eq(sessions.userId, user.id));
			const json = JSON.stringify(await exportPersonalData(user.id, { homePage: HOME }));

			expect(json).not.toContain(stored.passwordHash);
			expect(json).not.toContain('argon2');
			expect(json).not.toContain('violet kettle');
			expect(json).not.toContain(token);
			expect(json).not.toContain(session.id);
			expect(json).not.toMatch(/passwordHash|password_hash|sessions?"|throttle|lockedUntil/i);
		});

		it('names the organisations and whether two-factor sign-in is on, never its key or codes', async () => {
			const { user } = await busyLearner('Ada', 'ada@example.org', 'violet kettle');
			const data = (await exportPersonalData(user.id, { homePage: HOME }))!;
			expect(data.organisations).toEqual([
				expect.objectContaining({ name: "Ada's kindergarten", role: 'learner', since: T0 })
			]);
			expect(data.twoFactorSignIn).toEqual({ on: true, since: T0 });
			const [credential] = await getDb()
				.select()
				.from(twoFactorCredentials)
				.where(eq(twoFactorCredentials.userId, user.id));
			const codes = await getDb()
				.select()
				.from(recoveryCodes)
				.where(eq(recoveryCodes.userId, user.id));
			const json = JSON.stringify(data);
			expect(json).not.toContain(credential.secret);
			for (const code of codes) expect(json).not.toContain(code.codeHash);
		});

		it("holds only the learner's own data", async () => {
			const ada = await busyLearner('Ada', 'ada@example.org', 'violet kettle');
			const bo = await busyLearner('Bo', 'bo@example.org', 'amber lantern');
			const data = (await exportPersonalData(ada.user.id, { homePage: HOME }))!;
			const json = JSON.stringify(data);

			expect(json).not.toContain(bo.user.id);
			expect(json).not.toContain('bo@example.org');
			for (const attemptId of bo.attemptIds) expect(json).not.toContain(attemptId);
			expect(data.quizAttempts.map((a) => a.id)).toEqual(ada.attemptIds);
			expect(new Set(data.learningEvents.map((s) => s.actor.account.name))).toEqual(
				new Set([ada.user.id])
			);
		});

		it('gives an empty record for a learner who has not started, and null for no one', async () => {
			const user = await learner('New', 'new@example.org', 'violet kettle');
			expect(await exportPersonalData(user.id, { homePage: HOME })).toMatchObject({
				organisations: [],
				twoFactorSignIn: { on: false, since: null },
				progress: { lessons: [], courseCompletions: [] },
				quizAttempts: [],
				learningEvents: [],
				certificates: []
			});
			expect(await exportPersonalData('no-such-user', { homePage: HOME })).toBeNull();
		});

		it('lists the certificates with their snapshot and the name for them', async () => {
			const ada = await busyLearner('Ada', 'ada@example.org', 'violet kettle');
			await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, ada.user.id));
			await setCertificateName(ada.user.id, 'Ada Ærø');
			await issueMissingCertificates([course], later(DAY));
			const exported = await exportPersonalData(ada.user.id, { homePage: HOME, now: T0 });
			expect(exported?.nameOnCertificates).toBe('Ada Ærø');
			expect(exported?.certificates).toEqual([
				expect.objectContaining({
					code: expect.stringMatching(/^SPIRE-/),
					state: 'valid',
					holderName: 'Ada Ærø',
					courseId: course.id,
					courseTitle: course.title,
					issuedAt: later(DAY),
					revokedAt: null,
					revocationReason: null
				})
			]);
		});
	});

	describe('deleteAccount', () => {
		/** Rows that still point at the user, in every table with a user_id column. */
		async function rowsReferring(userId: string) {
			const client = getClient();
			const tables = await client.execute(
				"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'"
			);
			const counts: Record<string, number> = {};
			for (const { name } of tables.rows) {
				const columns = await client.execute(`SELECT name FROM pragma_table_info('${name}')`);
				const column = columns.rows.some((c) => c.name === 'user_id')
					? 'user_id'
					: name === 'users'
						? 'id'
						: null;
				if (!column) continue;
				const result = await client.execute({
					sql: `SELECT count(*) AS n FROM "${name}" WHERE "${column}" = ?`,
					args: [userId]
				});
				counts[String(name)] = Number(result.rows[0].n);
			}
			return counts;
		}

		async function answersOf(attemptIds: string[]) {
			const rows = await getDb().select().from(quizAnswers);
			return rows.filter((r) => attemptIds.includes(r.attemptId));
		}

		async function throttleKeys() {
			const rows = await getDb().select({ key: loginThrottles.key }).from(loginThrottles);
			return rows.map((r) => r.key).sort();
		}

		it('deletes the user and every row about them, and no one else’s', async () => {
			const ada = await busyLearner('Ada', 'Ada@Example.org', 'violet kettle');
			const bo = await busyLearner('Bo', 'bo@example.org', 'amber lantern');
			await recordFailure([throttleKey('ip', '192.0.2.1')], T0);
			// A certificate and a name for it, so that the deletion has those to remove too.
			await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, ada.user.id));
			await setCertificateName(ada.user.id, 'Ada Ærø');
			expect(await issueMissingCertificates([course], T0)).toBe(1);
			const boBefore = await exportPersonalData(bo.user.id, { homePage: HOME, now: T0 });
			const boRows = await rowsReferring(bo.user.id);
			expect(Object.values(await rowsReferring(ada.user.id)).every((n) => n > 0)).toBe(true);

			expect(await deleteAccount(ada.user.id, 'violet kettle')).toEqual({ ok: true });

			const left = await rowsReferring(ada.user.id);
			expect(Object.keys(left)).toEqual(
				expect.arrayContaining([
					'users',
					'sessions',
					'account_links',
					'lesson_progress',
					'quiz_attempts',
					'course_completions',
					'learning_events',
					'memberships',
					'group_members',
					'assignments',
					'assignment_due_dates',
					'two_factor_credentials',
					'recovery_codes',
					'notifications',
					'reminders_sent',
					'certificates',
					'certificate_names',
					'referral_drafts',
					'referral_submissions'
				])
			);
			expect(Object.values(left).every((n) => n === 0)).toBe(true);
			expect(await answersOf(ada.attemptIds)).toEqual([]);
			expect(await throttleKeys()).toEqual([
				'account:bo@example.org',
				'ip-account:192.0.2.1 bo@example.org',
				'ip:192.0.2.1',
				`mail:${bo.user.id} ${Math.floor(T0.getTime() / (60 * 60 * 1000))}`
			]);

			expect(await rowsReferring(bo.user.id)).toEqual(boRows);
			expect(await answersOf(bo.attemptIds)).toHaveLength(2 * QUESTIONS.length);
			expect(await exportPersonalData(bo.user.id, { homePage: HOME, now: T0 })).toEqual(boBefore);
		});

		it('refuses a wrong password and deletes nothing', async () => {
			const ada = await busyLearner('Ada', 'ada@example.org', 'violet kettle');
			const before = await rowsReferring(ada.user.id);

			expect(await deleteAccount(ada.user.id, 'not my password')).toEqual({
				ok: false,
				reason: 'wrong-password'
			});
			expect(await deleteAccount(ada.user.id, '')).toEqual({ ok: false, reason: 'wrong-password' });

			expect(await rowsReferring(ada.user.id)).toEqual(before);
			expect(await throttleKeys()).toEqual([
				'account:ada@example.org',
				'ip-account:192.0.2.1 ada@example.org',
				`mail:${ada.user.id} ${Math.floor(T0.getTime() / (60 * 60 * 1000))}`,
				`reauth:${ada.user.id}`
			]);
		});

		it('refuses an account that no longer exists', async () => {
			const ada = await learner('Ada', 'ada@example.org', 'violet kettle');
			expect(await deleteAccount(ada.id, 'violet kettle')).toEqual({ ok: true });
			expect(await deleteAccount(ada.id, 'violet kettle')).toEqual({
				ok: false,
				reason: 'wrong-password'
			});
		});

		it('lets the same email register again afterwards, as a new account', async () => {
			const ada = await busyLearner('Ada', 'ada@example.org', 'violet kettle');
			await deleteAccount(ada.user.id, 'violet kettle');
			const again = await learner('Ada', 'ada@example.org', 'a new passphrase');
			expect(again.id).not.toBe(ada.user.id);
			const attempts = await getDb()
				.select()
				.from(quizAttempts)
				.where(eq(quizAttempts.userId, again.id));
			expect(attempts).toEqual([]);
		});
	});
});
