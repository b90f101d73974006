import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { courseCompletions, learningEvents, lessonProgress, users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	MAX_SECONDS_PER_VISIT,
	cardProgress,
	completeLesson,
	progressInCourse,
	progressInCourses,
	recordLessonVisit,
	flushLessonVisits,
	nextCourseAfter,
	nextCourseToTake,
	VISIT_FLUSH_MS
} from '$lib/server/progress';
import { startAttempt, submitAttempt } from '$lib/server/quizzes';
import {
	CORRECT,
	HOUR,
	MINUTE,
	T0,
	answersWith,
	insertUser,
	later,
	makeCourse
} from '$lib/server/__fixtures__/learning';

useTestDatabase();

const course = makeCourse();
const [lessonOne, lessonTwo, lessonThree] = course.lessons.map((l) => l.id);

async function progressRow(userId: string, lessonId: string) {
	const [row] = await getDb()
		.select()
		.from(lessonProgress)
		.where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId)));
	return row;
}

async function eventsOf(userId: string, objectType?: string) {
	const rows = await getDb().select().from(learningEvents).where(eq(learningEvents.userId, userId));
	return objectType ? rows.filter((e) => e.objectType === objectType) : rows;
}

async function completionsOf(userId: string) {
	return getDb().select().from(courseCompletions).where(eq(courseCompletions.userId, userId));
}

/** Starts and submits an attempt; `wrong` lists the questions answered wrongly. */
async function takeQuiz(userId: string, wrong: string[] = [], now = T0) {
	const attempt = await startAttempt(userId, course, now);
	const result = await submitAttempt(userId, course, attempt.id, answersWith(wrong), now);
	if (!result.ok) throw new Error(`submission failed: ${result.reason}`);
	return result;
}

async function completeLessons(userId: string, lessonIds: string[], now = T0) {
	const results = [];
	for (const lessonId of lessonIds)
		results.push(await completeLesson(userId, course, lessonId, 60, now));
	return results;
}

describe('recordLessonVisit', () => {
	it('keeps the first visit time and moves the last visit time', async () => {
		const userId = await insertUser();
		recordLessonVisit(userId, course.id, lessonOne, T0);
		recordLessonVisit(userId, course.id, lessonOne, later(HOUR));
		await flushLessonVisits();
		expect(await progressRow(userId, lessonOne)).toMatchObject({
			courseId: course.id,
			firstViewedAt: T0,
			lastViewedAt: later(HOUR),
			completedAt: null,
			secondsSpent: 0
		});
	});
});

describe('lesson visits written in batches', () => {
	it('writes nothing on the visit itself, then every pending visit in one go', async () => {
		const ada = await insertUser();
		const bo = await insertUser();
		recordLessonVisit(ada, course.id, lessonOne, T0);
		recordLessonVisit(bo, course.id, lessonTwo, T0);
		expect(await progressRow(ada, lessonOne)).toBeUndefined();
		await flushLessonVisits();
		expect(await progressRow(ada, lessonOne)).toMatchObject({ firstViewedAt: T0 });
		expect(await progressRow(bo, lessonTwo)).toMatchObject({ firstViewedAt: T0 });
	});

	it('writes them by itself within about a second', async () => {
		const userId = await insertUser();
		recordLessonVisit(userId, course.id, lessonOne, T0);
		await new Promise((resolve) => setTimeout(resolve, VISIT_FLUSH_MS + 300));
		expect(await progressRow(userId, lessonOne)).toMatchObject({ lastViewedAt: T0 });
	});

	it('keeps the earliest first visit and the latest last visit across batches', async () => {
		const userId = await insertUser();
		recordLessonVisit(userId, course.id, lessonOne, later(HOUR));
		await flushLessonVisits();
		recordLessonVisit(userId, course.id, lessonOne, T0);
		recordLessonVisit(userId, course.id, lessonOne, later(2 * HOUR));
		await flushLessonVisits();
		expect(await progressRow(userId, lessonOne)).toMatchObject({
			firstViewedAt: T0,
			lastViewedAt: later(2 * HOUR)
		});
	});

	it('counts a pending visit in the learner progress before it is written', async () => {
		const userId = await insertUser();
		recordLessonVisit(userId, course.id, lessonTwo, T0);
		expect((await progressInCourse(userId, course)).started).toBe(true);
	});

	it('drops the visits of an account deleted meanwhile and writes the others', async () => {
		const gone = await insertUser();
		const kept = await insertUser();
		recordLessonVisit(gone, course.id, lessonOne, T0);
		recordLessonVisit(kept, course.id, lessonOne, T0);
		await getDb().delete(users).where(eq(users.id, gone));
		await flushLessonVisits();
		expect(await progressRow(kept, lessonOne)).toMatchObject({ firstViewedAt: T0 });
		expect(await progressRow(gone, lessonOne)).toBeUndefined();
	});
});

describe('completeLesson', () => {
	it('marks the lesson complete with the time spent and appends one completed event', async () => {
		const userId = await insertUser();
		recordLessonVisit(userId, course.id, lessonOne, T0);
		const result = await completeLesson(userId, course, lessonOne, 330.4, later(6 * MINUTE));
		expect(result).toEqual({ newlyCompleted: true, courseCompleted: false });
		expect(await progressRow(userId, lessonOne)).toMatchObject({
			firstViewedAt: T0,
			completedAt: later(6 * MINUTE),
			secondsSpent: 330
		});
		const events = await eventsOf(userId);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			verb: 'http://adlnet.gov/expapi/verbs/completed',
			objectType: 'lesson',
			objectId: `urn:spire:course:${course.id}:lesson:${lessonOne}`,
			result: { completion: true, duration: 'PT5M30S' },
			timestamp: later(6 * MINUTE)
		});
	});

	it('works without an earlier visit', async () => {
		const userId = await insertUser();
		await completeLesson(userId, course, lessonTwo, 10, T0);
		expect(await progressRow(userId, lessonTwo)).toMatchObject({
			firstViewedAt: T0,
			completedAt: T0,
			secondsSpent: 10
		});
	});

	it('is idempotent: a second completion is not new and writes no second event', async () => {
		const userId = await insertUser();
		await completeLesson(userId, course, lessonOne, 60, T0);
		const again = await completeLesson(userId, course, lessonOne, 60, later(HOUR));
		expect(again).toEqual({ newlyCompleted: false, courseCompleted: false });
		expect((await progressRow(userId, lessonOne)).completedAt).toEqual(T0);
		expect(await eventsOf(userId)).toHaveLength(1);
	});

	it('counts at most an hour per visit and never negative time', async () => {
		const userId = await insertUser();
		await completeLesson(userId, course, lessonOne, 5 * HOUR, T0);
		await completeLesson(userId, course, lessonTwo, -30, T0);
		expect((await progressRow(userId, lessonOne)).secondsSpent).toBe(MAX_SECONDS_PER_VISIT);
		expect((await progressRow(userId, lessonTwo)).secondsSpent).toBe(0);
		const durations = (await eventsOf(userId)).map((e) => e.result?.duration).sort();
		expect(durations).toEqual(['PT0S', 'PT1H']);
	});
});

describe('progressInCourses', () => {
	it('shows a course nobody has opened as not started, 0 %, next lesson the first', async () => {
		const userId = await insertUser();
		expect(await progressInCourse(userId, course)).toEqual({
			completedLessonIds: [],
			lessonsDone: 0,
			lessonCount: 3,
			quizPassed: false,
			bestScore: null,
			attemptCount: 0,
			percent: 0,
			completedAt: null,
			nextLessonId: lessonOne,
			started: false
		});
	});

	it('counts a course as started once a lesson is opened', async () => {
		const userId = await insertUser();
		recordLessonVisit(userId, course.id, lessonTwo, T0);
		expect(await progressInCourse(userId, course)).toMatchObject({
			started: true,
			percent: 0,
			lessonsDone: 0
		});
	});

	it('counts lessons and the quiz as one step each and points at the first unfinished lesson', async () => {
		const userId = await insertUser();
		await completeLessons(userId, [lessonOne, lessonThree]);
		expect(await progressInCourse(userId, course)).toMatchObject({
			completedLessonIds: [lessonOne, lessonThree],
			lessonsDone: 2,
			percent: 50,
			nextLessonId: lessonTwo,
			quizPassed: false
		});
	});

	it('reports the best score, the number of submitted attempts and whether one passed', async () => {
		const userId = await insertUser();
		await takeQuiz(userId, ['q-single', 'q-multiple'], T0);
		await takeQuiz(userId, ['q-single'], later(HOUR));
		await startAttempt(userId, course, later(2 * HOUR));
		expect(await progressInCourse(userId, course)).toMatchObject({
			bestScore: 75,
			attemptCount: 2,
			quizPassed: true,
			percent: 25,
			started: true,
			completedAt: null
		});
	});

	it('keeps the progress of several courses and several learners apart', async () => {
		const other = makeCourse({ id: 'other-course' });
		const [ada, bo] = [await insertUser('Ada'), await insertUser('Bo')];
		await completeLesson(ada, course, lessonOne, 60, T0);
		await completeLesson(bo, other, other.lessons[0].id, 60, T0);
		await completeLesson(bo, other, other.lessons[1].id, 60, T0);
		const progress = await progressInCourses(bo, [course, other]);
		expect(progress.get(course.id)).toMatchObject({ lessonsDone: 0, started: false });
		expect(progress.get(other.id)).toMatchObject({
			lessonsDone: 2,
			percent: 50,
			nextLessonId: other.lessons[2].id
		});
	});

	it('has no next lesson when every lesson is done', async () => {
		const userId = await insertUser();
		await completeLessons(userId, [lessonOne, lessonTwo, lessonThree]);
		expect(await progressInCourse(userId, course)).toMatchObject({
			nextLessonId: null,
			percent: 75,
			completedAt: null
		});
	});
});

describe('cardProgress', () => {
	it('gives each course card the share done and the completion date, by course id', async () => {
		const other = makeCourse({ id: 'other-course' });
		const userId = await insertUser();
		await completeLessons(userId, [lessonOne]);
		await completeLessons(userId, [lessonTwo, lessonThree]);
		await takeQuiz(userId, [], later(HOUR));
		expect(await cardProgress(userId, [course, other])).toEqual({
			[course.id]: { percent: 100, completedAt: later(HOUR) },
			[other.id]: { percent: 0, completedAt: null }
		});
	});
});

describe('course completion', () => {
	it('needs a passed attempt: finishing every lesson alone does not complete the course', async () => {
		const userId = await insertUser();
		const results = await completeLessons(userId, [lessonOne, lessonTwo, lessonThree]);
		expect(results.map((r) => r.courseCompleted)).toEqual([false, false, false]);
		await takeQuiz(userId, ['q-single', 'q-multiple']);
		expect(await completionsOf(userId)).toEqual([]);
		expect(await eventsOf(userId, 'course')).toEqual([]);
	});

	it('needs every lesson: a passed attempt alone does not complete the course', async () => {
		const userId = await insertUser();
		await completeLessons(userId, [lessonOne, lessonTwo]);
		const result = await takeQuiz(userId);
		expect(result.courseCompleted).toBe(false);
		expect(await completionsOf(userId)).toEqual([]);
	});

	it('completes when the quiz is passed after the last lesson', async () => {
		const userId = await insertUser();
		await completeLessons(userId, [lessonOne, lessonTwo, lessonThree]);
		const result = await takeQuiz(userId, [], later(HOUR));
		expect(result.courseCompleted).toBe(true);
		expect(await completionsOf(userId)).toEqual([
			{ userId, courseId: course.id, completedAt: later(HOUR), attemptId: result.attempt.id }
		]);
		expect(await progressInCourse(userId, course)).toMatchObject({
			percent: 100,
			completedAt: later(HOUR)
		});
	});

	it('completes when the last lesson is finished after a passed quiz', async () => {
		const userId = await insertUser();
		const passed = await takeQuiz(userId, [], T0);
		await completeLessons(userId, [lessonOne, lessonTwo]);
		const last = await completeLesson(userId, course, lessonThree, 60, later(HOUR));
		expect(last).toEqual({ newlyCompleted: true, courseCompleted: true });
		expect(await completionsOf(userId)).toEqual([
			{ userId, courseId: course.id, completedAt: later(HOUR), attemptId: passed.attempt.id }
		]);
	});

	it('records the first passing attempt when a failed one came before it', async () => {
		const userId = await insertUser();
		await takeQuiz(userId, Object.keys(CORRECT), T0);
		const passed = await takeQuiz(userId, [], later(MINUTE));
		await completeLessons(userId, [lessonOne, lessonTwo, lessonThree], later(HOUR));
		expect((await completionsOf(userId)).map((c) => c.attemptId)).toEqual([passed.attempt.id]);
	});

	it('completes only once, with one completed-course event, however often the quiz is passed', async () => {
		const userId = await insertUser();
		await completeLessons(userId, [lessonOne, lessonTwo, lessonThree]);
		const first = await takeQuiz(userId, [], later(HOUR));
		const second = await takeQuiz(userId, [], later(2 * HOUR));
		const lessonAgain = await completeLesson(userId, course, lessonOne, 60, later(3 * HOUR));
		expect([first.courseCompleted, second.courseCompleted, lessonAgain.courseCompleted]).toEqual([
			true,
			false,
			false
		]);
		expect(await completionsOf(userId)).toHaveLength(1);
		const courseEvents = await eventsOf(userId, 'course');
		expect(courseEvents).toHaveLength(1);
		expect(courseEvents[0]).toMatchObject({
			objectId: `urn:spire:course:${course.id}`,
			result: { completion: true, success: true },
			timestamp: later(HOUR)
		});
	});
});

describe('the next course to take', () => {
	const catalog = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
	const next = (courseId: string, completed: string[] = []) =>
		nextCourseToTake(catalog, courseId, new Set(completed))?.id ?? null;

	it('is the next course in catalog order that the learner has not completed', () => {
		expect(next('a')).toBe('b');
		expect(next('b', ['b', 'c'])).toBe('d');
	});

	it('goes round to the start of the catalog after the last course', () => {
		expect(next('d', ['d'])).toBe('a');
		expect(next('c', ['a', 'c', 'd'])).toBe('b');
	});

	it('is none when every other course is completed, or when there is no other course', () => {
		expect(next('b', ['a', 'b', 'c', 'd'])).toBeNull();
		expect(next('b', ['a', 'c', 'd'])).toBeNull();
		expect(nextCourseToTake([{ id: 'only' }], 'only', new Set(['only']))).toBeNull();
	});

	it("reads the learner's own completions", async () => {
		const [second, third] = [makeCourse({ id: 'second' }), makeCourse({ id: 'third' })];
		const completeCourse = async (userId: string, done: typeof course) => {
			for (const lesson of done.lessons) await completeLesson(userId, done, lesson.id, 60, T0);
			const attempt = await startAttempt(userId, done, T0);
			const result = await submitAttempt(userId, done, attempt.id, CORRECT, T0);
			expect(result).toMatchObject({ ok: true, courseCompleted: true });
		};
		const userId = await insertUser();
		const other = await insertUser();
		await completeCourse(userId, second);
		await completeCourse(other, third);
		const courses = [course, second, third];
		expect((await nextCourseAfter(userId, courses, course.id))?.id).toBe('third');
		expect((await nextCourseAfter(other, courses, course.id))?.id).toBe('second');
	});
});
