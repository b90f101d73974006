/**
 * A learner's rights over their own data (GDPR): a copy of everything Spire stores about them
 * (Art. 15 and 20) and deleting their account (Art. 17). `/privacy` tells learners what is
 * stored; the retention figures it shows come from here, so the page follows the code.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cookieMaxAge, cookieName as languageCookieName } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import {
	checkCurrentPassword,
	normalizeEmail,
	type PasswordCheckResult
} from '$lib/server/accounts';
import { LINK_LIFETIME_MS } from '$lib/server/account-links';
import { COUNTRY_COOKIE, COUNTRY_COOKIE_DAYS } from '$lib/server/countries';
import { getDb, writeTransaction } from '$lib/server/db';
import { deleteReferralsOf, referralsExport } from '$lib/server/referrals';
import {
	accountLinks,
	assignmentDueDates,
	assignments,
	certificateNames,
	certificates,
	courseCompletions,
	groupMembers,
	groups,
	memberships,
	notifications,
	organisations,
	learningEvents,
	lessonProgress,
	loginThrottles,
	quizAnswers,
	quizAttempts,
	remindersSent,
	sessions,
	twoFactorCredentials,
	users
} from '$lib/server/db/schema';
import { deleteCertificatesOf, exportedCertificate } from '$lib/server/certificates';
import { toStatement } from '$lib/server/events';
import { MAINTENANCE_INTERVAL_MS } from '$lib/server/maintenance';
import { PASSWORD_MAX_LENGTH } from '$lib/server/passwords';
import { MAX_SECONDS_PER_VISIT, flushLessonVisits } from '$lib/server/progress';
import { ABSOLUTE_LIFETIME_MS, IDLE_TIMEOUT_MS, sessionCookieName } from '$lib/server/sessions';
import { DEVICE_COOKIE_DAYS, deviceCookieName } from '$lib/server/devices';
import { FAILURE_MEMORY_MS, accountThrottleRows } from '$lib/server/throttle';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How long Spire keeps what, and its cookies: the figures `/privacy` shows. */
export function retentionFacts() {
	return {
		sessionIdleDays: IDLE_TIMEOUT_MS / DAY_MS,
		sessionMaxDays: ABSOLUTE_LIFETIME_MS / DAY_MS,
		resetLinkHours: LINK_LIFETIME_MS['password-reset'] / HOUR_MS,
		checkLinkHours: LINK_LIFETIME_MS['email-verification'] / HOUR_MS,
		failedLoginMinutes: FAILURE_MEMORY_MS / MINUTE_MS,
		cleanupMinutes: MAINTENANCE_INTERVAL_MS / MINUTE_MS,
		lessonVisitMaxMinutes: MAX_SECONDS_PER_VISIT / 60,
		cookies: {
			session: { names: [sessionCookieName(false), sessionCookieName(true)] },
			device: {
				names: [deviceCookieName(false), deviceCookieName(true)],
				days: DEVICE_COOKIE_DAYS
			},
			language: { name: languageCookieName, days: Math.round(cookieMaxAge / (24 * 60 * 60)) },
			country: { name: COUNTRY_COOKIE, days: COUNTRY_COOKIE_DAYS }
		}
	};
}

/** The `format` of the export file, so a reader can tell what it holds. */
export const EXPORT_FORMAT = 'spire-personal-data';
export const EXPORT_VERSION = 1;

/**
 * Everything Spire stores about one learner, as one JSON-ready object, or null when there is no
 * such user. Never the password hash, session ids, mailed link tokens or throttle counters: those are secrets or
 * security data, not the learner's record. Read in one batch, so the copy is consistent and
 * costs one round trip however much the learner has done.
 */
export async function exportPersonalData(
	userId: string,
	{ homePage, now = new Date() }: { homePage: string; now?: Date }
) {
	await flushLessonVisits(); // the export includes the lesson opened a moment ago
	const db = getDb();
	const [
		profileRows,
		lessons,
		completions,
		attempts,
		answers,
		events,
		organisationRows,
		groupRows,
		assignmentRows,
		dueDateRows,
		twoFactor,
		notificationRows,
		reminderRows,
		certificateRows,
		certificateNameRows
	] = await db.batch([
		db
			.select({
				id: users.id,
				name: users.name,
				email: users.email,
				preferredLanguage: users.locale,
				createdAt: users.createdAt,
				updatedAt: users.updatedAt,
				emailVerifiedAt: users.emailVerifiedAt,
				emailReminders: users.emailReminders,
				timeZone: users.timeZone,
				country: users.country
			})
			.from(users)
			.where(eq(users.id, userId)),
		db
			.select({
				courseId: lessonProgress.courseId,
				lessonId: lessonProgress.lessonId,
				firstViewedAt: lessonProgress.firstViewedAt,
				lastViewedAt: lessonProgress.lastViewedAt,
				secondsSpent: lessonProgress.secondsSpent,
				completedAt: lessonProgress.completedAt
			})
			.from(lessonProgress)
			.where(eq(lessonProgress.userId, userId))
			.orderBy(asc(lessonProgress.firstViewedAt), asc(lessonProgress.lessonId)),
		db
			.select({
				courseId: courseCompletions.courseId,
				completedAt: courseCompletions.completedAt,
				attemptId: courseCompletions.attemptId
			})
			.from(courseCompletions)
			.where(eq(courseCompletions.userId, userId))
			.orderBy(asc(courseCompletions.completedAt)),
		db
			.select()
			.from(quizAttempts)
			.where(eq(quizAttempts.userId, userId))
			.orderBy(asc(quizAttempts.startedAt), asc(quizAttempts.id)),
		db
			.select({
				attemptId: quizAnswers.attemptId,
				questionId: quizAnswers.questionId,
				selectedOptionIds: quizAnswers.selectedOptionIds,
				correct: quizAnswers.correct
			})
			.from(quizAnswers)
			.innerJoin(quizAttempts, eq(quizAttempts.id, quizAnswers.attemptId))
			.where(eq(quizAttempts.userId, userId)),
		db
			.select()
			.from(learningEvents)
			.where(eq(learningEvents.userId, userId))
			// rowid: events of one moment (a pass that completes the course) in the order they happened
			.orderBy(asc(learningEvents.timestamp), sql`rowid`),
		db
			.select({
				organisationId: organisations.id,
				name: organisations.name,
				role: memberships.role,
				since: memberships.createdAt
			})
			.from(memberships)
			.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
			.where(eq(memberships.userId, userId))
			.orderBy(asc(memberships.createdAt), asc(organisations.id)),
		db
			.select({
				groupId: groups.id,
				name: groups.name,
				organisationId: groups.organisationId,
				joinedAt: groupMembers.joinedAt
			})
			.from(groupMembers)
			.innerJoin(groups, eq(groups.id, groupMembers.groupId))
			.where(eq(groupMembers.userId, userId))
			.orderBy(asc(groupMembers.joinedAt), asc(groups.id)),
		db
			.select({
				id: assignments.id,
				courseId: assignments.courseId,
				organisationId: assignments.organisationId,
				dueAt: assignments.dueAt,
				createdAt: assignments.createdAt,
				withdrawnAt: assignments.withdrawnAt
			})
			.from(assignments)
			.where(eq(assignments.userId, userId))
			.orderBy(asc(assignments.createdAt), asc(assignments.id)),
		db
			.select({ assignmentId: assignmentDueDates.assignmentId, dueAt: assignmentDueDates.dueAt })
			.from(assignmentDueDates)
			.where(eq(assignmentDueDates.userId, userId))
			.orderBy(asc(assignmentDueDates.assignmentId)),
		// Whether it is on and since when; never the key or the recovery codes.
		db
			.select({ confirmedAt: twoFactorCredentials.confirmedAt })
			.from(twoFactorCredentials)
			.where(eq(twoFactorCredentials.userId, userId)),
		db
			.select({
				id: notifications.id,
				kind: notifications.kind,
				params: notifications.params,
				link: notifications.link,
				createdAt: notifications.createdAt,
				readAt: notifications.readAt
			})
			.from(notifications)
			.where(eq(notifications.userId, userId))
			.orderBy(asc(notifications.createdAt), asc(notifications.id)),
		db
			.select({
				courseId: remindersSent.courseId,
				kind: remindersSent.kind,
				dueAt: remindersSent.dueAt,
				sentAt: remindersSent.sentAt
			})
			.from(remindersSent)
			.where(eq(remindersSent.userId, userId))
			.orderBy(asc(remindersSent.sentAt), asc(remindersSent.courseId)),
		db
			.select()
			.from(certificates)
			.where(eq(certificates.userId, userId))
			.orderBy(asc(certificates.issuedAt), asc(certificates.id)),
		db
			.select({ name: certificateNames.name })
			.from(certificateNames)
			.where(eq(certificateNames.userId, userId))
	]);
	const [profile] = profileRows;
	if (!profile) return null;

	const answersByAttempt = new Map<string, Omit<(typeof answers)[number], 'attemptId'>[]>();
	for (const { attemptId, ...answer } of answers) {
		const list = answersByAttempt.get(attemptId) ?? [];
		list.push(answer);
		answersByAttempt.set(attemptId, list);
	}

	return {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: now,
		profile,
		twoFactorSignIn: {
			on: Boolean(twoFactor[0]?.confirmedAt),
			since: twoFactor[0]?.confirmedAt ?? null
		},
		progress: { lessons, courseCompletions: completions },
		quizAttempts: attempts.map((attempt) => {
			// Answers in the order the questions were shown.
			const order = attempt.paper.map((q) => q.questionId);
			const given = (answersByAttempt.get(attempt.id) ?? []).sort(
				(a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId)
			);
			return {
				id: attempt.id,
				courseId: attempt.courseId,
				startedAt: attempt.startedAt,
				submittedAt: attempt.submittedAt,
				questionCount: attempt.questionCount,
				correctCount: attempt.correctCount,
				score: attempt.score,
				passMark: attempt.passMark,
				passed: attempt.passed,
				/** The questions drawn for this attempt, with their options in the order shown. */
				questionsShown: attempt.paper,
				answers: given
			};
		}),
		learningEvents: events.map((row) => toStatement(row, homePage)),
		/** The organisations and groups the person belongs to, and courses assigned to them alone. */
		organisations: organisationRows,
		groups: groupRows,
		assignments: assignmentRows,
		/** Due dates set for this person on an assignment of one of their groups. */
		personalDueDates: dueDateRows,
		/** In-app notifications, read or not; `profile.emailReminders` says whether reminders are mailed too. */
		notifications: notificationRows,
		/** Every due-date reminder sent, so none is sent twice. */
		remindersSent: reminderRows,
		/** The name to print on certificates, when it is not the account name. */
		nameOnCertificates: certificateNameRows[0]?.name ?? null,
		/** Every certificate issued to the person, with the reason if one was revoked. */
		certificates: certificateRows.map((row) => exportedCertificate(row, now)),
		/** Practice notifications of concern: drafts, and every version submitted with its review. */
		referralPractice: await referralsExport(userId)
	};
}

/** The export's file name: `spire-data-YYYY-MM-DD.json`, dated in UTC. */
export function exportFileName(now = new Date()) {
	return `spire-data-${now.toISOString().slice(0, 10)}.json`;
}

export const accountDeletionForm = z.object({
	password: z
		.string()
		.min(1, { error: () => m.error_password_required() })
		.max(PASSWORD_MAX_LENGTH * 4, { error: () => m.error_current_password_wrong() })
});

export type AccountDeletionResult = PasswordCheckResult;

/**
 * Deletes the account and everything about the learner, in one write transaction: profile,
 * sessions (so every device is logged out), mailed links (password reset, address check),
 * progress, quiz attempts and answers, course completions, the learning-event log, notifications
 * and the record of reminders sent, memberships of organisations and groups, assignments to the
 * person, two-factor sign-in and its recovery codes (these by ON DELETE CASCADE), their
 * certificates and the name for them (see `deleteCertificatesOf`: the public record goes too), their
 * practice notifications of concern with their drafts and reviews (`deleteReferralsOf`), and the
 * failed-login and mail counters about the account (`accountThrottleRows`). The password is asked
 * again first, throttled like a login.
 * Children go first, so this works whether or not the connection enforces foreign keys;
 * anything added later that references `users` with ON DELETE CASCADE goes with the user row.
 */
export async function deleteAccount(
	userId: string,
	password: string,
	now = new Date()
): Promise<AccountDeletionResult> {
	const check = await checkCurrentPassword(userId, password, now);
	if (!check.ok) return check;
	await writeTransaction(async (tx) => {
		const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
		if (!user) return;
		const attemptIds = tx
			.select({ id: quizAttempts.id })
			.from(quizAttempts)
			.where(eq(quizAttempts.userId, userId));
		// course_completions points at quiz_attempts without a cascade: it must go before them.
		await tx.delete(courseCompletions).where(eq(courseCompletions.userId, userId));
		await tx.delete(quizAnswers).where(inArray(quizAnswers.attemptId, attemptIds));
		await tx.delete(quizAttempts).where(eq(quizAttempts.userId, userId));
		await tx.delete(lessonProgress).where(eq(lessonProgress.userId, userId));
		await tx.delete(learningEvents).where(eq(learningEvents.userId, userId));
		await tx.delete(sessions).where(eq(sessions.userId, userId));
		await tx.delete(accountLinks).where(eq(accountLinks.userId, userId));
		await tx.delete(notifications).where(eq(notifications.userId, userId));
		await tx.delete(remindersSent).where(eq(remindersSent.userId, userId));
		await deleteCertificatesOf(tx, userId, now);
		await deleteReferralsOf(tx, userId);
		await tx.delete(users).where(eq(users.id, userId));
		await tx.delete(loginThrottles).where(accountThrottleRows(normalizeEmail(user.email), userId));
	});
	return { ok: true };
}
