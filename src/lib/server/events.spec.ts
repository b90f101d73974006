import { describe, expect, it } from 'vitest';
import { getDb } from '$lib/server/db';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	VERBS,
	activityId,
	appendEvent,
	isoDuration,
	listEventsOf,
	toStatement
} from '$lib/server/events';
import { HOUR, MINUTE, T0, insertUser, later } from '$lib/server/__fixtures__/learning';

const HOME = 'https://spire.example';

describe('activityId', () => {
	it('builds stable IRIs from content ids', () => {
		expect(activityId({ type: 'course', courseId: 'signs' })).toBe('urn:spire:course:signs');
		expect(activityId({ type: 'lesson', courseId: 'signs', lessonId: 'adbb' })).toBe(
			'urn:spire:course:signs:lesson:adbb'
		);
		expect(activityId({ type: 'assessment', courseId: 'signs' })).toBe(
			'urn:spire:course:signs:quiz'
		);
	});
});

describe('isoDuration', () => {
	it.each([
		[0, 'PT0S'],
		[59, 'PT59S'],
		[60, 'PT1M'],
		[330, 'PT5M30S'],
		[3600, 'PT1H'],
		[3601, 'PT1H1S'],
		[3661, 'PT1H1M1S'],
		[7260, 'PT2H1M'],
		[59.6, 'PT1M'],
		[-5, 'PT0S']
	])('writes %s seconds as %s', (seconds, expected) => {
		expect(isoDuration(seconds)).toBe(expected);
	});
});

describe('the event log', () => {
	useTestDatabase();

	it('lists only the events of one learner, oldest first', async () => {
		const [ada, bo] = [await insertUser('Ada'), await insertUser('Bo')];
		const lesson = { type: 'lesson', courseId: 'c', lessonId: 'l' } as const;
		await appendEvent(getDb(), {
			userId: ada,
			verb: 'completed',
			object: lesson,
			timestamp: later(HOUR)
		});
		await appendEvent(getDb(), { userId: bo, verb: 'completed', object: lesson, timestamp: T0 });
		await appendEvent(getDb(), {
			userId: ada,
			verb: 'failed',
			object: { type: 'assessment', courseId: 'c' },
			timestamp: T0
		});
		const events = await listEventsOf(getDb(), ada);
		expect(events.map((e) => [e.verb, e.timestamp])).toEqual([
			[VERBS.failed, T0],
			[VERBS.completed, later(HOUR)]
		]);
		expect(events.every((e) => e.userId === ada && e.courseId === 'c')).toBe(true);
	});

	it('turns a stored event into an xAPI statement with an account actor, never an email', async () => {
		const userId = await insertUser();
		const result = {
			score: { scaled: 0.8, raw: 8, min: 0, max: 10 },
			success: true,
			completion: true
		};
		await appendEvent(getDb(), {
			userId,
			verb: 'passed',
			object: { type: 'assessment', courseId: 'signs' },
			result,
			timestamp: later(5 * MINUTE)
		});
		const [row] = await listEventsOf(getDb(), userId);
		const statement = toStatement(row, HOME);
		expect(statement).toEqual({
			id: row.id,
			actor: { objectType: 'Agent', account: { homePage: HOME, name: userId } },
			verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
			object: {
				objectType: 'Activity',
				id: 'urn:spire:course:signs:quiz',
				definition: { type: 'http://adlnet.gov/expapi/activities/assessment' }
			},
			result,
			timestamp: '2025-03-01T08:05:00.000Z',
			stored: row.stored.toISOString()
		});
		expect(statement.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(JSON.stringify(statement)).not.toContain('@');
		expect(Math.abs(row.stored.getTime() - Date.now())).toBeLessThan(60_000);
	});

	it('leaves out the result when the event has none, and types lessons and courses', async () => {
		const userId = await insertUser();
		await appendEvent(getDb(), {
			userId,
			verb: 'completed',
			object: { type: 'course', courseId: 'signs' },
			timestamp: T0
		});
		await appendEvent(getDb(), {
			userId,
			verb: 'completed',
			object: { type: 'lesson', courseId: 'signs', lessonId: 'adbb' },
			result: { completion: true, duration: 'PT2M' },
			timestamp: later(MINUTE)
		});
		const [course, lesson] = (await listEventsOf(getDb(), userId)).map((row) =>
			toStatement(row, HOME)
		);
		expect(course).not.toHaveProperty('result');
		expect(course.object.definition.type).toBe('http://adlnet.gov/expapi/activities/course');
		expect(course.verb).toEqual({ id: VERBS.completed, display: { 'en-US': 'completed' } });
		expect(lesson.object).toMatchObject({
			id: 'urn:spire:course:signs:lesson:adbb',
			definition: { type: 'http://adlnet.gov/expapi/activities/lesson' }
		});
		expect(lesson.result).toEqual({ completion: true, duration: 'PT2M' });
	});
});
