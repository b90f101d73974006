#!/usr/bin/env node
/**
 * `npm run bench`: how fast a lesson page is, measured against the production build.
 *   - server response time for a signed-in learner's lesson page (which also records the visit),
 *     and for the catalog, over many sequential requests: mean, median, p95;
 *   - the JavaScript a browser downloads for a first visit to a lesson page, gzipped.
 * Uses a throwaway database. Run `npm run build` first (the script builds if there is no build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const PORT = 4199;
const BASE = `http://localhost:${PORT}`;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const LESSON = '/courses/signs-of-distress/withdrawal-and-the-adbb';

if (!existsSync('build/handler.js')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });

const folder = mkdtempSync(join(tmpdir(), 'spire-bench-'));
const server = spawn('node', ['src/server.js'], {
	env: {
		...process.env,
		PORT: String(PORT),
		ORIGIN: BASE,
		DATABASE_URL: `file:${join(folder, 'bench.db')}`,
		SPIRE_DEMO: 'false'
	},
	stdio: ['ignore', 'ignore', 'inherit']
});

try {
	await waitForServer();
	const cookie = await registerLearner();
	console.log(
		`Server response time, ${REQUESTS} sequential requests each (after 20 warm-up requests):`
	);
	for (const [name, path] of [
		['lesson page (signed in)', LESSON],
		['catalog (signed in)', '/courses'],
		['lesson page (anonymous)', LESSON]
	]) {
		const headers = name.includes('anonymous') ? {} : { cookie };
		console.log(`  ${name.padEnd(26)} ${summarise(await time(path, headers))}`);
	}
	console.log(`JavaScript for a first visit to a lesson page: ${await lessonPageJs()}`);
} finally {
	server.kill();
	rmSync(folder, { recursive: true, force: true });
}

async function waitForServer() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${BASE}/healthz`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('The server did not start.');
}

async function registerLearner() {
	const response = await fetch(`${BASE}/register`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: BASE,
			accept: 'text/html'
		},
		body: new URLSearchParams({
			name: 'Bench Learner',
			email: 'bench@example.org',
			password: 'a quiet bench by the sea',
			locale: 'en'
		})
	});
	const cookie = response.headers.get('set-cookie')?.split(';')[0];
	if (!cookie) throw new Error(`Registration failed with ${response.status}`);
	return cookie;
}

async function time(path, headers) {
	const samples = [];
	for (let i = 0; i < REQUESTS + 20; i++) {
		const started = process.hrtime.bigint();
		const response = await fetch(BASE + path, { headers });
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
		if (i >= 20) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	return samples.sort((a, b) => a - b);
}

function summarise(sorted) {
	const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
	return `mean ${mean.toFixed(2)} ms, median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
}

/** Loads the lesson in Chromium and sums the gzipped size of every script it fetched. */
async function lessonPageJs() {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	const browser = await chromium.launch(
		existsSync(executablePath)
			? { executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] }
			: {}
	);
	const page = await browser.newPage();
	const scripts = new Set();
	page.on('response', (r) => {
		if (r.request().resourceType() === 'script' || r.url().endsWith('.js'))
			scripts.add(new URL(r.url()).pathname);
	});
	await page.goto(BASE + LESSON, { waitUntil: 'networkidle' });
	await browser.close();
	let gzip = 0;
	let raw = 0;
	for (const path of scripts) {
		const file = join('build/client', path);
		raw += statSync(file).size;
		gzip += existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : statSync(file).size;
	}
	return `${scripts.size} files, ${(gzip / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB uncompressed)`;
}
