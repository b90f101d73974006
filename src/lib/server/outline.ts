/**
 * A course's outline as a learner sees it beside a lesson: each lesson done or not, the current
 * one, the minutes left, and where "Complete and continue" leads. Pure: it works on the catalog's
 * lesson stubs and one progress read, so a lesson page loads no other lesson to draw it.
 */
import type { LessonStub } from '$lib/server/courses';

type OutlineCourse = {
	/** The whole course, quiz included: the front matter's estimate. */
	estimatedMinutes: number;
	lessons: Pick<LessonStub, 'id' | 'slug' | 'title' | 'estimatedMinutes'>[];
};

/** What the outline needs of the learner's progress; none for a visitor who is not signed in. */
export type OutlineProgress = { completedLessonIds: readonly string[]; quizPassed: boolean };

export type NextStep = { kind: 'lesson'; slug: string; title: string } | { kind: 'quiz' };

/**
 * Where "Complete and continue" leads from a lesson: the first lesson after it that is not done
 * yet, or the quiz when every lesson after it is done. Lessons before it that were skipped are
 * left to the outline and the course page: going backwards would surprise the learner.
 */
export function nextStepAfter(
	course: OutlineCourse,
	lessonId: string,
	completedLessonIds: readonly string[]
): NextStep {
	const done = new Set(completedLessonIds);
	const index = course.lessons.findIndex((l) => l.id === lessonId);
	const next = course.lessons.slice(index + 1).find((l) => !done.has(l.id));
	return next ? { kind: 'lesson', slug: next.slug, title: next.title } : { kind: 'quiz' };
}

/**
 * Minutes of the course still ahead: the lessons not done, and the quiz until it is passed. The
 * quiz's share is what the course's estimate has beyond its lessons.
 */
export function minutesLeft(course: OutlineCourse, progress: OutlineProgress | null): number {
	const done = new Set(progress?.completedLessonIds ?? []);
	const lessonsLeft = course.lessons
		.filter((l) => !done.has(l.id))
		.reduce((sum, l) => sum + l.estimatedMinutes, 0);
	return lessonsLeft + (progress?.quizPassed ? 0 : quizMinutes(course));
}

/** The course's estimate beyond its lessons: the time the quiz takes. */
function quizMinutes(course: OutlineCourse): number {
	const lessonMinutes = course.lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0);
	return Math.max(0, course.estimatedMinutes - lessonMinutes);
}

export type OutlineItem = {
	slug: string;
	title: string;
	minutes: number;
	done: boolean;
	current: boolean;
};

export type Outline = {
	lessons: OutlineItem[];
	/** The quiz, the course's last step. */
	quiz: { minutes: number; done: boolean };
	/** 1-based position of the current lesson. */
	position: number;
	minutesLeft: number;
};

/** The outline beside `currentLessonId`; what is serialised into the page, and no more. */
export function outlineOf(
	course: OutlineCourse,
	currentLessonId: string,
	progress: OutlineProgress | null
): Outline {
	const done = new Set(progress?.completedLessonIds ?? []);
	return {
		lessons: course.lessons.map((l) => ({
			slug: l.slug,
			title: l.title,
			minutes: l.estimatedMinutes,
			done: done.has(l.id),
			current: l.id === currentLessonId
		})),
		quiz: { minutes: quizMinutes(course), done: progress?.quizPassed ?? false },
		position: course.lessons.findIndex((l) => l.id === currentLessonId) + 1,
		minutesLeft: minutesLeft(course, progress)
	};
}
