/**
 * The bench's group matrix: a group of 500 learners written straight into the bench's database
 * file, with the bench's own signed-in account as its educator, and the group page (where the
 * matrix is) timed request by request. Learners are spread over every stage: not started, some
 * lessons, all lessons, a failed attempt, completed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { send } from './http-client.mjs';
import { quantile } from './load.mjs';

const COURSE_FOLDER = 'courses/01-signs-of-distress';
const DAY = 24 * 60 * 60 * 1000;

function idOf(file) {
	return /^id:\s*(\S+)\s*$/m.exec(readFileSync(file, 'utf8'))?.[1];
}

/** The course id and its lesson ids, from the content's front matter. */
function courseIds() {
	const lessons = readdirSync(COURSE_FOLDER)
		.filter((name) => /^\d{2}-.+\.md$/.test(name))
		.sort()
		.map((name) => idOf(join(COURSE_FOLDER, name)));
	return { courseId: idOf(join(COURSE_FOLDER, 'course.md')), lessons };
}

/**
 * Writes the organisation, the group of `learners`, their progress, and makes the account with
 * `educatorEmail` its educator. Returns the group's id.
 */
export async function seedGroup(databaseFile, educatorEmail, learners = 500) {
	const client = createClient({ url: `file:${databaseFile}` });
	const { courseId, lessons } = courseIds();
	const now = Date.now();
	const [educator] = (
		await client.execute({
			sql: 'select id from users where email_normalized = ?',
			args: [educatorEmail]
		})
	).rows;
	const organisationId = crypto.randomUUID();
	const groupId = crypto.randomUUID();
	const statements = [
		{
			sql: 'insert into organisations (id, name, created_at, updated_at) values (?, ?, ?, ?)',
			args: [organisationId, 'Bench kindergarten', now, now]
		},
		{
			sql: 'insert into memberships values (?, ?, ?, ?)',
			args: [educator.id, organisationId, 'educator', now]
		},
		{
			sql: 'insert into groups values (?, ?, ?, ?, ?)',
			args: [groupId, organisationId, 'Bench group', now, now]
		},
		{
			sql: 'insert into assignments (id, organisation_id, group_id, course_id, due_at, assigned_by, created_at) values (?, ?, ?, ?, ?, ?, ?)',
			args: [
				crypto.randomUUID(),
				organisationId,
				groupId,
				courseId,
				now + 7 * DAY,
				educator.id,
				now
			]
		}
	];
	for (let i = 0; i < learners; i++) {
		const userId = crypto.randomUUID();
		const email = `bench-matrix-${i}@example.org`;
		statements.push(
			{
				sql: 'insert into users (id, email, email_normalized, name, password_hash, locale, created_at, updated_at, email_verified_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
				args: [userId, email, email, `Learner ${i}`, 'not-a-real-hash', 'en', now, now, now]
			},
			{ sql: 'insert into group_members values (?, ?, ?)', args: [groupId, userId, now] },
			{
				sql: 'insert into memberships values (?, ?, ?, ?)',
				args: [userId, organisationId, 'learner', now]
			}
		);
		// Stages by position: a fifth each not started, some lessons, all lessons, failed, completed.
		const stage = i % 5;
		const done = [0, 3, lessons.length, lessons.length, lessons.length][stage];
		for (const lessonId of lessons.slice(0, done)) {
			statements.push({
				sql: 'insert into lesson_progress values (?, ?, ?, ?, ?, ?, ?)',
				args: [userId, courseId, lessonId, now - DAY, now - DAY, 240, now - DAY]
			});
		}
		if (stage >= 3) {
			const attemptId = crypto.randomUUID();
			const passed = stage === 4;
			statements.push({
				sql: 'insert into quiz_attempts values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
				args: [
					attemptId,
					userId,
					courseId,
					'[]',
					now - DAY,
					now - DAY,
					passed ? 9 : 4,
					10,
					passed ? 90 : 40,
					80,
					passed ? 1 : 0
				]
			});
			if (passed) {
				statements.push({
					sql: 'insert into course_completions values (?, ?, ?, ?)',
					args: [userId, courseId, now - DAY, attemptId]
				});
			}
		}
	}
	await client.batch(statements, 'write');
	client.close();
	return groupId;
}

/** Sequential requests of the group page after a warm-up: server time as the client sees it. */
export async function timeGroupPage(base, groupId, cookie, requests = 200) {
	const path = `${base}/educate/groups/${groupId}`;
	const headers = { cookie, accept: 'text/html' };
	const first = await send(path, { headers });
	if (first.status !== 200 || !first.text.includes('Learner 499')) {
		throw new Error(`The group page answered ${first.status} without the 500 learners`);
	}
	for (let i = 0; i < 20; i++) await send(path, { headers });
	const times = [];
	for (let i = 0; i < requests; i++) {
		const start = performance.now();
		const answer = await send(path, { headers });
		times.push(performance.now() - start);
		if (answer.status !== 200) throw new Error(`The group page answered ${answer.status}`);
	}
	return {
		p50: quantile(times, 0.5),
		p99: quantile(times, 0.99),
		requests,
		bytes: first.text.length
	};
}
