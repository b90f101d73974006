#!/usr/bin/env node
/**
 * `npm run soak`: does the server's memory level off under steady load?
 *
 * Runs the production build on a throwaway database and keeps SOAK_LEARNERS (20) signed-in
 * learners busy for SOAK_SECONDS (300): each registers, opens the catalog and the course, reads
 * every lesson and marks it complete, takes the quiz twice (start, answer, submit, review), looks
 * at "My learning" and signs out, then starts again as a new learner. No pauses: it is a load
 * test, not a simulation of reading time.
 *
 * Every 10 s it prints the server's RSS (VmRSS from /proc, what the operating system sees) and
 * its V8 heap (sent by tests/soak/memory-probe.mjs, preloaded into the server). It fails when the
 * RSS at the end is more than 20% above the RSS after warm-up (the first 60 s, or a third of a
 * shorter run), or when any response is not the one a learner's browser would get. The server
 * runs with Node's default heap limit on purpose: a cap forces frequent full collections, and
 * those hide leaks of native memory that is freed only when V8 collects its JavaScript owner.
 * Reading a failure: if "outside the heap" stayed level, V8 was still growing its heap (it sizes
 * it to the load, which on a busy machine may keep changing after the first minute); if it
 * climbed, native memory is growing.
 *
 * Builds first if there is no build. SOAK_PORT (4198) moves the server. The environment reaches
 * the server, for experiments such as `MALLOC_ARENA_MAX=2 npm run soak`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mailLogReader } from '../mail/server-log-mail.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const LEARNERS = Number(process.env.SOAK_LEARNERS ?? 20);
const PORT = Number(process.env.SOAK_PORT ?? 4198);
const BASE = `http://localhost:${PORT}`;
const WARM_UP_SECONDS = Math.min(60, Math.round(SECONDS / 3));
const ALLOWED_GROWTH = 0.2;
const REPORT_EVERY_SECONDS = 10;
const QUIZ_ATTEMPTS_PER_JOURNEY = 2;
const MB = 1024 * 1024;

if (!existsSync('build/index.js')) {
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(1);
}

const courses = readCourses();
const folder = mkdtempSync(join(tmpdir(), 'spire-soak-'));
const server = spawn(
	process.execPath,
	['--import', pathToFileURL('tests/soak/memory-probe.mjs').href, 'src/server.js'],
	{
		env: {
			...process.env,
			PORT: String(PORT),
			ORIGIN: BASE,
			DATABASE_URL: `file:${join(folder, 'soak.db')}`,
			SPIRE_DEMO: 'false',
			SPIRE_REGISTRATION_LIMIT: '0',
			// Warnings only: the mails it logs (no SMTP_URL), not a line per request.
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'pipe', 'inherit', 'ipc']
	}
);
const mailLog = mailLogReader(server.stdout);
let heap = null;
server.on('message', (message) => (heap = message));
const serverExited = new Promise((resolve) => server.on('exit', resolve));
process.on('SIGINT', () => {
	server.kill();
	rmSync(folder, { recursive: true, force: true });
	process.exit(130);
});

const stats = { requests: 0, unexpected: 0, examples: [] };
let exitCode;
try {
	await waitForServer();
	exitCode = await soak();
} catch (error) {
	console.error(error);
	exitCode = 1;
} finally {
	server.kill();
	await serverExited;
	rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);

async function soak() {
	const start = sample(0);
	console.log(
		`Soak: ${LEARNERS} learners for ${SECONDS} s against ${BASE} (warm-up ${WARM_UP_SECONDS} s).`
	);
	// "Outside the heap" is RSS minus V8's heap: native memory (SQLite, buffers, the binary).
	console.log(`   time        RSS   heap used / total   outside the heap   requests`);
	console.log(format(start));

	const startedAt = Date.now();
	const deadline = startedAt + SECONDS * 1000;
	const learners = Array.from({ length: LEARNERS }, (_, i) => learner(i, deadline));

	// RSS rises and falls with every major garbage collection, so one reading can land on a
	// peak or a trough: compare the highest reading of the warm-up with the highest reading of
	// an equally long window at the end, each taken once a second.
	const samples = [start];
	for (let second = 1; second <= SECONDS; second++) {
		await sleep(startedAt + second * 1000 - Date.now());
		samples.push(sample(second));
		if (second % REPORT_EVERY_SECONDS === 0) console.log(format(samples.at(-1)));
	}
	await Promise.all(learners);

	const peak = (from, to) =>
		Math.max(...samples.filter((s) => s.second > from && s.second <= to).map((s) => s.rss));
	const afterWarmUp = peak(0, WARM_UP_SECONDS);
	const end = peak(SECONDS - WARM_UP_SECONDS, SECONDS);
	const growth = end / afterWarmUp - 1;
	console.log(
		`\nRSS: start ${mb(start.rss)}, after warm-up ${mb(afterWarmUp)} (highest in the first ` +
			`${WARM_UP_SECONDS} s), end ${mb(end)} (highest in the last ${WARM_UP_SECONDS} s): ` +
			`${percent(growth)} (limit +${ALLOWED_GROWTH * 100}%).`
	);
	console.log(
		`Requests: ${stats.requests} (${(stats.requests / SECONDS).toFixed(0)}/s), ${stats.unexpected} unexpected.`
	);
	for (const example of stats.examples) console.log(`  unexpected: ${example}`);

	let failed = false;
	if (growth > ALLOWED_GROWTH) {
		console.log(`FAIL: RSS grew ${percent(growth)} after warm-up.`);
		failed = true;
	}
	if (stats.unexpected > 0) {
		console.log(`FAIL: ${stats.unexpected} responses were not what a learner should get.`);
		failed = true;
	}
	if (!failed) console.log('PASS');
	return failed ? 1 : 0;
}

/** One learner after another in the same seat, until the deadline. */
async function learner(seat, deadline) {
	for (let journey = 0; Date.now() < deadline; journey++) {
		try {
			await learnerJourney(`soak-${seat}-${journey}@example.org`, deadline);
		} catch (error) {
			unexpected(`learner ${seat}: ${error.message}`);
			await sleep(1000);
		}
	}
}

async function learnerJourney(email, deadline) {
	await request('POST', '/register', null, 303, {
		name: 'Soak Learner',
		email,
		password: 'a long walk on a quiet beach',
		locale: 'en',
		country: 'NO'
	});
	const link = new URL(await mailLog.link(email, '/verify-email'), BASE);
	const confirmed = await request('POST', '/verify-email', null, 303, {
		token: link.searchParams.get('token') ?? ''
	});
	const cookie = confirmed.headers.get('set-cookie')?.split(';')[0];
	if (!cookie) throw new Error('confirming the address set no session cookie');
	const get = (path) => request('GET', path, cookie, 200);
	const post = (path, form) => request('POST', path, cookie, 303, form);

	await get('/courses');
	for (const course of courses) {
		await get(`/courses/${course.slug}`);
		for (const lesson of course.lessons) {
			if (Date.now() >= deadline) return;
			const path = `/courses/${course.slug}/${lesson}`;
			const page = (await get(path)).body;
			const openedAt = /name="openedAt" value="(\d+)"/.exec(page)?.[1] ?? '';
			await post(`${path}?/complete`, { openedAt });
			await get(path);
		}
		for (let attempt = 0; attempt < QUIZ_ATTEMPTS_PER_JOURNEY; attempt++) {
			if (Date.now() >= deadline) return;
			await get(`/courses/${course.slug}/quiz`);
			const started = await post(`/courses/${course.slug}/quiz?/start`, {});
			const attemptPath = started.headers.get('location');
			const paper = (await get(attemptPath)).body;
			await post(`${attemptPath}?/submit`, someAnswers(paper));
			await get(attemptPath);
		}
	}
	await get('/me');
	await post('/logout', {});
}

/** One option per question, at random: right or wrong does not matter here. */
function someAnswers(paper) {
	const options = new Map();
	for (const [, question, option] of paper.matchAll(/name="(q:[^"]+)" value="([^"]+)"/g)) {
		options.set(question, [...(options.get(question) ?? []), option]);
	}
	if (options.size === 0) throw new Error('the quiz page had no questions');
	const answers = new URLSearchParams();
	for (const [question, ids] of options) {
		answers.append(question, ids[Math.floor(Math.random() * ids.length)]);
	}
	return answers;
}

async function request(method, path, cookie, expectedStatus, form) {
	const headers = { accept: 'text/html' };
	if (cookie) headers.cookie = cookie;
	if (form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers.origin = BASE;
	}
	const response = await fetch(BASE + path, {
		method,
		headers,
		body: form ? new URLSearchParams(form) : undefined,
		redirect: 'manual'
	});
	const body = await response.text();
	stats.requests++;
	if (response.status !== expectedStatus) {
		throw new Error(`${method} ${path} answered ${response.status}, not ${expectedStatus}`);
	}
	return { headers: response.headers, body };
}

function unexpected(description) {
	stats.unexpected++;
	if (stats.examples.length < 5) stats.examples.push(description);
}

/** The courses and lesson slugs, from the folder names (`01-signs-of-distress/02-withdrawal…md`). */
function readCourses() {
	const withoutNumber = (name) => name.replace(/^\d+-/, '').replace(/\.md$/, '');
	return readdirSync('courses', { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && existsSync(join('courses', entry.name, 'course.md')))
		.map((entry) => ({
			slug: withoutNumber(entry.name),
			lessons: readdirSync(join('courses', entry.name))
				.filter((file) => /^\d+-.+\.md$/.test(file))
				.sort()
				.map(withoutNumber)
		}));
}

function sample(second) {
	const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
	const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
	return { second, rss: rssKb * 1024, heap, requests: stats.requests };
}

function format({ second, rss, heap: h, requests }) {
	const heapText = h ? `${mb(h.heapUsed)} / ${mb(h.heapTotal)}` : '–';
	const outside = h ? mb(rss - h.heapTotal) : '–';
	return `${String(second).padStart(5)} s ${mb(rss).padStart(10)} ${heapText.padStart(19)} ${outside.padStart(18)} ${String(requests).padStart(10)}`;
}

function mb(bytes) {
	return `${(bytes / MB).toFixed(1)} MB`;
}

function percent(ratio) {
	return `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;
}

async function waitForServer() {
	for (let i = 0; i < 200; i++) {
		try {
			if ((await fetch(`${BASE}/healthz`)).ok) return;
		} catch {
			/* not up yet */
		}
		if (server.exitCode !== null) throw new Error('The server stopped during start-up.');
		await sleep(100);
	}
	throw new Error('The server did not start.');
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
