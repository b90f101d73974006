/**
 * Test fixtures: learners inserted straight into `users` (no argon2 cost), a small hand-built
 * course, answer sheets for its quiz, and a seeded random source for repeatable shuffles.
 */
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import type { CourseEntry } from '$lib/server/content/catalog';
import type { Question } from '$lib/server/content/schema';
import type { Answers, Random } from '$lib/server/quizzes';

export const T0 = new Date('2025-03-01T08:00:00.000Z');

export function later(ms: number, from: Date = T0): Date {
	return new Date(from.getTime() + ms);
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

let userCount = 0;

/** A learner row with a placeholder hash, for tests that never log in. */
export async function insertUser(name = 'Learner'): Promise<string> {
	userCount += 1;
	const id = crypto.randomUUID();
	const email = `learner${userCount}@example.org`;
	await getDb().insert(users).values({
		id,
		email,
		emailNormalized: email,
		name,
		passwordHash: 'not-a-real-hash',
		locale: 'en',
		createdAt: T0,
		updatedAt: T0
	});
	return id;
}

/** One question of each kind, each taught by a lesson of `makeCourse()`; the correct answers are listed in `CORRECT`. */
export const QUESTIONS: Question[] = [
	{
		id: 'q-single',
		type: 'single',
		lesson: 'test-course-one',
		prompt: 'Which one?',
		explanation: 'Because a.',
		options: [
			{ id: 'a', text: 'A', correct: true },
			{ id: 'b', text: 'B' },
			{ id: 'c', text: 'C' }
		]
	},
	{
		id: 'q-multiple',
		type: 'multiple',
		lesson: 'test-course-two',
		prompt: 'Which ones?',
		explanation: 'Because a and b.',
		options: [
			{ id: 'a', text: 'A', correct: true },
			{ id: 'b', text: 'B', correct: true },
			{ id: 'c', text: 'C' }
		]
	},
	{
		id: 'q-true-false',
		type: 'true-false',
		lesson: 'test-course-two',
		prompt: 'True?',
		explanation: 'It is true.',
		options: [
			{ id: 'true', text: 'True', correct: true },
			{ id: 'false', text: 'False' }
		]
	},
	{
		id: 'q-case',
		type: 'case',
		lesson: 'test-course-three',
		select: 'single',
		vignette: ['Mia is 14 months old and has stopped smiling.', 'She used to laugh a lot.'],
		prompt: 'What do you do first?',
		explanation: 'Observe and write it down.',
		options: [
			{ id: 'observe', text: 'Observe and write it down', correct: true },
			{ id: 'wait', text: 'Wait and see' }
		]
	}
];

export const CORRECT: Answers = {
	'q-single': ['a'],
	'q-multiple': ['a', 'b'],
	'q-true-false': ['true'],
	'q-case': ['observe']
};

export const WRONG: Answers = {
	'q-single': ['b'],
	'q-multiple': ['a'],
	'q-true-false': ['false'],
	'q-case': ['wait']
};

/** A course with three lessons and the four questions above, all drawn on every attempt. */
export function makeCourse(overrides: Partial<CourseEntry> = {}): CourseEntry {
	const id = overrides.id ?? 'test-course';
	return {
		id,
		slug: id,
		number: 1,
		path: `/courses/01-${id}/course.md`,
		title: 'Test course',
		version: '1',
		summary: 'A course for tests.',
		audience: 'Tests',
		estimatedMinutes: 10,
		passMark: 75,
		questionsPerAttempt: QUESTIONS.length,
		objectives: ['Pass the tests'],
		lessons: ['one', 'two', 'three'].map((slug, index) => ({
			id: `${id}-${slug}`,
			slug,
			number: index + 1,
			path: `/courses/01-${id}/0${index + 1}-${slug}.md`,
			title: `Lesson ${slug}`,
			summary: 'A lesson.',
			estimatedMinutes: 3,
			sources: [{ title: 'Source', url: 'https://example.org/' }],
			countryCodes: [],
			termIds: []
		})),
		bank: { questions: QUESTIONS },
		card: null,
		exercises: [],
		translations: [],
		requiresApprovedExercise: false,
		translated: {
			nb: { course: null, lessons: {}, quiz: null, card: null, exercises: {} },
			da: { course: null, lessons: {}, quiz: null, card: null, exercises: {} }
		},
		...overrides
	};
}

/** Every question answered correctly except those in `wrong`, which get the WRONG answer. */
export function answersWith(wrong: string[] = []): Answers {
	return Object.fromEntries(
		Object.keys(CORRECT).map((id) => [id, wrong.includes(id) ? WRONG[id] : CORRECT[id]])
	);
}

/** mulberry32: a small seeded generator, so shuffles in tests are repeatable. */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
