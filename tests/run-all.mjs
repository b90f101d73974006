#!/usr/bin/env node
/**
 * `npm test`: every suite in order — type check, lint, content check, unit tests, production
 * build, request fuzzer, crash test (kill -9), browser tests — then one line totalling them all:
 * `N passed, N failed, N skipped`. Exits non-zero if anything failed. The type check, lint,
 * content check, build, fuzzer and crash test count as one test each; the unit and browser
 * suites count their own tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const OUT = 'test-results';
mkdirSync(OUT, { recursive: true });
const VITEST_JSON = `${OUT}/vitest.json`;
const PLAYWRIGHT_JSON = `${OUT}/playwright.json`;

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(command, args, env = {}) {
	console.log(`\n▶ ${[command, ...args].join(' ')}`);
	const started = Date.now();
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function record(name, counts, seconds) {
	totals.passed += counts.passed;
	totals.failed += counts.failed;
	totals.skipped += counts.skipped;
	lines.push(
		`${name.padEnd(16)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`
	);
}

function single(name, command, args) {
	const { ok, seconds } = run(command, args);
	record(name, { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }, seconds);
	return ok;
}

function readJson(path) {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return null;
	}
}

single('type check', 'npm', ['run', '--silent', 'check']);
single('lint', 'npm', ['run', '--silent', 'lint']);
single('content check', 'npm', ['run', '--silent', 'courses:check']);

rmSync(VITEST_JSON, { force: true });
{
	const { ok, seconds } = run('npx', [
		'vitest',
		'run',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${VITEST_JSON}`
	]);
	const report = readJson(VITEST_JSON);
	const counts = report
		? {
				passed: report.numPassedTests,
				failed: report.numFailedTests,
				skipped: report.numPendingTests + report.numTodoTests
			}
		: { passed: 0, failed: 0, skipped: 0 };
	// A crash, or failing files with no failing test (an import error), still counts as a failure.
	if (!ok && counts.failed === 0) counts.failed = 1;
	record('unit tests', counts, seconds);
}

if (single('build', 'npm', ['run', '--silent', 'build'])) {
	single('fuzz', 'npm', ['run', '--silent', 'fuzz']);
	single('durability', 'npm', ['run', '--silent', 'durability']);
	rmSync(PLAYWRIGHT_JSON, { force: true });
	const { ok, seconds } = run('npx', ['playwright', 'test'], {
		PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON
	});
	const stats = existsSync(PLAYWRIGHT_JSON) ? readJson(PLAYWRIGHT_JSON)?.stats : null;
	const counts = stats
		? { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped }
		: { passed: 0, failed: 0, skipped: 0 };
	if (!ok && counts.failed === 0) counts.failed = 1;
	record('browser tests', counts, seconds);
} else {
	lines.push('browser tests    not run: the build failed');
}

console.log('\nSummary');
for (const line of lines) console.log(`  ${line}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
