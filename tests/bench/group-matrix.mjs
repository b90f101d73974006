/**
 * The bench's group matrix: a group of 500 learners written straight into the bench's database
 * file, with the bench's own signed-in account as its educator, and the group page (where the
 * matrix is) timed request by request. Learners are spread over every stage: not started, some
 * lessons, all lessons, a failed attempt, completed.
 *
 * `benchLargeGroupMatrix` does the same on a database made by `npm run seed:large` (100,000
 * learners, 5 million lesson-progress rows): its largest group, 500 learners, signed in as an
 * educator of the group's organisation with the seeded password; it also reads the server's own
 * time for each request from its access log.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { send } from './http-client.mjs';
import { quantile } from './load.mjs';
import { postForm, sleep, startSpire } from './spire-server.mjs';

/** The password of every account `npm run seed:large` writes (SEEDED_PASSWORD in its command). */
const SEEDED_PASSWORD = 'seeded-spire-password';

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

/**
 * Sequential requests of the group page after 20 for warm-up: time as the client sees it. The
 * page must answer 200 with a matrix row per learner (`learners`).
 */
export async function timeGroupPage(
	base,
	groupId,
	cookie,
	{ requests = 200, learners = 500 } = {}
) {
	const path = `${base}/educate/groups/${groupId}`;
	const headers = { cookie, accept: 'text/html' };
	const first = await send(path, { headers });
	// Each matrix row's name links to the learner's detail.
	const rows = first.text.match(/\/learners\/[0-9a-f-]{36}"/g)?.length ?? 0;
	if (first.status !== 200 || rows !== learners) {
		throw new Error(
			`The group page answered ${first.status} with ${rows} matrix rows, not ${learners}`
		);
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

/** The largest group of a `seed:large` database, its size, and an educator of its organisation. */
async function largestGroup(databaseFile) {
	const client = createClient({ url: `file:${databaseFile}` });
	try {
		const [group] = (
			await client.execute(
				'select group_id, count(*) from group_members group by group_id order by 2 desc limit 1'
			)
		).rows;
		const [educator] = (
			await client.execute({
				sql: `select u.email from groups g
					join memberships m on m.organisation_id = g.organisation_id and m.role = 'educator'
					join users u on u.id = m.user_id
					where g.id = ? limit 1`,
				args: [group[0]]
			})
		).rows;
		if (!educator) throw new Error(`${databaseFile} has no educator: is it from seed:large?`);
		return { groupId: String(group[0]), learners: Number(group[1]), email: String(educator[0]) };
	} finally {
		client.close();
	}
}

/** Signs in with the login form, as a browser without JavaScript; returns the session cookie. */
async function signIn(server, email, password) {
	const response = await postForm(server.base, server.origin, '/login', { email, password });
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.find((pair) => pair.includes('spire_session='));
	if (response.status !== 303 || !cookie) {
		throw new Error(`Signing in as ${email} answered ${response.status}`);
	}
	return cookie;
}

/** The `ms` of each access-log line for `path` that the server writes to `stdout`. */
function accessTimes(stdout, path) {
	const times = [];
	let rest = '';
	stdout.on('data', (chunk) => {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) {
			if (!line.startsWith('{')) continue;
			try {
				const entry = JSON.parse(line);
				if (entry.msg === 'request' && entry.path === path && entry.status === 200) {
					times.push(entry.ms);
				}
			} catch {
				/* not a log line */
			}
		}
	});
	return times;
}

/**
 * The group page of the largest group of `databaseFile` (made by `npm run seed:large`), on a
 * server of its own on `port`: client p50/p99 and the server's own time per request (from
 * handle to response, as its access log says), p50 and p99. `cwd` is the checkout to run.
 */
export async function benchLargeGroupMatrix({
	databaseFile,
	port,
	requests = 200,
	cwd = process.cwd()
}) {
	const { groupId, learners, email } = await largestGroup(databaseFile);
	const server = await startSpire({ port, databaseFile, cwd, env: { LOG_LEVEL: 'info' } });
	try {
		const serverTimes = accessTimes(server.stdout, `/educate/groups/${groupId}`);
		const cookie = await signIn(server, email, SEEDED_PASSWORD);
		const client = await timeGroupPage(server.base, groupId, cookie, { requests, learners });
		await sleep(200); // the last access lines
		const measured = serverTimes.slice(-requests); // not the warm-up's
		return {
			...client,
			learners,
			serverP50: quantile(measured, 0.5),
			serverP99: quantile(measured, 0.99)
		};
	} finally {
		await server.stop();
	}
}
