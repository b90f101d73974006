#!/usr/bin/env node
/**
 * `npm run durability`: progress survives a crash. Learners complete lessons (`?/complete`) and
 * loop through the quiz (start → paper → submit) on the production build, without JavaScript,
 * and every write the server acknowledged (303) is noted. In the middle of that load the server
 * gets SIGKILL, then starts again on the same database file, and every acknowledged lesson
 * completion, quiz start and submission (with its answers) must be there, and every learner's
 * session must still work.
 *
 * Two rounds on one throwaway database: one process killed, restarted as a cluster
 * (WEB_CONCURRENCY=2); then that cluster killed, primary and workers at once, and restarted as
 * one process. Prints each check and a last line `N passed, M failed`; exits 1 on any loss.
 * Runs the build, building it first if there is none.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { firstOptions } from '../bench/load.mjs';
import { postForm, registerLearners } from '../bench/spire-server.mjs';
import { mailLogReader } from '../mail/server-log-mail.mjs';

process.chdir(fileURLToPath(new URL('../..', import.meta.url)));

const LEARNERS = 10;
/** The server is killed once this many writes of the round were acknowledged… */
const WRITES_BEFORE_KILL = 80;
/** …or after this long, whichever comes first. */
const MAX_LOAD_MS = 10_000;
const ORIGIN = 'http://localhost';
const COURSE_FOLDER = 'courses/01-signs-of-distress';

const course = readCourse(COURSE_FOLDER);
const folder = mkdtempSync(join(tmpdir(), 'spire-durability-'));
const databaseFile = join(folder, 'spire.db');
/** @type {{ kill(): void } | null} */
let current = null;
const results = { passed: 0, failed: 0 };

/** @param {boolean} ok @param {string} what */
function check(ok, what) {
	results[ok ? 'passed' : 'failed']++;
	console.log(`  ${ok ? '✓' : '✗'} ${what}`);
}

/**
 * The course's slug, its lessons' slugs with their ids (as progress stores them), and its id,
 * from the front matter.
 * @param {string} path
 */
function readCourse(path) {
	const idOf = (file) => /^id:\s*(\S+)\s*$/m.exec(readFileSync(join(path, file), 'utf8'))?.[1];
	const lessons = readdirSync(path)
		.sort()
		.flatMap((name) => {
			const slug = /^\d{2}-(.+)\.md$/.exec(name)?.[1];
			return slug ? [{ slug, id: idOf(name) }] : [];
		});
	return { slug: /^\d{2}-(.+)$/.exec(path.split('/').pop() ?? '')?.[1], lessons };
}

/**
 * Starts `node src/server.js` on any free port, in a process group of its own so that a crash
 * takes the whole cluster, and resolves once it says that it listens.
 * @param {Record<string, string>} env
 */
async function startServer(env = {}) {
	const child = spawn('node', ['src/server.js'], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			ORIGIN,
			DATABASE_URL: `file:${databaseFile}`,
			NODE_ENV: 'production',
			SPIRE_DEMO: 'false',
			SPIRE_REGISTRATION_LIMIT: '0',
			LOG_LEVEL: 'warn',
			...env
		},
		stdio: ['ignore', 'pipe', 'inherit'],
		detached: true
	});
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => resolve(signal ?? code))
	);
	const server = {
		exited,
		kill: () => {
			try {
				process.kill(-(child.pid ?? 0), 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	current = server;
	const mailLog = mailLogReader(child.stdout);
	const base = await new Promise((found, failed) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const listening = /Listening on (http:\/\/[\d.]+:\d+)/.exec(output);
			if (listening) found(listening[1]);
		});
		child.once('exit', () => failed(new Error(`The server stopped at start-up: ${output}`)));
		setTimeout(() => failed(new Error('The server did not start within 30 s.')), 30_000).unref();
	});
	return {
		...server,
		base,
		/** The mails it logged (no SMTP_URL): registering reads the address-check links there. */
		mailLog,
		/** Stops it as an operator would: SIGTERM, and its exit code. */
		async stop() {
			child.kill('SIGTERM');
			return exited;
		}
	};
}

/**
 * @typedef {{ cookie: string, email: string, nextLesson: number }} Learner
 * @typedef {{ completions: { email: string, lessonId: string }[], started: string[], submitted: string[], failures: string[] }} Acknowledged
 */

/**
 * Every learner completes the next lesson and runs one quiz cycle, again and again, until the
 * server is killed: after WRITES_BEFORE_KILL acknowledged writes, or MAX_LOAD_MS.
 * @param {{ base: string, kill(): void, exited: Promise<unknown> }} server
 * @param {Learner[]} learners
 * @param {Acknowledged} acknowledged
 */
async function loadUntilKilled(server, learners, acknowledged) {
	let writes = 0;
	let killed = false;
	const acknowledge = () => {
		if (++writes >= WRITES_BEFORE_KILL && !killed) {
			killed = true;
			server.kill();
		}
	};
	const deadline = setTimeout(() => {
		killed = true;
		server.kill();
	}, MAX_LOAD_MS);

	/** @param {Learner} learner */
	async function loop(learner) {
		const { base } = server;
		while (!killed) {
			try {
				if (learner.nextLesson < course.lessons.length) {
					const lesson = course.lessons[learner.nextLesson];
					const path = `/courses/${course.slug}/${lesson.slug}`;
					const openedAt = String(Date.now() - 30_000);
					const done = await postForm(
						base,
						ORIGIN,
						`${path}?/complete`,
						{ openedAt },
						learner.cookie
					);
					await done.arrayBuffer();
					if (done.status !== 303 || done.headers.get('location') !== `${path}#lesson-done`) {
						throw new Error(`complete answered ${done.status}`);
					}
					acknowledged.completions.push({ email: learner.email, lessonId: lesson.id });
					learner.nextLesson++;
					acknowledge();
				}

				const start = await postForm(
					base,
					ORIGIN,
					`/courses/${course.slug}/quiz?/start`,
					{},
					learner.cookie
				);
				await start.arrayBuffer();
				const attemptPath = start.headers.get('location') ?? '';
				const attemptId = /\/quiz\/([^/?#]+)$/.exec(attemptPath)?.[1];
				if (start.status !== 303 || !attemptId) throw new Error(`start answered ${start.status}`);
				acknowledged.started.push(attemptId);
				acknowledge();

				const paper = await fetch(base + attemptPath, {
					headers: { cookie: learner.cookie, accept: 'text/html' }
				});
				const html = await paper.text();
				if (paper.status !== 200) throw new Error(`the attempt page answered ${paper.status}`);

				const submit = await postForm(
					base,
					ORIGIN,
					`${attemptPath}?/submit`,
					firstOptions(html),
					learner.cookie
				);
				await submit.arrayBuffer();
				if (submit.status !== 303) throw new Error(`submit answered ${submit.status}`);
				acknowledged.submitted.push(attemptId);
				acknowledge();
			} catch (error) {
				// After the kill, requests in flight fail: they were never acknowledged.
				if (!killed) acknowledged.failures.push(String(error));
			}
		}
	}

	await Promise.all(learners.map(loop));
	clearTimeout(deadline);
	await server.exited;
	return writes;
}

/**
 * Checks that everything acknowledged so far is in the database the restarted server uses,
 * and that every learner is still signed in there.
 * @param {string} base
 * @param {Learner[]} learners
 * @param {Acknowledged} acknowledged
 */
async function checkNothingLost(base, learners, acknowledged) {
	const client = createClient({ url: `file:${databaseFile}` });
	try {
		const completed = new Set(
			(
				await client.execute(
					'select users.email, lesson_progress.lesson_id from lesson_progress join users on users.id = lesson_progress.user_id where lesson_progress.completed_at is not null'
				)
			).rows.map((row) => `${row[0]} ${row[1]}`)
		);
		const lostCompletions = acknowledged.completions.filter(
			({ email, lessonId }) => !completed.has(`${email} ${lessonId}`)
		);
		check(
			lostCompletions.length === 0,
			`${acknowledged.completions.length} acknowledged lesson completions stored` +
				(lostCompletions.length ? `: ${lostCompletions.length} LOST` : '')
		);

		const attempts = new Map(
			(
				await client.execute(
					'select id, submitted_at, question_count, (select count(*) from quiz_answers where attempt_id = quiz_attempts.id) from quiz_attempts'
				)
			).rows.map((row) => [
				String(row[0]),
				{ submitted: row[1] !== null, whole: Number(row[3]) === Number(row[2]) }
			])
		);
		const lostStarts = acknowledged.started.filter((id) => !attempts.has(id));
		check(
			lostStarts.length === 0,
			`${acknowledged.started.length} acknowledged quiz starts stored` +
				(lostStarts.length ? `: ${lostStarts.length} LOST` : '')
		);
		const lostSubmissions = acknowledged.submitted.filter((id) => {
			const attempt = attempts.get(id);
			return !attempt?.submitted || !attempt.whole;
		});
		check(
			lostSubmissions.length === 0,
			`${acknowledged.submitted.length} acknowledged submissions stored with every answer` +
				(lostSubmissions.length ? `: ${lostSubmissions.length} LOST` : '')
		);

		const integrity = (await client.execute('PRAGMA integrity_check')).rows.map((row) => row[0]);
		check(integrity.join() === 'ok', `the database passes its integrity check (${integrity})`);
	} finally {
		client.close();
	}
	const signedOut = [];
	for (const learner of learners) {
		const me = await fetch(`${base}/me`, {
			headers: { cookie: learner.cookie, accept: 'text/html' },
			redirect: 'manual'
		});
		await me.arrayBuffer();
		if (me.status !== 200) signedOut.push(`${learner.email}: ${me.status}`);
	}
	check(
		signedOut.length === 0,
		`every learner is still signed in${signedOut.length ? `: not ${signedOut.join(', ')}` : ''}`
	);
}

/**
 * @param {string} name
 * @param {Awaited<ReturnType<typeof startServer>>} server
 * @param {Learner[]} learners
 * @param {Acknowledged} acknowledged
 */
async function crashRound(name, server, learners, acknowledged) {
	const before = acknowledged.failures.length;
	const started = performance.now();
	const writes = await loadUntilKilled(server, learners, acknowledged);
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	console.log(`${name}: killed with SIGKILL after ${writes} acknowledged writes in ${seconds} s`);
	const failures = acknowledged.failures.slice(before);
	check(
		failures.length === 0,
		`no request failed before the kill${failures.length ? `: ${failures.length}, such as ${failures.slice(0, 3).join('; ')}` : ''}`
	);
}

if (!existsSync('build/handler.js')) {
	console.log('No build yet: building first.');
	if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const startedAt = performance.now();
try {
	/** @type {Acknowledged} */
	const acknowledged = { completions: [], started: [], submitted: [], failures: [] };
	let server = await startServer();
	const cookies = await registerLearners(
		{ base: server.base, origin: ORIGIN, mailLog: server.mailLog },
		LEARNERS,
		'durability'
	);
	/** @type {Learner[]} */
	const learners = cookies.map((cookie, i) => ({
		cookie,
		email: `durability-${i}@example.org`,
		nextLesson: 0
	}));

	await crashRound('One process under load', server, learners, acknowledged);
	server = await startServer({ WEB_CONCURRENCY: '2' });
	console.log('Restarted on the same file with WEB_CONCURRENCY=2:');
	await checkNothingLost(server.base, learners, acknowledged);

	await crashRound('Two processes under load', server, learners, acknowledged);
	server = await startServer();
	console.log('Restarted on the same file as one process:');
	await checkNothingLost(server.base, learners, acknowledged);
	check((await server.stop()) === 0, 'the server stops cleanly on SIGTERM');
} catch (error) {
	check(false, `the run went through: ${error instanceof Error ? error.message : error}`);
} finally {
	current?.kill();
	rmSync(folder, { recursive: true, force: true });
}
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
console.log(
	`Durability (kill -9): ${results.passed} passed, ${results.failed} failed (${seconds} s)`
);
process.exit(results.failed > 0 ? 1 : 0);
