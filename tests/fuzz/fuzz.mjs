#!/usr/bin/env node
/**
 * `npm run fuzz`: sends generated, mostly hostile requests to the production build. It fails on
 *   - any 5xx, also one inside a JSON body (__data.json, enhanced form actions);
 *   - a stack trace, `node_modules` or a server path in a response body;
 *   - a cross-origin form post that is not refused with 403;
 *   - an action that does not exist being run (`?/toString`, `?/unknown`);
 *   - response headers over 16 KB (Node's own clients refuse them);
 *   - a request that leaves its kept-alive connection hanging, so the next one on it is lost;
 *   - an unhealthy server at the end, or a run slower than 60 s per 10,000 requests.
 *
 *   npm run fuzz                                      seed 20261123, 10,000 requests
 *   npm run fuzz -- --seed random --count 100000      a longer run with a random seed (printed)
 *   npm run fuzz -- --seed 7 --only 123,456           only those requests of that run, in detail
 *   npm run fuzz -- --report failures.json            every failure, as JSON
 *   npm run fuzz -- --server-log server.log           the server's error output, in full
 *   --concurrency 24 (requests in flight), --max-seconds N (the time limit)
 *
 * Every route and form action comes from the file system (tests/routes.mjs), with parameters
 * from the course content and from two learners' real quiz attempts (one open, one submitted).
 * The server runs on a free port (`--port` or FUZZ_PORT to choose) with a throwaway database.
 * Runs the build, building it first if there is none.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
	appendFileSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
	courseContent,
	discoverRoutes,
	endpointsOf,
	fillRoute,
	parameterValues,
	unknownParameters
} from '../routes.mjs';
import { cookieHeader, generate } from './generate.mjs';
import { mailLogReader } from '../mail/server-log-mail.mjs';

/**
 * @typedef {import('./generate.mjs').RequestSpec} RequestSpec
 * @typedef {import('./generate.mjs').World} World
 * @typedef {import('./generate.mjs').Attempt} Attempt
 *
 * @typedef {object} Sent
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {Buffer | null} [body]
 * @property {boolean} [chunked]
 * @property {boolean} [retried]
 * @property {RequestSpec} [spec] the fuzz request it was made from
 *
 * @typedef {object} Received
 * @property {number} status 0 when there was no response
 * @property {http.IncomingHttpHeaders} headers
 * @property {number} headerBytes
 * @property {Buffer} body
 * @property {string} [error] why there was no response
 *
 * @typedef {object} Failure
 * @property {string} kind
 * @property {number} index
 * @property {number} seed
 * @property {string} identity
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {string} body a summary
 * @property {string[]} tags
 * @property {string} endpoint
 * @property {number} status
 * @property {string} detail
 *
 * @typedef {object} Learner
 * @property {string} name identity name used in specs
 * @property {string} email
 * @property {string} password
 * @property {string | null} cookie `name=value` of the session cookie
 * @property {Promise<void> | null} relogging
 * @property {number} relogins
 */

process.chdir(fileURLToPath(new URL('../..', import.meta.url)));

const { values: args } = parseArgs({
	options: {
		seed: { type: 'string', default: '20261123' },
		count: { type: 'string', default: '10000' },
		concurrency: { type: 'string', default: '24' },
		port: { type: 'string', default: process.env.FUZZ_PORT ?? '0' },
		only: { type: 'string' },
		report: { type: 'string' },
		'server-log': { type: 'string' },
		'max-seconds': { type: 'string' }
	}
});

const SEED =
	args.seed === 'random'
		? Math.floor(Math.random() * 2 ** 32)
		: Number.parseInt(args.seed, 10) >>> 0;
if (Number.isNaN(SEED)) throw new Error(`--seed takes a number or "random", not ${args.seed}`);
const COUNT = Number(args.count);
const CONCURRENCY = Number(args.concurrency);
const ONLY = args.only ? args.only.split(',').map(Number) : null;
/** 10,000 requests must take under 60 s; longer runs get the same rate. */
const MAX_SECONDS = Number(args['max-seconds'] ?? Math.max(60, (COUNT / 10_000) * 60));
const PASSWORD = 'a quiet bench by the sea';
const MAX_BODY = 4 * 1024 * 1024;
/** Node's default limit for a response's headers; most clients and proxies refuse more. */
const MAX_HEADER_BYTES = 16 * 1024;
const SERVER_DIR = process.cwd();

/** Signs of a stack trace or of the server's insides in a response body. */
/** @type {[string, RegExp][]} */
const LEAKS = [
	['stack frame', /\bat [^\n]{0,200}?\([^\n)]*:\d+:\d+\)/],
	['stack frame', /\bat (?:async )?(?:file:\/\/|node:|\/)[^\s()<>"']*:\d+:\d+/],
	['node_modules path', /node_modules/],
	[
		'error with a file path',
		/\b[A-Z]\w*Error\b[^\n<]{0,200}?(?:file:\/\/\/|\/(?:home|work|usr|tmp|opt|var|srv|app|root)\/)/
	],
	["server's folder", new RegExp(SERVER_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))]
];

async function main() {
	await waitForServer();
	const routes = discoverRoutes();
	const endpoints = endpointsOf(routes);
	const content = courseContent();
	const unknown = unknownParameters(routes, parameterValues(content));
	if (unknown.length)
		throw new Error(`No values for route parameters: ${unknown.join(', ')} (tests/routes.mjs)`);

	const probe = { method: 'GET', path: '/healthz', headers: { host: `localhost:${port}` } };
	if ((await send(probe, keeperAgent)).status !== 200) {
		// No second loopback address here (e.g. macOS): share the first.
		keeperAgent.destroy();
		keeperAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
	}
	/** @type {Learner[]} */
	const learners = ['learnerA', 'learnerB'].map((name) => ({
		name,
		email: `fuzz-${name.toLowerCase()}@example.org`,
		password: PASSWORD,
		cookie: null,
		relogging: null,
		relogins: 0
	}));
	for (const learner of learners) await registerLearner(learner);
	const attempts = await makeAttempts(
		learners,
		content.map((c) => c.slug)
	);

	/** @type {World} */
	const world = {
		origin: ORIGIN,
		endpoints,
		routes: new Map(routes.map((r) => [r.id, r])),
		content,
		attempts,
		learners: Object.fromEntries(
			learners.map((l) => [l.name, { email: l.email, password: l.password }])
		),
		staticFiles: staticFiles()
	};
	const calibrated = await calibrate(world, learners);

	const indices = ONLY ?? Array.from({ length: COUNT }, (_, i) => i);
	console.log(
		`Fuzzing ${ORIGIN} (production build, throwaway database): seed ${SEED}, ${indices.length} requests, ` +
			`${CONCURRENCY} in flight, ${endpoints.length} endpoints from src/routes, ${attempts.length} real attempts; ` +
			`leak detectors calibrated on ${calibrated} normal pages.`
	);

	const run = new Run(learners);
	onStalledConnection = (request, waited) => {
		if (request.spec)
			run.fail(
				'left its connection hanging',
				request.spec,
				{ status: 0, headers: {}, headerBytes: 0, body: Buffer.alloc(0) },
				`the next request on the same kept-alive connection waited ${(waited / 1000).toFixed(1)} s, then the server reset the connection`
			);
	};
	const started = performance.now();
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < indices.length) {
			const spec = generate(world, SEED, indices[next++]);
			const sentAt = performance.now();
			const received = await sendSpec(spec, learners);
			run.check(spec, received, performance.now() - sentAt);
			if (ONLY) printDetail(spec, received);
			if (++done % 200 === 0) void keepAttemptsOpen(world, learners);
			if (done % 2500 === 0)
				console.log(`  ${done} sent, ${((performance.now() - started) / 1000).toFixed(1)} s`);
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, indices.length) }, worker));
	const seconds = (performance.now() - started) / 1000;
	await Promise.all(learners.map((l) => l.relogging));

	const health = await checkHealth(world, learners);
	return run.report(seconds, health, endpoints);
}

/** Requests sent again after their connection was reset. */
let resent = 0;
/** A request sent again gets a connection of its own. */
const freshConnection = new http.Agent({ keepAlive: false });
/** The request last sent on each connection, to find which one left a connection hanging. */
/** @type {WeakMap<import('node:net').Socket, Sent>} */
const lastRequestOn = new WeakMap();
/** @type {(request: Sent, waited: number) => void} */
let onStalledConnection = () => {};

class Run {
	/** @param {Learner[]} learners */
	constructor(learners) {
		this.learners = learners;
		/** @type {Record<string, number>} */
		this.classes = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, 'no response': 0 };
		/** @type {Map<string, number>} */
		this.perEndpoint = new Map();
		this.refused = 0;
		this.signedIn = 0;
		this.forbiddenChecked = 0;
		/** @type {Failure[]} */
		this.failures = [];
		/** @type {Map<string, { count: number, first: number }>} */
		this.groups = new Map();
		/** @type {{ ms: number, spec: RequestSpec }[]} */
		this.slowest = [];
	}

	/** @param {RequestSpec} spec @param {Received} received @param {number} ms */
	check(spec, received, ms) {
		this.slowest.push({ ms, spec });
		this.slowest.sort((a, b) => b.ms - a.ms).splice(3);
		this.perEndpoint.set(spec.endpoint, (this.perEndpoint.get(spec.endpoint) ?? 0) + 1);
		if (spec.identity !== 'anonymous') this.signedIn++;
		if (received.error) {
			this.classes['no response']++;
			// A huge request may be cut off while it is still being sent: a refusal, not a failure.
			const huge = spec.tags.some((t) => /huge|long/.test(t)) || spec.cookie === 'huge';
			if (huge) this.refused++;
			else this.fail('no response', spec, received, received.error);
			return;
		}
		const status = received.status;
		this.classes[`${Math.floor(status / 100)}xx`]++;
		const type = String(received.headers['content-type'] ?? '');
		const text =
			/^(text\/|application\/(json|javascript|xml))/.test(type) || !type
				? received.body.toString('utf8')
				: '';
		if (status >= 500) this.fail(`${status} response`, spec, received, excerpt(text));
		if (type.startsWith('application/json') && /(?<!\\)"status":5\d\d/.test(text))
			this.fail('5xx inside a JSON body', spec, received, excerpt(text));
		for (const [what, pattern] of LEAKS) {
			const match = pattern.exec(text);
			if (match) {
				this.fail(
					`stack trace or internals in the body (${what})`,
					spec,
					received,
					excerpt(text, match.index)
				);
				break;
			}
		}
		if (spec.expect.forbidden) {
			this.forbiddenChecked++;
			if (status !== 403)
				this.fail('cross-origin form post not refused with 403', spec, received, excerpt(text));
		}
		if (spec.expect.unknownAction && accepted(status, type, text))
			this.fail('an action that does not exist was run', spec, received, excerpt(text));
		if (received.headerBytes > MAX_HEADER_BYTES)
			this.fail(
				`response headers over ${MAX_HEADER_BYTES / 1024} KB`,
				spec,
				received,
				`${received.headerBytes} bytes of headers`
			);
		this.followSession(spec, received);
	}

	/**
	 * A learner's session ended by a fuzzed request (logging out, signing in again) is started
	 * anew; a session token the server rotated (a password change) is taken up.
	 */
	/** @param {RequestSpec} spec @param {Received} received */
	followSession(spec, received) {
		const learner = this.learners.find((l) => l.name === spec.identity);
		if (!learner?.cookie || spec.cookie !== 'session') return;
		const name = learner.cookie.split('=')[0];
		const cookies = [received.headers['set-cookie'] ?? []].flat();
		if (
			cookies.some(
				(c) => c.startsWith(`${name}=;`) || (c.startsWith(`${name}=`) && /max-age=0\b/i.test(c))
			)
		)
			return relogin(learner);
		const rotated = cookies.find((c) => c.startsWith(`${name}=`));
		if (rotated) learner.cookie = rotated.split(';')[0];
	}

	/** @param {string} kind @param {RequestSpec} spec @param {Received} received @param {string} detail */
	fail(kind, spec, received, detail) {
		const signature = `${kind} · ${signatureOf(spec)}`;
		const group = this.groups.get(signature) ?? { count: 0, first: spec.index };
		group.count++;
		group.first = Math.min(group.first, spec.index);
		this.groups.set(signature, group);
		this.failures.push({
			kind,
			index: spec.index,
			seed: SEED,
			identity: spec.identity,
			method: spec.method,
			path: spec.path,
			headers: { ...spec.headers, cookie: `(${spec.cookie})` },
			body: bodySummary(spec),
			tags: spec.tags,
			endpoint: spec.endpoint,
			status: received.status,
			detail
		});
	}

	/** @param {number} seconds @param {string[]} health @param {import('../routes.mjs').Endpoint[]} endpoints */
	report(seconds, health, endpoints) {
		const total = Object.values(this.classes).reduce((a, b) => a + b, 0);
		console.log(
			`\nStatus classes: ${Object.entries(this.classes)
				.map(([k, v]) => `${k} ${v}`)
				.join(' · ')}`
		);
		console.log(
			`${total} requests in ${seconds.toFixed(1)} s: ${Math.round(total / seconds)} requests/s ` +
				`(${this.signedIn} as a signed-in learner, ${this.forbiddenChecked} cross-origin form posts, ` +
				`${this.refused} huge requests cut off by the server, ${resent} sent again after a connection reset, ` +
				`${this.learners.reduce((n, l) => n + l.relogins, 0)} sessions restarted after a fuzzed logout)`
		);
		console.log(
			`Slowest: ${this.slowest.map(({ ms, spec }) => `#${spec.index} ${spec.method} ${spec.path.slice(0, 60)} ${(ms / 1000).toFixed(1)} s`).join(' · ')}`
		);
		const missed = endpoints.filter((e) => !this.perEndpoint.has(e.key)).map((e) => e.key);
		const counts = endpoints.map((e) => this.perEndpoint.get(e.key) ?? 0);
		console.log(
			`Endpoints: ${endpoints.length - missed.length} of ${endpoints.length} reached, ${Math.min(...counts)}–${Math.max(...counts)} requests each; ` +
				`${this.perEndpoint.get('wild') ?? 0} to other paths`
		);
		if (missed.length && !ONLY) health.push(`endpoints never fuzzed: ${missed.join(', ')}`);
		const cpu = serverCpuSeconds();
		if (cpu !== null)
			console.log(
				`The server used ${cpu.toFixed(1)} s of CPU time (${((cpu / total) * 1000).toFixed(2)} ms a request).`
			);
		if (!ONLY && seconds > MAX_SECONDS)
			health.push(
				`too slow: ${seconds.toFixed(1)} s, the limit is ${MAX_SECONDS} s` +
					(cpu !== null && cpu < seconds / 2
						? ' (the server was mostly waiting for a CPU: is the machine busy?)'
						: '')
			);

		if (args.report) {
			writeFileSync(args.report, JSON.stringify(this.failures, null, 1));
			console.log(`Every failure written to ${args.report}.`);
		}
		if (this.failures.length) {
			console.log(
				`\n${this.failures.length} failures, by kind and request shape (first request of each):`
			);
			const groups = [...this.groups].sort((a, b) => b[1].count - a[1].count);
			for (const [signature, { count, first }] of groups.slice(0, 25))
				console.log(`  ${String(count).padStart(5)}  ${signature}  (#${first})`);
			if (groups.length > 25) console.log(`  … and ${groups.length - 25} more shapes`);
			console.log(`\nFirst failures (replay one with: npm run fuzz -- --seed ${SEED} --only <#>):`);
			const shown = new Set();
			for (const failure of [...this.failures].sort((a, b) => a.index - b.index)) {
				if (shown.size >= 5) break;
				if (shown.has(failure.kind)) continue;
				shown.add(failure.kind);
				printFailure(failure);
			}
			if (serverErrors.size) {
				console.log('\nErrors the server logged (most frequent first):');
				for (const [line, count] of [...serverErrors].sort((a, b) => b[1] - a[1]).slice(0, 12))
					console.log(`  ${String(count).padStart(5)}  ${line}`);
			}
		}
		console.log(`\nHealth at the end: ${health.length ? health.join('; ') : 'ok'}`);
		const ok = this.failures.length === 0 && health.length === 0;
		console.log(ok ? `Fuzz test passed (seed ${SEED}).` : `Fuzz test FAILED (seed ${SEED}).`);
		return ok ? 0 : 1;
	}
}

/** What kind of request failed, without the random parts, to group failures. */
/** @param {RequestSpec} spec */
function signatureOf(spec) {
	const endpoint = spec.endpoint === 'wild' ? `${spec.method} (other path)` : spec.endpoint;
	const method =
		spec.endpoint !== 'wild' && !spec.endpoint.startsWith(`${spec.method} `)
			? ` as ${spec.method}`
			: '';
	const tags = spec.tags.filter((t) =>
		/^(body|action|field:q:|field:(__proto__|constructor|toString|hasOwnProperty|valueOf)$|path:(deep|long|__data)|origin)/.test(
			t
		)
	);
	return `${endpoint}${method}${tags.length ? ` [${tags.sort().join(', ')}]` : ''}`;
}

/** @param {number} status @param {string} type @param {string} text */
function accepted(status, type, text) {
	// 308: SvelteKit normalises the path (trailing slash, dot segments) before any action is chosen.
	if (status >= 400 || status === 308) return false;
	// Sent to log in first: nothing ran (e.g. `…/__data.json?/x`, a data request, loads the page).
	if (type.startsWith('application/json'))
		return (
			/^\{"type":"(success|redirect)"/.test(text) &&
			!/^\{"type":"redirect","location":"\/login[?"]/.test(text)
		);
	return true;
}

/** @param {string} text @param {number} [at] */
function excerpt(text, at = 0) {
	const start = Math.max(0, at - 80);
	return JSON.stringify(text.slice(start, start + 240));
}

/** @param {RequestSpec} spec */
function bodySummary(spec) {
	if (!spec.body) return 'none';
	const type = spec.headers['content-type'] ?? 'no content-type';
	return `${type}, ${spec.body.length} bytes${spec.chunked ? ', chunked' : ''}: ${JSON.stringify(spec.body.subarray(0, 200).toString('latin1'))}`;
}

/** @param {Failure} failure */
function printFailure(failure) {
	console.log(`  #${failure.index} ${failure.kind}: ${failure.status || failure.detail}`);
	console.log(
		`    ${failure.method} ${failure.path.length > 200 ? `${failure.path.slice(0, 200)}… (${failure.path.length} chars)` : failure.path}  as ${failure.identity}`
	);
	const headers = Object.entries(failure.headers).map(
		([k, v]) => `${k}: ${String(v).slice(0, 80)}`
	);
	console.log(`    headers: ${headers.join(' | ')}`);
	console.log(`    body: ${failure.body}`);
	console.log(`    tags: ${failure.tags.join(', ') || '–'}`);
	console.log(`    response: ${failure.detail}`);
}

/** @param {RequestSpec} spec @param {Received} received */
function printDetail(spec, received) {
	console.log(
		`\n#${spec.index} ${spec.method} ${spec.path} as ${spec.identity} (cookie: ${spec.cookie})`
	);
	console.log(`  headers: ${JSON.stringify(spec.headers)}`);
	console.log(`  body: ${bodySummary({ ...spec })}`);
	console.log(`  tags: ${spec.tags.join(', ')}; expect: ${JSON.stringify(spec.expect)}`);
	if (received.error) console.log(`  → no response: ${received.error}`);
	else {
		console.log(`  → ${received.status} ${JSON.stringify(received.headers)}`);
		console.log(`  → ${JSON.stringify(received.body.subarray(0, 600).toString('utf8'))}`);
	}
}

/** @param {string} text */
function noteServerErrors(text) {
	for (const line of text.split('\n')) {
		if (!line.trim() || /^\s/.test(line) || line.startsWith('}') || line.startsWith('Listening'))
			continue;
		const key = line
			.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
			.replace(/^(\w+) (\S{60})\S+/, '$1 $2…')
			.slice(0, 180);
		serverErrors.set(key, (serverErrors.get(key) ?? 0) + 1);
	}
}

/** @param {RequestSpec} spec @param {Learner[]} learners */
async function sendSpec(spec, learners) {
	const learner = learners.find((l) => l.name === spec.identity);
	const sessionName = learners[0].cookie?.split('=')[0] ?? 'session';
	const cookie = cookieHeader(spec, learner?.cookie ?? null, sessionName);
	const headers = cookie ? { ...spec.headers, cookie } : spec.headers;
	return send({
		method: spec.method,
		path: spec.path,
		headers,
		body: spec.body,
		chunked: spec.chunked,
		spec
	});
}

/**
 * One request through node:http, which sends paths, methods and bytes as given (fetch would
 * normalise them) and accepts large response headers so they can be measured.
 * @param {Sent} request
 * @param {http.Agent} [via]
 * @returns {Promise<Received>}
 */
function send(request, via = agent) {
	return new Promise((resolve) => {
		let settled = false;
		/** @param {Received} result */
		const done = (result) => {
			if (!settled) {
				settled = true;
				resolve(result);
			}
		};
		/** @param {string} error */
		const failed = (error) =>
			done({ status: 0, headers: {}, headerBytes: 0, body: Buffer.alloc(0), error });
		let req;
		try {
			req = http.request(
				{
					host: '127.0.0.1',
					port,
					method: request.method,
					path: request.path,
					headers: request.headers,
					agent: via,
					setHost: false,
					maxHeaderSize: 1024 * 1024,
					timeout: 30_000
				},
				(res) => {
					/** @type {Buffer[]} */
					const chunks = [];
					let size = 0;
					res.on('data', (chunk) => {
						size += chunk.length;
						if (size <= MAX_BODY) chunks.push(chunk);
					});
					res.on('end', () =>
						done({
							status: res.statusCode ?? 0,
							headers: res.headers,
							headerBytes: res.rawHeaders.reduce((n, h) => n + h.length + 2, 0),
							body: Buffer.concat(chunks)
						})
					);
					res.on('error', (error) => failed(`response cut off: ${error.message}`));
					res.on('aborted', () => failed('response aborted'));
				}
			);
		} catch (error) {
			failed(`the client refused to send it: ${/** @type {Error} */ (error).message}`);
			return;
		}
		req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
		const sentAt = performance.now();
		/** @type {Sent | undefined} */
		let previous;
		req.on('socket', (socket) => {
			previous = lastRequestOn.get(socket);
			lastRequestOn.set(socket, request);
		});
		req.on('error', (error) => {
			const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message;
			// The server may close an idle kept-alive connection just as it is reused; Node's advice
			// is to send again (https://nodejs.org/api/http.html#requestreusedsocket), here on a new
			// connection. But a reset that comes seconds later means the connection hung: blame the
			// request sent on it before.
			if (['ECONNRESET', 'EPIPE'].includes(code) && !request.retried) {
				const waited = performance.now() - sentAt;
				if (req.reusedSocket && waited > 2000 && previous) onStalledConnection(previous, waited);
				resent++;
				send({ ...request, retried: true }, freshConnection).then(done);
			} else failed(code);
		});
		const body = request.body;
		if (!body) req.end();
		else if (request.chunked) {
			const half = Math.floor(body.length / 2);
			req.write(body.subarray(0, half));
			req.end(body.subarray(half));
		} else {
			req.setHeader('content-length', body.length);
			req.end(body);
		}
	});
}

/** A plain form post as a browser would send it. */
/** @param {string} path @param {[string, string][]} fields @param {string | null} cookie @param {http.Agent} [via] */
function postForm(path, fields, cookie, via) {
	/** @type {Record<string, string>} */
	const headers = {
		host: `localhost:${port}`,
		origin: ORIGIN,
		accept: 'text/html',
		'content-type': 'application/x-www-form-urlencoded'
	};
	if (cookie) headers.cookie = cookie;
	return send(
		{ method: 'POST', path, headers, body: Buffer.from(new URLSearchParams(fields).toString()) },
		via
	);
}

/** @param {string} path @param {string | null} cookie */
function get(path, cookie) {
	/** @type {Record<string, string>} */
	const headers = { host: `localhost:${port}`, accept: 'text/html' };
	if (cookie) headers.cookie = cookie;
	return send({ method: 'GET', path, headers });
}

/** The session cookie a response set. */
/** @param {Received} received */
function sessionCookieOf(received) {
	const cookie = [received.headers['set-cookie'] ?? []]
		.flat()
		.find((c) => /^(__Host-)?spire_session=[^;]/.test(c));
	return cookie ? cookie.split(';')[0] : null;
}

/** @param {Learner} learner */
async function registerLearner(learner) {
	const received = await postForm(
		'/register',
		[
			['name', `Fuzz ${learner.name}`],
			['email', learner.email],
			['password', learner.password],
			['locale', 'en'],
			['country', 'NO']
		],
		null
	);
	if (received.status !== 303)
		throw new Error(
			`Could not register ${learner.name}: ${received.status} ${received.body.toString().slice(0, 200)}`
		);
	const link = new URL(await mailLog.link(learner.email, '/verify-email'), ORIGIN);
	const confirmed = await postForm(
		'/verify-email',
		[['token', link.searchParams.get('token') ?? '']],
		null
	);
	learner.cookie = sessionCookieOf(confirmed);
	if (confirmed.status !== 303 || !learner.cookie)
		throw new Error(`Could not confirm ${learner.name}'s address: ${confirmed.status}`);
}

/** @param {Learner} learner */
function relogin(learner) {
	learner.relogging ??= (async () => {
		const received = await postForm(
			'/login',
			[
				['email', learner.email],
				['password', learner.password]
			],
			null,
			keeperAgent
		);
		const cookie = sessionCookieOf(received);
		if (received.status === 303 && cookie) {
			learner.cookie = cookie;
			learner.relogins++;
		}
	})().finally(() => (learner.relogging = null));
	return learner.relogging;
}

/**
 * In every course, the first learner gets a submitted attempt and an open one, the others an open
 * one, so that the fuzzer reaches quiz pages with real ids (its own and someone else's).
 * @param {Learner[]} learners
 * @param {string[]} courses
 * @returns {Promise<Attempt[]>}
 */
async function makeAttempts(learners, courses) {
	/** @type {Attempt[]} */
	const attempts = [];
	for (const course of courses) {
		for (const [i, learner] of learners.entries()) {
			const first = await startAttempt(learner, course);
			if (i === 0) {
				const fields = first.paper.map(
					([name, options]) => /** @type {[string, string]} */ ([name, options[0]])
				);
				const submitted = await postForm(
					`/courses/${course}/quiz/${first.id}?/submit`,
					fields,
					learner.cookie
				);
				if (submitted.status !== 303)
					throw new Error(`Could not submit an attempt: ${submitted.status}`);
				attempts.push({ ...first, submitted: true });
				attempts.push(await startAttempt(learner, course));
			} else attempts.push(first);
		}
	}
	return attempts;
}

/** @param {Learner} learner @param {string} course @returns {Promise<Attempt>} */
async function startAttempt(learner, course) {
	const started = await postForm(`/courses/${course}/quiz?/start`, [], learner.cookie);
	const location = String(started.headers.location ?? '');
	const id = location.split('/').pop();
	if (started.status !== 303 || !id)
		throw new Error(`Could not start a quiz attempt: ${started.status}`);
	const page = (await get(location, learner.cookie)).body.toString('utf8');
	/** @type {Map<string, string[]>} */
	const paper = new Map();
	for (const [, name, value] of page.matchAll(/name="(q:[^"]+)"\s+value="([^"]*)"/g))
		paper.set(name, [...(paper.get(name) ?? []), value]);
	if (!paper.size) throw new Error(`No questions found on ${location}`);
	return { id, owner: learner.name, course, submitted: false, paper: [...paper] };
}

let keepingAttemptsOpen = false;
/**
 * Fuzzed requests sometimes submit a learner's open attempt; a new one takes its place, so that
 * submissions keep reaching an open attempt of one's own (where answers are read and checked).
 * @param {World} world
 * @param {Learner[]} learners
 */
async function keepAttemptsOpen(world, learners) {
	if (keepingAttemptsOpen) return;
	keepingAttemptsOpen = true;
	try {
		for (const attempt of world.attempts.filter((a) => !a.submitted)) {
			const learner = /** @type {Learner} */ (learners.find((l) => l.name === attempt.owner));
			const page = await get(`/courses/${attempt.course}/quiz/${attempt.id}`, learner.cookie);
			if (page.status !== 200 || page.body.includes('name="q:')) continue;
			const next = await startAttempt(learner, attempt.course).catch(() => null);
			if (next) Object.assign(attempt, { id: next.id, paper: next.paper });
		}
	} finally {
		keepingAttemptsOpen = false;
	}
}

/** Real static files, to request them with odd methods and headers too. */
function staticFiles() {
	/** @type {string[]} */
	const files = [];
	/** @param {string} dir */
	const walk = (dir) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (!/\.(br|gz)$/.test(name)) files.push(`/${relative('build/client', path)}`);
		}
	};
	walk('build/client');
	return files.sort();
}

/**
 * Every page, with real parameters, signed out and signed in, must answer below 500 and must not
 * trip the leak detectors: otherwise the detectors (or the app) are wrong before fuzzing starts.
 * @param {World} world
 * @param {Learner[]} learners
 */
async function calibrate(world, learners) {
	let pages = 0;
	const own = world.attempts.filter((a) => a.owner === learners[0].name);
	for (const endpoint of world.endpoints.filter((e) => e.method === 'GET')) {
		const route = /** @type {import('../routes.mjs').Route} */ (world.routes.get(endpoint.routeId));
		// Both of the learner's attempts: the open one (questions) and the submitted one (review).
		for (const attempt of route.params.includes('attempt') ? own : own.slice(0, 1)) {
			// An exercise page needs a course with exercises (module 4), whatever the attempt's.
			const withExercises = world.content.find((c) => c.exercises.length > 0);
			const course =
				route.params.includes('exercise') && withExercises ? withExercises.slug : attempt.course;
			const path = fillRoute(route.id, {
				course,
				lesson: /** @type {import('../routes.mjs').CourseContent} */ (
					world.content.find((c) => c.slug === attempt.course)
				).lessons[0],
				exercise: withExercises?.exercises[0] ?? 'none',
				// A practice notification nobody has: 404 or the login redirect.
				submission: '9a4e2c7b-1d3f-4b6a-8e5c-2f7d9b0a1c3e',
				attempt: attempt.id,
				// Records the fuzzed learners cannot reach: their pages answer 404 (or the login
				// redirect), which is still a page whose leaks the detectors must not flag.
				organisation: '6c1f0e52-3b8a-4f7e-9d2a-1e5b7c9f0a34',
				group: '0b6a8f0e-5d1c-4c2a-8e7f-3a9b1c2d4e5f',
				learner: '7e3d9c1a-2b4f-4a6e-8c5d-9f0e1a2b3c4d',
				token: 'abcdefghijklmnopqrstuvwxyz234567',
				// Certificates: one nobody has (404 or the login redirect), a well-formed code that
				// nobody has (the "Not found" page), Spire's own issuer profile and the first status list.
				certificate: '3f0c2a9e-6b1d-4e8f-a2c7-5d9e0b1f4a6c',
				code: 'SPIRE-0000-0000-0000-0001-1',
				issuer: 'spire',
				list: '1'
			});
			for (const cookie of [null, learners[0].cookie]) {
				const received = await get(path, cookie);
				const text = received.body.toString('utf8');
				if (received.status >= 500)
					throw new Error(`${path} answers ${received.status} before fuzzing`);
				for (const [what, pattern] of LEAKS)
					if (pattern.test(text))
						throw new Error(
							`The ${what} detector matches the normal page ${path}; fix the detector.`
						);
				pages++;
			}
		}
	}
	return pages;
}

/** @param {World} world @param {Learner[]} learners @returns {Promise<string[]>} */
async function checkHealth(world, learners) {
	/** @type {string[]} */
	const problems = [];
	if (serverExited) return ['the server process has exited'];
	const health = await get('/healthz', null);
	if (health.status !== 200 || !health.body.toString().includes('"ok"'))
		problems.push(`/healthz answered ${health.status}`);
	const course = world.content[0].slug;
	const page = await get(`/courses/${course}`, null);
	if (page.status !== 200 || !page.body.toString().includes('<h1'))
		problems.push(`/courses/${course} answered ${page.status}`);
	// The fuzzed learners may have changed their password or deleted their account (the fuzzer
	// knows their password), so a fresh learner proves that sign-up and sessions still work.
	const fresh = { ...learners[0], name: 'after the run', email: `after-${SEED}@fuzz.example` };
	try {
		await registerLearner(fresh);
		const me = await get('/me', fresh.cookie);
		if (me.status !== 200) problems.push(`a new learner cannot see /me (${me.status})`);
	} catch (error) {
		problems.push(`a new learner cannot register: ${/** @type {Error} */ (error).message}`);
	}
	return problems;
}

/** CPU time the server process has used so far (Linux only; null elsewhere). */
function serverCpuSeconds() {
	try {
		const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
	} catch {
		return null;
	}
}

async function waitForServer() {
	for (let i = 0; i < 300; i++) {
		if (serverExited) throw new Error('The server exited at start.');
		const received = await send({
			method: 'GET',
			path: '/healthz',
			headers: { host: `localhost:${port}` }
		});
		if (received.status === 200) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('The server did not start within 30 s.');
}

async function freePort() {
	const probe = createServer();
	await new Promise((resolve) => probe.listen(0, '127.0.0.1', () => resolve(null)));
	const address = probe.address();
	await new Promise((resolve) => probe.close(() => resolve(null)));
	return typeof address === 'object' && address ? address.port : 0;
}

if (!existsSync('build/index.js')) {
	console.log('No build yet: building first.');
	if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const port = Number(args.port) || (await freePort());
const ORIGIN = `http://localhost:${port}`;
const folder = mkdtempSync(join(tmpdir(), 'spire-fuzz-'));
/** @type {Map<string, number>} */
const serverErrors = new Map();
let serverExited = false;
const server = spawn('node', ['src/server.js'], {
	env: {
		...process.env,
		PORT: String(port),
		HOST: '0.0.0.0',
		ORIGIN,
		DATABASE_URL: `file:${join(folder, 'fuzz.db')}`,
		NODE_ENV: 'production',
		SPIRE_DEMO: 'false',
		SPIRE_REGISTRATION_LIMIT: '0'
	},
	stdio: ['ignore', 'pipe', 'pipe']
});
server.on('exit', () => (serverExited = true));
// Without SMTP_URL the server logs its mail: learners confirm their address from there.
const mailLog = mailLogReader(server.stdout);
server.stderr.on('data', (chunk) => {
	noteServerErrors(String(chunk));
	if (args['server-log']) appendFileSync(args['server-log'], chunk);
});

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
/** Sessions are kept alive from another loopback address, out of reach of the fuzz traffic's login throttling. */
let keeperAgent = new http.Agent({ keepAlive: true, maxSockets: 2, localAddress: '127.0.0.2' });

let exitCode = 1;
try {
	exitCode = await main();
} catch (error) {
	console.error(error);
} finally {
	agent.destroy();
	keeperAgent.destroy();
	server.kill();
	await new Promise((resolve) => (serverExited ? resolve(null) : server.once('exit', resolve)));
	rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);
