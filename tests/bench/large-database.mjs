#!/usr/bin/env node
/**
 * Writes a Spire database of realistic size, for timing backups, restores and queries:
 *   node tests/bench/large-database.mjs FILE [MEGABYTES]     (default 100)
 * Learners who worked through the first course: a profile with an argon2id-shaped hash, a
 * session or two, progress on every lesson, one to three quiz attempts with their answers, a
 * completion when they passed, and the xAPI-shaped learning events for all of it. Repeatable:
 * the same size gives the same rows. No real person's data; every address is @example.org.
 * For organisations, groups and assignments at scale (the educators' side), use
 * `npm run seed:large` (src/lib/server/db/large-seed.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';

const [file, megabytes = '100'] = process.argv.slice(2);
if (!file || !/^\d+$/.test(megabytes)) {
	console.error('Usage: node tests/bench/large-database.mjs FILE [MEGABYTES]');
	process.exit(2);
}
if (existsSync(file)) {
	console.error(`${file} exists already; give a new file.`);
	process.exit(1);
}
const targetBytes = Number(megabytes) * 1024 * 1024;

const COURSE = 'signs-of-distress';
const LESSONS = [
	'sod-first-years',
	'sod-withdrawal',
	'sod-signs-under-two',
	'sod-change-over-time',
	'sod-family-risk',
	'sod-observing',
	'sod-wondering-to-action'
];
/** As many question ids as the course's bank has; an attempt draws 10. */
const QUESTIONS = Array.from({ length: 22 }, (_, i) => `sod-q-${String(i + 1).padStart(2, '0')}`);
const VERB = (name) => `http://adlnet.gov/expapi/verbs/${name}`;
const LOCALES = ['nb', 'nb', 'da', 'da', 'en'];
const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 5, 7);

/** mulberry32: a small seeded generator, so every run writes the same rows. */
let seed = 20261123;
function random() {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64 = (length) => Array.from({ length }, () => pick(BASE64)).join('');
const hex = (length) => Array.from({ length }, () => pick('0123456789abcdef')).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

function shuffled(list) {
	const copy = [...list];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

function event(userId, verb, objectType, objectId, timestamp, result = null) {
	return {
		sql: 'insert into learning_events (id, user_id, verb, object_type, object_id, course_id, result, timestamp, stored) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
		args: [
			uuid(),
			userId,
			VERB(verb),
			objectType,
			objectId,
			COURSE,
			result && JSON.stringify(result),
			timestamp,
			timestamp + between(1, 40)
		]
	};
}

/** Every row one learner leaves behind. */
function learner(n) {
	const id = uuid();
	const email = `learner${n}@kindergarten${n % 40}.example.org`;
	const joined = START + between(0, 300) * DAY + between(0, 8 * 3600) * 1000;
	const rows = [
		{
			sql: 'insert into users (id, email, email_normalized, name, password_hash, locale, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
			args: [
				id,
				email,
				email,
				`Learner ${n}`,
				`$argon2id$v=19$m=19456,t=2,p=1$${base64(22)}$${base64(43)}`,
				pick(LOCALES),
				joined,
				joined
			]
		}
	];
	for (let s = between(1, 2); s > 0; s--) {
		rows.push({
			sql: 'insert into sessions values (?, ?, ?, ?, ?)',
			args: [hex(64), id, joined, joined + 14 * DAY, joined + 60 * DAY]
		});
	}
	let clock = joined;
	for (const lesson of LESSONS) {
		clock += between(5, 40) * 60 * 1000;
		const seconds = between(120, 1500);
		rows.push({
			sql: 'insert into lesson_progress values (?, ?, ?, ?, ?, ?, ?)',
			args: [id, COURSE, lesson, clock, clock + seconds * 1000, seconds, clock + seconds * 1000]
		});
		rows.push(
			event(id, 'completed', 'lesson', `urn:spire:course:${COURSE}:lesson:${lesson}`, clock, {
				completion: true,
				duration: `PT${Math.floor(seconds / 60)}M${seconds % 60}S`
			})
		);
	}
	for (let attempt = 1, passed = false; attempt <= 3 && !passed; attempt++) {
		const attemptId = uuid();
		const drawn = shuffled(QUESTIONS).slice(0, 10);
		const paper = drawn.map((questionId) => ({
			questionId,
			optionIds: shuffled(['a', 'b', 'c', 'd'].slice(0, between(2, 4)))
		}));
		const answers = paper.map(({ questionId, optionIds }) => ({
			questionId,
			selected: random() < 0.2 ? optionIds.slice(0, 2) : [optionIds[0]],
			correct: random() < 0.78
		}));
		const correct = answers.filter((answer) => answer.correct).length;
		passed = correct >= 8;
		clock += between(10, 60) * 60 * 1000;
		const submitted = clock + between(180, 900) * 1000;
		rows.push({
			sql: 'insert into quiz_attempts values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
			args: [
				attemptId,
				id,
				COURSE,
				JSON.stringify(paper),
				clock,
				submitted,
				correct,
				10,
				correct * 10,
				80,
				passed ? 1 : 0
			]
		});
		for (const answer of answers) {
			rows.push({
				sql: 'insert into quiz_answers values (?, ?, ?, ?)',
				args: [
					attemptId,
					answer.questionId,
					JSON.stringify(answer.selected),
					answer.correct ? 1 : 0
				]
			});
		}
		rows.push(
			event(
				id,
				passed ? 'passed' : 'failed',
				'assessment',
				`urn:spire:course:${COURSE}:quiz`,
				submitted,
				{ score: { scaled: correct / 10, raw: correct, min: 0, max: 10 }, success: passed }
			)
		);
		if (passed) {
			rows.push({
				sql: 'insert into course_completions values (?, ?, ?, ?)',
				args: [id, COURSE, submitted, attemptId]
			});
			rows.push(
				event(id, 'completed', 'course', `urn:spire:course:${COURSE}`, submitted, {
					completion: true
				})
			);
		}
	}
	return rows;
}

const client = createClient({ url: `file:${file}` });
await client.execute('PRAGMA journal_mode = WAL');
await migrate(drizzle(client), { migrationsFolder: resolve('drizzle') });

const started = performance.now();
let learners = 0;
/** The database's size including what still sits in the WAL. */
async function databaseBytes() {
	const pages = await client.execute('PRAGMA page_count');
	const size = await client.execute('PRAGMA page_size');
	return Number(pages.rows[0][0]) * Number(size.rows[0][0]);
}

while ((await databaseBytes()) < targetBytes) {
	const rows = [];
	for (let i = 0; i < 200; i++) rows.push(...learner(++learners));
	await client.batch(rows, 'write');
}
await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
const counts = {};
for (const table of [
	'users',
	'sessions',
	'lesson_progress',
	'quiz_attempts',
	'quiz_answers',
	'course_completions',
	'learning_events'
]) {
	counts[table] = Number((await client.execute(`select count(*) from ${table}`)).rows[0][0]);
}
client.close();
console.log(
	`Wrote ${file}: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s.`
);
console.log(
	Object.entries(counts)
		.map(([table, count]) => `${table} ${count}`)
		.join(', ')
);
