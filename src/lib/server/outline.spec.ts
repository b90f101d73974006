import { describe, expect, it } from 'vitest';
import { minutesLeft, nextStepAfter, outlineOf } from '$lib/server/outline';

/** Four lessons of 5, 10, 15 and 20 minutes; 60 minutes in all, so the quiz takes 10. */
const course = {
	estimatedMinutes: 60,
	lessons: [5, 10, 15, 20].map((minutes, index) => ({
		id: `lesson-${index + 1}`,
		slug: `slug-${index + 1}`,
		title: `Lesson ${index + 1}`,
		estimatedMinutes: minutes
	}))
};

describe('nextStepAfter', () => {
	it('leads to the next lesson in order', () => {
		expect(nextStepAfter(course, 'lesson-1', ['lesson-1'])).toEqual({
			kind: 'lesson',
			slug: 'slug-2',
			title: 'Lesson 2'
		});
	});

	it('leads to the quiz after the last lesson, even when an earlier one is not done', () => {
		expect(nextStepAfter(course, 'lesson-4', ['lesson-4'])).toEqual({ kind: 'quiz' });
	});

	it('skips lessons after this one that are done already', () => {
		expect(nextStepAfter(course, 'lesson-1', ['lesson-1', 'lesson-2'])).toEqual({
			kind: 'lesson',
			slug: 'slug-3',
			title: 'Lesson 3'
		});
	});

	it('leads to the quiz when every lesson after this one is done', () => {
		expect(nextStepAfter(course, 'lesson-2', ['lesson-2', 'lesson-3', 'lesson-4'])).toEqual({
			kind: 'quiz'
		});
	});

	it('does not go back to a lesson before this one that was skipped', () => {
		expect(nextStepAfter(course, 'lesson-3', ['lesson-3', 'lesson-4'])).toEqual({
			kind: 'quiz'
		});
	});
});

describe('minutesLeft', () => {
	it('is the whole course for a visitor or a learner who has done nothing', () => {
		expect(minutesLeft(course, null)).toBe(60);
		expect(minutesLeft(course, { completedLessonIds: [], quizPassed: false })).toBe(60);
	});

	it('leaves out the lessons done, whatever their order', () => {
		expect(
			minutesLeft(course, { completedLessonIds: ['lesson-4', 'lesson-1'], quizPassed: false })
		).toBe(35);
	});

	it('is the quiz alone once every lesson is done, and nothing once it is passed', () => {
		const all = course.lessons.map((l) => l.id);
		expect(minutesLeft(course, { completedLessonIds: all, quizPassed: false })).toBe(10);
		expect(minutesLeft(course, { completedLessonIds: all, quizPassed: true })).toBe(0);
	});

	it('ignores ids of lessons the course no longer has', () => {
		expect(minutesLeft(course, { completedLessonIds: ['gone'], quizPassed: false })).toBe(60);
	});

	it('gives the quiz no time when the lessons alone fill the estimate', () => {
		expect(minutesLeft({ ...course, estimatedMinutes: 40 }, null)).toBe(50);
	});
});

describe('outlineOf', () => {
	it('marks the lessons done and the current one, with their minutes and the position', () => {
		const outline = outlineOf(course, 'lesson-2', {
			completedLessonIds: ['lesson-1'],
			quizPassed: false
		});
		expect(outline.position).toBe(2);
		expect(outline.minutesLeft).toBe(55);
		expect(outline.quiz).toEqual({ minutes: 10, done: false });
		expect(outline.lessons).toEqual([
			{ slug: 'slug-1', title: 'Lesson 1', minutes: 5, done: true, current: false },
			{ slug: 'slug-2', title: 'Lesson 2', minutes: 10, done: false, current: true },
			{ slug: 'slug-3', title: 'Lesson 3', minutes: 15, done: false, current: false },
			{ slug: 'slug-4', title: 'Lesson 4', minutes: 20, done: false, current: false }
		]);
	});

	it('marks nothing done for a visitor', () => {
		const outline = outlineOf(course, 'lesson-4', null);
		expect(outline.lessons.filter((l) => l.done)).toEqual([]);
		expect(outline.position).toBe(4);
	});
});
