/**
 * Starting and stopping the production server (`node src/server.js`) for the bench, and
 * registering learners on it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mailLogReader } from '../mail/server-log-mail.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Spawns `node src/server.js` on `port` with the database file `databaseFile`, and resolves once
 * `/healthz` answers 200. `coldStartMs` is the time from spawning to that first healthy answer.
 * `env` adds to the server's environment (e.g. `{ WEB_CONCURRENCY: '2' }`); with several
 * processes it waits for the start-up line that says all of them listen.
 */
export async function startSpire({
	port,
	databaseFile,
	origin = `http://localhost:${port}`,
	env = {},
	cwd = process.cwd()
}) {
	const base = `http://localhost:${port}`;
	const spawnedAt = performance.now();
	const child = spawn('node', ['src/server.js'], {
		cwd,
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: origin,
			DATABASE_URL: `file:${databaseFile}`,
			SPIRE_DEMO: 'false',
			// Registering fifty learners from one address is the point here, not an attack.
			SPIRE_REGISTRATION_LIMIT: '0',
			LOG_LEVEL: 'warn',
			...env
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	// Without SMTP_URL the server logs its mail; registering reads the address-check link there.
	const mailLog = mailLogReader(child.stdout);
	let allListening = !(Number(env.WEB_CONCURRENCY) > 1);
	child.stdout.on('data', (chunk) => {
		if (/Listening on .* with \d+ processes/.test(String(chunk))) allListening = true;
	});
	for (;;) {
		if (child.exitCode !== null) throw new Error(`The server on port ${port} stopped at start-up.`);
		if (performance.now() - spawnedAt > 30_000) {
			child.kill();
			throw new Error(`The server on port ${port} did not start within 30 s.`);
		}
		try {
			if ((await fetch(`${base}/healthz`)).ok && allListening) break;
		} catch {
			/* not listening yet */
		}
		await sleep(10);
	}
	return {
		base,
		origin,
		mailLog,
		/** The server's standard output (its log), for more readers. */
		stdout: child.stdout,
		coldStartMs: performance.now() - spawnedAt,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await once(child, 'exit');
		}
	};
}

/** A form post as a browser without JavaScript sends it; the response is not followed. */
export function postForm(base, origin, path, form, cookie) {
	const headers = {
		origin,
		'content-type': 'application/x-www-form-urlencoded',
		accept: 'text/html'
	};
	if (cookie) headers.cookie = cookie;
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers,
		body: new URLSearchParams(form)
	});
}

/**
 * Registers a learner, confirms the address through the link the server logged (it runs
 * without SMTP_URL), and returns the session cookie (`name=value`) that confirming gives.
 * `server` is `{ base, origin, mailLog }`, `mailLog` from `mailLogReader` on its stdout.
 */
export async function registerLearner(server, email) {
	const response = await postForm(server.base, server.origin, '/register', {
		name: 'Bench Learner',
		email,
		password: 'a quiet bench by the sea',
		locale: 'en',
		country: 'NO'
	});
	await response.arrayBuffer();
	if (response.status !== 303) throw new Error(`Registering ${email} answered ${response.status}`);
	const link = new URL(await server.mailLog.link(email, '/verify-email'), server.base);
	const confirmed = await postForm(server.base, server.origin, '/verify-email', {
		token: link.searchParams.get('token') ?? ''
	});
	await confirmed.arrayBuffer();
	const cookie = confirmed.headers.get('set-cookie')?.split(';')[0];
	if (confirmed.status !== 303 || !cookie) {
		throw new Error(`Confirming ${email} answered ${confirmed.status}`);
	}
	return cookie;
}

/** Registers `count` learners, a few at a time (password hashing is deliberately slow). */
export async function registerLearners(server, count, prefix) {
	const cookies = [];
	for (let i = 0; i < count; i += 4) {
		const batch = [];
		for (let j = i; j < Math.min(count, i + 4); j++) {
			batch.push(registerLearner(server, `${prefix}-${j}@example.org`));
		}
		cookies.push(...(await Promise.all(batch)));
	}
	return cookies;
}
