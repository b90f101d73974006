/**
 * Lesson progress and course completion. A course is complete when every lesson is complete and
 * a quiz attempt has passed, and for a course that asks for it when a writing exercise is
 * approved; that is decided here, on the server, and recorded once.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { getDb, writeTransaction, type Queryable, type Transaction } from '$lib/server/db';
import { courseCompletions, lessonProgress, quizAttempts, users } from '$lib/server/db/schema';
import { issueForCompletion, type CertificateCourse } from '$lib/server/certificates';
import { appendEvent, isoDuration } from '$lib/server/events';
import { serverLog } from '$lib/server/log';
import type { CourseEntry } from '$lib/server/content/catalog';
import { hasApprovedExercise } from '$lib/server/referrals';

/** Time on a lesson counts at most this much per visit, so a tab left open does not skew it. */
export const MAX_SECONDS_PER_VISIT = 60 * 60;

type CourseShape = Pick<CourseEntry, 'id'> & {
	lessons: { id: string }[];
	/** Missing (old fixtures, the reminders command): false. */
	requiresApprovedExercise?: boolean;
};
/** What completion needs of a course: its lessons, and the front matter its certificate records. */
type CompletableCourse = CourseShape & CertificateCourse;

type PendingVisit = {
	userId: string;
	courseId: string;
	lessonId: string;
	firstViewedAt: Date;
	lastViewedAt: Date;
};

/**
 * Lesson visits not yet written, by user and lesson. Opening a lesson is the most frequent thing
 * a learner does, so it costs no write of its own: visits are written together, in one
 * transaction, about once a second (`VISIT_FLUSH_MS`). A crash loses at most that second of
 * visit times, never a completion or an attempt, which are written at once. Progress read in this
 * process includes the pending visits, so the learner never sees their visit missing.
 */
const pendingVisits = new Map<string, Map<string, PendingVisit>>();
export const VISIT_FLUSH_MS = 1000;
let flushTimer: ReturnType<typeof setTimeout> | undefined;

/** Notes that the learner opened the lesson; it is written with the next batch of visits. */
export function recordLessonVisit(
	userId: string,
	courseId: string,
	lessonId: string,
	now = new Date()
) {
	let visits = pendingVisits.get(userId);
	if (!visits) pendingVisits.set(userId, (visits = new Map()));
	const pending = visits.get(lessonId);
	if (pending) {
		if (now < pending.firstViewedAt) pending.firstViewedAt = now;
		if (now > pending.lastViewedAt) pending.lastViewedAt = now;
	} else {
		visits.set(lessonId, { userId, courseId, lessonId, firstViewedAt: now, lastViewedAt: now });
	}
	flushTimer ??= setTimeout(() => {
		flushTimer = undefined;
		flushLessonVisits().catch((error) =>
			serverLog().error({ err: error }, 'writing lesson visits failed')
		);
	}, VISIT_FLUSH_MS);
	// A pending flush must not keep a process alive that is otherwise done (tests, scripts);
	// the server flushes at shutdown.
	flushTimer.unref?.();
}

/**
 * Writes every pending visit in one transaction: a new row per first visit, else the earliest
 * first and the latest last visit time. Visits of accounts deleted meanwhile are dropped.
 */
export async function flushLessonVisits() {
	if (pendingVisits.size === 0) return;
	const visits = [...pendingVisits.values()].flatMap((byLesson) => [...byLesson.values()]);
	pendingVisits.clear();
	await writeTransaction(async (tx) => {
		const userIds = [...new Set(visits.map((visit) => visit.userId))];
		const existing = await tx
			.select({ id: users.id })
			.from(users)
			.where(inArray(users.id, userIds));
		const known = new Set(existing.map((row) => row.id));
		const rows = visits.filter((visit) => known.has(visit.userId));
		if (rows.length === 0) return;
		await tx
			.insert(lessonProgress)
			.values(rows)
			.onConflictDoUpdate({
				target: [lessonProgress.userId, lessonProgress.lessonId],
				set: {
					firstViewedAt: sql`min(${lessonProgress.firstViewedAt}, excluded.first_viewed_at)`,
					lastViewedAt: sql`max(${lessonProgress.lastViewedAt}, excluded.last_viewed_at)`
				}
			});
	});
}

/** Forgets the visits not written yet (tests open a new database for every test). */
export function discardPendingVisits() {
	pendingVisits.clear();
}

/** Lessons the learner opened that are not written yet (this process only). */
function pendingLessonIds(userId: string): string[] {
	return [...(pendingVisits.get(userId)?.keys() ?? [])];
}

export type LessonCompletion = { newlyCompleted: boolean; courseCompleted: boolean };

/**
 * Marks a lesson complete, once: a second call changes nothing. `secondsSpent` is the rough
 * time of the visit that completed it, capped at MAX_SECONDS_PER_VISIT.
 */
export async function completeLesson(
	userId: string,
	course: CompletableCourse,
	lessonId: string,
	secondsSpent: number,
	now = new Date()
): Promise<LessonCompletion> {
	const seconds = Math.min(Math.max(0, Math.round(secondsSpent)), MAX_SECONDS_PER_VISIT);
	await flushLessonVisits(); // so the row keeps the time of the first visit
	return writeTransaction(async (tx) => {
		await tx
			.insert(lessonProgress)
			.values({ userId, courseId: course.id, lessonId, firstViewedAt: now, lastViewedAt: now })
			.onConflictDoNothing();
		const updated = await tx
			.update(lessonProgress)
			.set({
				completedAt: now,
				lastViewedAt: now,
				secondsSpent: sql`${lessonProgress.secondsSpent} + ${seconds}`
			})
			.where(
				and(
					eq(lessonProgress.userId, userId),
					eq(lessonProgress.lessonId, lessonId),
					sql`${lessonProgress.completedAt} is null`
				)
			)
			.returning({ secondsSpent: lessonProgress.secondsSpent });
		if (updated.length === 0) return { newlyCompleted: false, courseCompleted: false };
		await appendEvent(tx, {
			userId,
			verb: 'completed',
			object: { type: 'lesson', courseId: course.id, lessonId },
			result: { completion: true, duration: isoDuration(updated[0].secondsSpent) },
			timestamp: now
		});
		const courseCompleted = await completeCourseIfDone(tx, userId, course, now);
		return { newlyCompleted: true, courseCompleted };
	});
}

/**
 * Records the course completion if every lesson is done and an attempt has passed (and, for a
 * course that requires it, a writing exercise is approved), and issues its certificate. Runs inside the caller's write transaction; the primary key makes it happen once.
 */
export async function completeCourseIfDone(
	tx: Transaction,
	userId: string,
	course: CompletableCourse,
	now: Date
): Promise<boolean> {
	const lessonIds = course.lessons.map((l) => l.id);
	const [done] = await tx
		.select({ count: sql<number>`count(*)` })
		.from(lessonProgress)
		.where(
			and(
				eq(lessonProgress.userId, userId),
				inArray(lessonProgress.lessonId, lessonIds),
				isNotNull(lessonProgress.completedAt)
			)
		);
	if (done.count < lessonIds.length) return false;
	const [passing] = await tx
		.select({ id: quizAttempts.id })
		.from(quizAttempts)
		.where(
			and(
				eq(quizAttempts.userId, userId),
				eq(quizAttempts.courseId, course.id),
				eq(quizAttempts.passed, true)
			)
		)
		.orderBy(quizAttempts.submittedAt)
		.limit(1);
	if (!passing) return false;
	if (course.requiresApprovedExercise && !(await hasApprovedExercise(tx, userId, course.id))) {
		return false;
	}
	const inserted = await tx
		.insert(courseCompletions)
		.values({ userId, courseId: course.id, completedAt: now, attemptId: passing.id })
		.onConflictDoNothing()
		.returning({ courseId: courseCompletions.courseId });
	if (inserted.length === 0) return false;
	await appendEvent(tx, {
		userId,
		verb: 'completed',
		object: { type: 'course', courseId: course.id },
		result: { completion: true, success: true },
		timestamp: now
	});
	await issueForCompletion(tx, userId, course, now);
	return true;
}

export type CourseProgress = {
	completedLessonIds: string[];
	lessonsDone: number;
	lessonCount: number;
	quizPassed: boolean;
	bestScore: number | null;
	attemptCount: number;
	/** Lessons and the quiz, each one step. */
	percent: number;
	completedAt: Date | null;
	/** The first unfinished lesson, or null when all are done. */
	nextLessonId: string | null;
	started: boolean;
};

/** What one query returns about a learner, one row per fact: see progressInCourses. */
type ProgressRow =
	| ['lesson', string, number | null, null, null]
	| ['quiz', string, number | null, number, number]
	| ['completion', string, number, null, null];

/**
 * Progress of one learner in many courses, in one query whatever the number of courses: their
 * lessons, their quiz attempts summed up per course, and their completions, as rows of one
 * `union all`.
 */
export async function progressInCourses(
	userId: string,
	courses: CourseShape[],
	db: Queryable = getDb()
): Promise<Map<string, CourseProgress>> {
	const courseIds = sql.join(
		courses.map((c) => sql`${c.id}`),
		sql`, `
	);
	const rows = (await db.values(sql`
		select 'lesson', ${lessonProgress.lessonId}, ${lessonProgress.completedAt}, null, null
		from ${lessonProgress}
		where ${lessonProgress.userId} = ${userId} and ${lessonProgress.courseId} in (${courseIds})
		union all
		select 'quiz', ${quizAttempts.courseId}, max(${quizAttempts.score}),
			sum(case when ${quizAttempts.passed} then 1 else 0 end), count(${quizAttempts.submittedAt})
		from ${quizAttempts}
		where ${quizAttempts.userId} = ${userId} and ${quizAttempts.courseId} in (${courseIds})
		group by ${quizAttempts.courseId}
		union all
		select 'completion', ${courseCompletions.courseId}, ${courseCompletions.completedAt}, null, null
		from ${courseCompletions}
		where ${courseCompletions.userId} = ${userId} and ${courseCompletions.courseId} in (${courseIds})
	`)) as ProgressRow[];
	const viewed = new Set(pendingLessonIds(userId));
	const completed = new Set<string>();
	const quizzes = new Map<string, { bestScore: number | null; passed: number; attempts: number }>();
	const completions = new Map<string, Date>();
	for (const [kind, id, value, passed, attempts] of rows) {
		if (kind === 'lesson') {
			viewed.add(id);
			if (value !== null) completed.add(id);
		} else if (kind === 'quiz') {
			quizzes.set(id, { bestScore: value, passed: passed ?? 0, attempts: attempts ?? 0 });
		} else {
			completions.set(id, new Date(value));
		}
	}
	const result = new Map<string, CourseProgress>();
	for (const course of courses) {
		const quiz = quizzes.get(course.id);
		const completedAt = completions.get(course.id) ?? null;
		const completedLessonIds = course.lessons.filter((l) => completed.has(l.id)).map((l) => l.id);
		const quizPassed = (quiz?.passed ?? 0) > 0;
		const steps = course.lessons.length + 1;
		const stepsDone = completedLessonIds.length + (quizPassed ? 1 : 0);
		result.set(course.id, {
			completedLessonIds,
			lessonsDone: completedLessonIds.length,
			lessonCount: course.lessons.length,
			quizPassed,
			bestScore: quiz?.bestScore ?? null,
			attemptCount: quiz?.attempts ?? 0,
			percent: completedAt ? 100 : Math.floor((stepsDone / steps) * 100),
			completedAt,
			nextLessonId: course.lessons.find((l) => !completed.has(l.id))?.id ?? null,
			started: course.lessons.some((l) => viewed.has(l.id)) || (quiz?.attempts ?? 0) > 0
		});
	}
	return result;
}

export async function progressInCourse(
	userId: string,
	course: CourseShape
): Promise<CourseProgress> {
	return (await progressInCourses(userId, [course])).get(course.id)!;
}

/**
 * The course to recommend once `courseId` is done: the next one in catalog order that the
 * learner has not completed, going round to the start of the catalog; null when there is none.
 */
export function nextCourseToTake<C extends { id: string }>(
	courses: readonly C[],
	courseId: string,
	completedCourseIds: ReadonlySet<string>
): C | null {
	const index = courses.findIndex((c) => c.id === courseId);
	const inTurn = [...courses.slice(index + 1), ...courses.slice(0, Math.max(index, 0))];
	return inTurn.find((c) => !completedCourseIds.has(c.id)) ?? null;
}

/** `nextCourseToTake` for this learner, from their recorded completions. */
export async function nextCourseAfter<C extends { id: string }>(
	userId: string,
	courses: readonly C[],
	courseId: string
): Promise<C | null> {
	const completed = await getDb()
		.select({ courseId: courseCompletions.courseId })
		.from(courseCompletions)
		.where(eq(courseCompletions.userId, userId));
	return nextCourseToTake(courses, courseId, new Set(completed.map((row) => row.courseId)));
}

/** What a course card shows of the learner's progress, by course id: the share done and when completed. */
export async function cardProgress(
	userId: string,
	courses: CourseShape[]
): Promise<Record<string, { percent: number; completedAt: Date | null }>> {
	const progress = await progressInCourses(userId, courses);
	return Object.fromEntries(
		[...progress].map(([id, p]) => [id, { percent: p.percent, completedAt: p.completedAt }])
	);
}
