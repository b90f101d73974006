#!/usr/bin/env node
/**
 * `npm run bench`: how fast Spire is, each figure set against a ceiling measured in the same run,
 * on the production build (`node src/server.js`) with throwaway databases.
 *   1. Throughput: autocannon at 50 connections on the signed-in lesson page, the course page,
 *      `/me` and the anonymous lesson page, each followed by a bare `node:http` server that sends
 *      the very same bytes: req/s, share of bare, p50, p99. Then the signed-in lesson page again
 *      with WEB_CONCURRENCY=2, against a bare server that also runs two processes.
 *   2. Quiz writes: BENCH_LEARNERS learners looping start → paper → submit: cycles per second,
 *      submit p50/p99, errors, and acknowledged submissions missing from the database (must be 0).
 *   3. The same quiz load split over two processes on one database file, with `/healthz` probed
 *      every 100 ms on each: the probe's p99 and maximum.
 *   4. The group matrix: a group of 500 learners seeded into the database, its page p50/p99.
 *   5. Certificates: BENCH_CERTIFICATES (20) learners complete the course one at a time; the
 *      submit that completes it (and issues the certificate) against a failed submit, then the
 *      PDF (time, size) and the signed Open Badge downloaded.
 *   6. A first visit to a lesson page in Chromium (requests, gzipped JS), and the cold start from
 *      spawning the server on a fresh database to its first healthy `/healthz`.
 * BENCH_SECONDS (5) sets how long each load runs. BENCH_BASELINE=<git revision> also measures that
 * revision's pages and one-process quiz in the same run, as "before" rows (baseline.mjs). Ports
 * BENCH_PORT (4500) to BENCH_PORT + 5. Nothing here is an assertion: speed is measured, not
 * tested. Builds first if there is no build.
 *
 * `npm run bench -- --large FILE` measures only the group matrix on FILE, a database made by
 * `npm run seed:large`: the page of its largest group (500 of the 100,000 learners), client p50
 * and p99 and the server's own time, on port BENCH_PORT + 6. It signs in there (one session row).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { chromium } from '@playwright/test';
import { COURSE, compareWithBare, probeHealth, quantile, quizLoad, throughput } from './load.mjs';
import { prepareBaseline } from './baseline.mjs';
import { benchCertificates } from './certificates.mjs';
import { benchLargeGroupMatrix, seedGroup, timeGroupPage } from './group-matrix.mjs';
import { registerLearner, registerLearners, startSpire } from './spire-server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const CERTIFICATE_LEARNERS = Number(process.env.BENCH_CERTIFICATES ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 4500);
const PORTS = {
	spire: PORT,
	bare: PORT + 1,
	first: PORT + 2,
	second: PORT + 3,
	cluster: PORT + 4,
	before: PORT + 5,
	large: PORT + 6
};
/** A git revision to measure as "before" in the same run (pages and the one-process quiz). */
const BASELINE = process.env.BENCH_BASELINE;
/** WEB_CONCURRENCY of the cluster row: one process per core of the 2-core machine. */
const CLUSTER_PROCESSES = 2;
const LESSON = `/courses/${COURSE}/withdrawal-and-the-adbb`;
const ms = (value) => `${Math.round(value)} ms`;
const perSecond = (value) => `${Math.round(value)} req/s`;

if (!existsSync('build/handler.js')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });

const largeFlag = process.argv.indexOf('--large');
if (largeFlag !== -1) {
	const databaseFile = process.argv[largeFlag + 1];
	if (!databaseFile || !existsSync(databaseFile)) {
		console.error('Usage: npm run bench -- --large FILE   (FILE from npm run seed:large)');
		process.exit(2);
	}
	console.log(`The group matrix on ${databaseFile}, the page of its largest group one at a time:`);
	const large = await benchLargeGroupMatrix({ databaseFile, port: PORTS.large });
	console.log(
		`  ${large.learners} learners: p50 ${ms(large.p50)}, p99 ${ms(large.p99)}; server time p50 ${ms(large.serverP50)}, p99 ${ms(large.serverP99)}; ${large.requests} requests`
	);
	printTable([largeMatrixRow(large)], 'Summary (one request at a time):');
	process.exit(0);
}

const folder = mkdtempSync(join(tmpdir(), 'spire-bench-'));
/** Rows of the summary table: [figure, Spire, ceiling, share of ceiling, p50, p99, notes]. */
const rows = [];
const running = [];

const baseline = BASELINE ? prepareBaseline(BASELINE) : null;
try {
	const before = baseline
		? await startSpire({
				port: PORTS.before,
				databaseFile: join(folder, 'before.db'),
				cwd: baseline.dir
			})
		: null;
	if (before) running.push(before);
	const beforeCookie = before && (await registerLearner(before, 'bench-before@example.org'));
	const spire = await startSpire({
		port: PORTS.spire,
		databaseFile: join(folder, 'bench.db')
	});
	running.push(spire);
	console.log(`Cold start to a healthy /healthz: ${ms(spire.coldStartMs)}`);
	const cookie = await registerLearner(spire, 'bench@example.org');

	console.log(`\nThroughput, ${SECONDS} s each at 50 connections, Spire then a bare server:`);
	for (const [name, path, signedIn] of [
		['signed-in lesson page', LESSON, true],
		['course page', `/courses/${COURSE}`, true],
		['/me', '/me', true],
		['anonymous lesson page', LESSON, false]
	]) {
		const headers = signedIn ? { cookie } : {};
		const row = await throughputRow(name, spire, path, headers);
		rows.push(row.row);
		if (before) {
			const beforeHeaders = signedIn ? { cookie: beforeCookie } : {};
			rows.push(await beforeRow(name, before, path, beforeHeaders, row.ceiling));
		}
	}

	console.log('\nThe group matrix of 500 learners, the group page requested one at a time:');
	const groupId = await seedGroup(join(folder, 'bench.db'), 'bench@example.org', 500);
	const matrix = await timeGroupPage(spire.base, groupId, cookie);
	console.log(`  p50 ${ms(matrix.p50)}, p99 ${ms(matrix.p99)}, ${matrix.requests} requests`);
	rows.push([
		'group matrix, 500 learners',
		`${matrix.requests} requests`,
		'',
		'',
		ms(matrix.p50),
		ms(matrix.p99),
		`${Math.round(matrix.bytes / 1024)} KB page, one at a time`
	]);

	console.log(
		`\nCertificates: ${CERTIFICATE_LEARNERS} learners complete the course one at a time, then download:`
	);
	const certificates = await benchCertificates(
		spire,
		await registerLearners(spire, CERTIFICATE_LEARNERS, 'certificate')
	);
	for (const [name, figure, note] of [
		['failed submit (attempt only)', certificates.failedSubmit, 'writes the attempt'],
		[
			'completing submit',
			certificates.completingSubmit,
			'attempt, completion and certificate in one transaction'
		],
		['certificate PDF', certificates.pdf, `${(certificates.pdfBytes / 1024).toFixed(1)} KB`],
		['signed Open Badge (.jwt)', certificates.credential, 'EdDSA signature']
	]) {
		console.log(`  ${name}: p50 ${ms(figure.p50)}, p99 ${ms(figure.p99)}; ${note}`);
		rows.push([
			name,
			`${certificates.learners} requests`,
			'',
			'',
			ms(figure.p50),
			ms(figure.p99),
			note
		]);
	}

	console.log(
		`\nThe signed-in lesson page on WEB_CONCURRENCY=${CLUSTER_PROCESSES}, then a bare server with as many processes:`
	);
	const clustered = await startSpire({
		port: PORTS.cluster,
		databaseFile: join(folder, 'cluster.db'),
		env: { WEB_CONCURRENCY: String(CLUSTER_PROCESSES) }
	});
	running.push(clustered);
	const clusterCookie = await registerLearner(clustered, 'bench-cluster@example.org');
	const clusterRow = await throughputRow(
		`signed-in lesson page, ${CLUSTER_PROCESSES} processes`,
		clustered,
		LESSON,
		{ cookie: clusterCookie },
		CLUSTER_PROCESSES
	);
	rows.push(clusterRow.row);
	await clustered.stop();

	console.log(`\nQuiz, ${LEARNERS} learners, ${SECONDS} s, one process:`);
	const single = await quizRun([spire], join(folder, 'bench.db'), 'one');
	rows.push(quizRow(`quiz, ${LEARNERS} learners, 1 process`, single));
	await spire.stop();
	if (before) {
		console.log(`\nThe same quiz load on ${baseline.commit} (before):`);
		const earlier = await quizRun([before], join(folder, 'before.db'), 'before');
		rows.push(quizRow(`quiz, 1 process, before (${baseline.commit})`, earlier));
		await before.stop();
	}

	console.log(`\nQuiz, ${LEARNERS} learners, ${SECONDS} s, two processes on one database file:`);
	const shared = join(folder, 'shared.db');
	const first = await startSpire({ port: PORTS.first, databaseFile: shared });
	running.push(first);
	const second = await startSpire({ port: PORTS.second, databaseFile: shared });
	running.push(second);
	const probes = [probeHealth(first.base), probeHealth(second.base)];
	const double = await quizRun([first, second], shared, 'two');
	const health = (await Promise.all(probes.map((probe) => probe.stop()))).flat();
	rows.push(quizRow(`quiz, ${LEARNERS} learners, 2 processes`, double));
	const healthRow = [
		'/healthz, 2 processes',
		`${health.length} probes`,
		'',
		'',
		ms(quantile(health, 0.5)),
		ms(quantile(health, 0.99)),
		`max ${ms(Math.max(...health))}`
	];
	console.log(`  /healthz p99 ${healthRow[5]}, ${healthRow[6]}`);
	rows.push(healthRow);
	await first.stop();
	await second.stop();

	console.log('\nFirst visit to a lesson page in Chromium:');
	const fresh = await startSpire({ port: PORTS.spire, databaseFile: join(folder, 'fresh.db') });
	running.push(fresh);
	const visit = await firstVisit(fresh.base + LESSON);
	const scripts = `${visit.scripts} scripts, ${visit.gzipKb.toFixed(1)} KB JS gzipped`;
	console.log(`  ${visit.requests} requests, ${scripts}`);
	rows.push(['first lesson visit', `${visit.requests} requests`, '', '', '', '', scripts]);
	rows.push(['cold start to /healthz', ms(spire.coldStartMs), '', '', '', '', 'fresh database']);
	await fresh.stop();

	printTable(rows);
} finally {
	await Promise.all(running.map((server) => server.stop()));
	rmSync(folder, { recursive: true, force: true });
	baseline?.remove();
}

/** The summary table's row for the matrix on a seed:large database. */
function largeMatrixRow(large) {
	return [
		`group matrix, ${large.learners} of 100,000 learners`,
		`${large.requests} requests`,
		'',
		'',
		ms(large.p50),
		ms(large.p99),
		`server p50 ${ms(large.serverP50)}, p99 ${ms(large.serverP99)}; ${Math.round(large.bytes / 1024)} KB page`
	];
}

/** One page against its bare ceiling, printed and returned as a row of the summary table. */
async function throughputRow(name, server, path, headers, processes = 1) {
	const { measured, ceiling, share } = await compareWithBare({
		server,
		path,
		headers,
		seconds: SECONDS,
		barePort: PORTS.bare,
		folder,
		processes
	});
	const failures = measured.failures ? `${measured.failures} failed` : '';
	console.log(
		`  ${name.padEnd(22)} ${perSecond(measured.perSecond)} vs ${perSecond(ceiling.perSecond)} (${percent(share)}), p50 ${ms(measured.p50)}, p99 ${ms(measured.p99)} ${failures}`
	);
	return {
		ceiling,
		row: [
			name,
			perSecond(measured.perSecond),
			perSecond(ceiling.perSecond),
			percent(share),
			ms(measured.p50),
			ms(measured.p99),
			failures
		]
	};
}

/** The same page on the baseline revision, set against the ceiling just measured. */
async function beforeRow(name, server, path, headers, ceiling) {
	await throughput(server.base + path, headers, 1); // warm-up
	const measured = await throughput(server.base + path, headers, SECONDS);
	const share = measured.perSecond / ceiling.perSecond;
	const label = `${name}, before (${baseline.commit})`;
	console.log(
		`  ${label.padEnd(22)} ${perSecond(measured.perSecond)} (${percent(share)}), p50 ${ms(measured.p50)}, p99 ${ms(measured.p99)}`
	);
	return [
		label,
		perSecond(measured.perSecond),
		perSecond(ceiling.perSecond),
		percent(share),
		ms(measured.p50),
		ms(measured.p99),
		measured.failures ? `${measured.failures} failed` : ''
	];
}

/** Registers the learners, spread over `servers`, runs the quiz load and checks the database. */
async function quizRun(servers, databaseFile, label) {
	const learners = [];
	for (const [index, server] of servers.entries()) {
		const share = Math.floor(LEARNERS / servers.length) + (index < LEARNERS % servers.length);
		const cookies = await registerLearners(server, share, `quiz-${label}-${index}`);
		learners.push(...cookies.map((cookie) => ({ server, cookie })));
	}
	const result = await quizLoad(learners, SECONDS);
	const missing = await missingSubmissions(databaseFile, result.acknowledged);
	console.log(
		`  ${result.cyclesPerSecond.toFixed(1)} cycles/s (${result.cycles} cycles), submit p50 ${ms(quantile(result.submitMs, 0.5))}, p99 ${ms(quantile(result.submitMs, 0.99))}, ${result.errors.length} errors, ${missing} acknowledged submissions missing`
	);
	if (result.errors.length) console.log(`  first errors: ${result.errors.slice(0, 3).join('; ')}`);
	return { ...result, missing };
}

function quizRow(name, result) {
	return [
		name,
		`${result.cyclesPerSecond.toFixed(1)} cycles/s`,
		'',
		'',
		`submit ${ms(quantile(result.submitMs, 0.5))}`,
		`submit ${ms(quantile(result.submitMs, 0.99))}`,
		`${result.errors.length} errors, ${result.missing} lost`
	];
}

/** How many acknowledged attempt ids have no submitted row in the database file. */
async function missingSubmissions(databaseFile, attemptIds) {
	const client = createClient({ url: `file:${databaseFile}` });
	try {
		const submitted = new Set(
			(
				await client.execute('select id from quiz_attempts where submitted_at is not null')
			).rows.map((row) => String(row.id))
		);
		return attemptIds.filter((id) => !submitted.has(id)).length;
	} finally {
		client.close();
	}
}

/** Loads the lesson in a fresh Chromium and counts its requests and the gzipped JS it fetched. */
async function firstVisit(url) {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	const browser = await chromium.launch(
		existsSync(executablePath)
			? { executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] }
			: {}
	);
	const page = await browser.newPage();
	let requests = 0;
	const scripts = new Set();
	page.on('request', () => requests++);
	page.on('response', (r) => {
		if (r.request().resourceType() === 'script' || r.url().endsWith('.js'))
			scripts.add(new URL(r.url()).pathname);
	});
	await page.goto(url, { waitUntil: 'networkidle' });
	await browser.close();
	let gzip = 0;
	for (const path of scripts) {
		const file = join('build/client', path);
		gzip += existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : statSync(file).size;
	}
	return { requests, scripts: scripts.size, gzipKb: gzip / 1024 };
}

function percent(ratio) {
	return `${(ratio * 100).toFixed(1)}%`;
}

function printTable(
	table,
	title = `Summary (${SECONDS} s per load, ${LEARNERS} learners, 50 connections):`
) {
	const header = ['figure', 'Spire', 'bare', 'share of bare', 'p50', 'p99', 'notes'];
	const all = [header, ...table];
	const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
	const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	console.log(`\n${title}`);
	console.log(line(header));
	console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const row of table) console.log(line(row));
}
