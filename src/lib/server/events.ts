/**
 * The learning-event log: every lesson completed, attempt submitted and course completed is
 * appended as one row shaped like an xAPI statement (actor, verb, object, result, timestamp).
 * `toStatement` gives the xAPI JSON for export to a learning record store.
 */
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '$lib/server/db';
import { learningEvents, type LearningEventResult } from '$lib/server/db/schema';

export const VERBS = {
	completed: 'http://adlnet.gov/expapi/verbs/completed',
	passed: 'http://adlnet.gov/expapi/verbs/passed',
	failed: 'http://adlnet.gov/expapi/verbs/failed'
} as const;

const ACTIVITY_TYPES = {
	course: 'http://adlnet.gov/expapi/activities/course',
	lesson: 'http://adlnet.gov/expapi/activities/lesson',
	assessment: 'http://adlnet.gov/expapi/activities/assessment'
} as const;

export type LearningObject =
	| { type: 'course'; courseId: string }
	| { type: 'lesson'; courseId: string; lessonId: string }
	| { type: 'assessment'; courseId: string };

/** Stable activity IRIs built from content ids, so they survive renamed files. */
export function activityId(object: LearningObject): string {
	const course = `urn:spire:course:${object.courseId}`;
	if (object.type === 'lesson') return `${course}:lesson:${object.lessonId}`;
	if (object.type === 'assessment') return `${course}:quiz`;
	return course;
}

export async function appendEvent(
	db: Queryable,
	event: {
		userId: string;
		verb: keyof typeof VERBS;
		object: LearningObject;
		result?: LearningEventResult;
		timestamp: Date;
	}
) {
	await db.insert(learningEvents).values({
		id: crypto.randomUUID(),
		userId: event.userId,
		verb: VERBS[event.verb],
		objectType: event.object.type,
		objectId: activityId(event.object),
		courseId: event.object.courseId,
		result: event.result ?? null,
		timestamp: event.timestamp
	});
}

export async function listEventsOf(db: Queryable, userId: string) {
	return db
		.select()
		.from(learningEvents)
		.where(eq(learningEvents.userId, userId))
		.orderBy(asc(learningEvents.timestamp));
}

/** The xAPI 1.0.3 statement for a stored event. The actor is an account, never an email. */
export function toStatement(row: typeof learningEvents.$inferSelect, homePage: string) {
	const verbName = row.verb.split('/').pop() ?? row.verb;
	return {
		id: row.id,
		actor: { objectType: 'Agent', account: { homePage, name: row.userId } },
		verb: { id: row.verb, display: { 'en-US': verbName } },
		object: {
			objectType: 'Activity',
			id: row.objectId,
			definition: { type: ACTIVITY_TYPES[row.objectType as keyof typeof ACTIVITY_TYPES] }
		},
		...(row.result ? { result: row.result } : {}),
		timestamp: row.timestamp.toISOString(),
		stored: row.stored.toISOString()
	};
}

/** Seconds as an ISO 8601 duration (PT1H2M3S), the form xAPI results use. */
export function isoDuration(totalSeconds: number): string {
	const s = Math.max(0, Math.round(totalSeconds));
	const hours = Math.floor(s / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const seconds = s % 60;
	return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}
