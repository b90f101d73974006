/**
 * The load the bench puts on a server: autocannon on one page, learners looping through the
 * quiz, and a `/healthz` probe that shows how long the event loop was blocked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startBare } from './bare-server.mjs';
import { send, sendForm } from './http-client.mjs';
import { sleep } from './spire-server.mjs';

export const CONNECTIONS = 50;
export const COURSE = 'signs-of-distress';

/** autocannon at 50 connections on one URL: requests per second, p50 and p99 in ms. */
export async function throughput(url, headers, seconds) {
	const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
	return {
		perSecond: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		failures: result.errors + result.timeouts + result.non2xx
	};
}

/**
 * autocannon on `server.base + path` for `seconds` (after a 1 s warm-up), then on a bare server
 * on `barePort` that sends the very same bytes, run as `processes` processes. The page's body is
 * kept in `folder` while the bare server serves it.
 */
export async function compareWithBare({
	server,
	path,
	headers,
	seconds,
	barePort,
	folder,
	processes = 1
}) {
	const page = await fetch(server.base + path, { headers });
	if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
	const bodyFile = join(folder, 'body');
	writeFileSync(bodyFile, Buffer.from(await page.arrayBuffer()));

	await throughput(server.base + path, headers, 1); // warm-up
	const measured = await throughput(server.base + path, headers, seconds);
	const bare = await startBare(barePort, bodyFile, page.headers.get('content-type'), {
		processes
	});
	const ceiling = await throughput(bare.base + path, headers, seconds).finally(bare.stop);
	return { measured, ceiling, share: measured.perSecond / ceiling.perSecond };
}

/** The value of the `q` quantile (0–1) of a list of numbers. */
export function quantile(values, q) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Learners looping start → paper → submit on the course's quiz for `seconds`. `learners` is a
 * list of `{ server, cookie }`, so the load can be spread over several processes. Returns the
 * cycles per second, each submit's time, the errors, and the ids of the attempts whose submit
 * was acknowledged with a 303.
 */
export async function quizLoad(learners, seconds) {
	const submitMs = [];
	const acknowledged = [];
	const errors = [];
	let cycles = 0;
	const started = performance.now();
	const deadline = started + seconds * 1000;

	async function loop({ server, cookie }) {
		while (performance.now() < deadline) {
			try {
				const start = await sendForm(server, `/courses/${COURSE}/quiz?/start`, {}, cookie);
				const attemptPath = start.headers.location;
				if (start.status !== 303 || !attemptPath) throw new Error(`start ${start.status}`);

				const paper = await send(server.base + attemptPath, {
					headers: { cookie, accept: 'text/html' }
				});
				if (paper.status !== 200) throw new Error(`paper ${paper.status}`);

				const submitStarted = performance.now();
				const submit = await sendForm(
					server,
					`${attemptPath}?/submit`,
					firstOptions(paper.text),
					cookie
				);
				submitMs.push(performance.now() - submitStarted);
				if (submit.status !== 303) throw new Error(`submit ${submit.status}`);
				acknowledged.push(attemptPath.split('/').pop());
				cycles++;
			} catch (error) {
				errors.push(error instanceof Error ? error.message : String(error));
				await sleep(50);
			}
		}
	}

	await Promise.all(learners.map(loop));
	const elapsed = (performance.now() - started) / 1000;
	return { cyclesPerSecond: cycles / elapsed, cycles, submitMs, errors, acknowledged };
}

/** The first option of every question on an attempt page, as the form's fields. */
export function firstOptions(html) {
	const answers = new Map();
	for (const [, field, option] of html.matchAll(/name="(q:[^"]+)" value="([^"]+)"/g)) {
		if (!answers.has(field)) answers.set(field, option);
	}
	if (answers.size === 0) throw new Error('the attempt page had no questions');
	return Object.fromEntries(answers);
}

/**
 * Probes `base`/healthz every 100 ms until `stop()` is called, one request at a time, and
 * returns each probe's time in ms. A blocked event loop shows as a slow probe.
 */
export function probeHealth(base) {
	const times = [];
	let running = true;
	const done = (async () => {
		while (running) {
			const started = performance.now();
			try {
				const response = await fetch(`${base}/healthz`);
				await response.arrayBuffer();
			} catch {
				/* a refused probe still counts by its time */
			}
			const took = performance.now() - started;
			times.push(took);
			await sleep(100 - took);
		}
	})();
	return {
		async stop() {
			running = false;
			await done;
			return times;
		}
	};
}
