/**
 * The production server: `npm start`, `npm run serve`, or `node src/server.js` after
 * `npm run build`. It is adapter-node's `node build` with one difference: the security headers
 * go on every response, including the files in static/ and the /_app assets, which
 * adapter-node serves before SvelteKit's hooks run (so hooks cannot set headers on them).
 *
 * It mounts adapter-node's documented custom-server entry, build/handler.js, and keeps what
 * build/index.js does: HOST, PORT, SOCKET_PATH, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT, and a
 * graceful shutdown on SIGTERM/SIGINT (finish open requests, at most SHUTDOWN_TIMEOUT seconds,
 * then emit `sveltekit:shutdown`). ORIGIN, PROTOCOL_HEADER, HOST_HEADER, PORT_HEADER,
 * ADDRESS_HEADER, XFF_DEPTH and BODY_SIZE_LIMIT are read by build/handler.js itself. Not kept:
 * systemd socket activation (LISTEN_PID, LISTEN_FDS, IDLE_TIMEOUT), which Spire does not use.
 *
 * WEB_CONCURRENCY=N (N > 1) runs N server processes on one port and one database file, with
 * `node:cluster`: this file becomes the primary, which serves nothing itself. It starts one
 * worker, waits until that one listens (it has applied the migrations by then, so workers never
 * migrate a fresh database at the same time), then starts the others. A worker that dies is
 * replaced, after a pause that grows while workers keep dying young. SIGTERM/SIGINT to the
 * primary is passed to every worker, which shuts down as a single process does; the primary
 * exits once they all have. Unset or 1: one process, no cluster.
 *
 * It lives in src/ next to the other entry points (app.html, hooks.server.ts). SvelteKit does not
 * bundle it: it runs as it is and loads the build at run time.
 */
import cluster from 'node:cluster';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import { securityHeaders } from './lib/server/security-headers.js';

const HANDLER = new URL('../build/handler.js', import.meta.url);

/**
 * A whole number of seconds from the environment, checked as build/index.js checks it.
 * @template {number | undefined} T
 * @param {string} name
 * @param {T} fallback
 * @returns {number | T}
 */
function secondsFromEnv(name, fallback) {
	const raw = process.env[name];
	if (!raw) return fallback;
	if (!/^\d+$/.test(raw)) {
		throw new Error(`Invalid value for environment variable ${name}: ${JSON.stringify(raw)}`);
	}
	return Number.parseInt(raw, 10);
}

/**
 * How many server processes to run, from WEB_CONCURRENCY: a whole number of 1 or more.
 * @returns {number}
 */
function processCountFromEnv() {
	const raw = process.env.WEB_CONCURRENCY;
	if (!raw) return 1;
	if (!/^\d+$/.test(raw) || Number.parseInt(raw, 10) < 1) {
		throw new Error(
			`Invalid value for environment variable WEB_CONCURRENCY: ${JSON.stringify(raw)} (a whole number of 1 or more)`
		);
	}
	return Number.parseInt(raw, 10);
}

const processCount = processCountFromEnv();
const socketPath = process.env.SOCKET_PATH || undefined;
const host = process.env.HOST ?? '0.0.0.0';
const port = process.env.PORT ?? (socketPath ? undefined : '3000');
const shutdownTimeout = secondsFromEnv('SHUTDOWN_TIMEOUT', 30);
const keepAliveTimeout = secondsFromEnv('KEEP_ALIVE_TIMEOUT', undefined);
const headersTimeout = secondsFromEnv('HEADERS_TIMEOUT', undefined);
// Read once: ORIGIN does not change while the server runs.
const headers = Object.entries(securityHeaders(process.env.ORIGIN));

if (!existsSync(HANDLER)) {
	console.error('Spire has not been built yet: run `npm run build` first.');
	process.exit(1);
}

/** How much of a request body nobody read is drained to keep its connection usable. */
const UNREAD_BODY_DRAIN_BYTES = 1024 * 1024;

/**
 * adapter-node (SvelteKit 2) pauses a request body that nobody read (a 404, the cross-site 403,
 * a redirect to login) and never drains it, so the next request on that kept-alive connection
 * hangs until the client gives up. Once the response is sent, read and discard what is left;
 * past UNREAD_BODY_DRAIN_BYTES, close the connection instead.
 * @param {http.IncomingMessage} req
 */
function drainUnreadBody(req) {
	if (req.complete || req.destroyed) return;
	// SvelteKit's reader of the body pauses the request whenever its own buffer is full; nobody
	// will read that buffer now, so it stops listening.
	req.removeAllListeners('data');
	let drained = 0;
	req.on('data', (chunk) => {
		drained += chunk.length;
		if (drained > UNREAD_BODY_DRAIN_BYTES) req.socket.destroy();
	});
	req.on('error', () => {}); // a client that hangs up mid-body is not an error of ours
	req.resume();
}

/**
 * A leftover empty socket file from an earlier run would block listen(). In a cluster only the
 * primary removes it, before any worker listens: a worker would remove the live socket.
 * @param {string} path
 */
function removeStaleSocket(path) {
	try {
		if (statSync(path).size === 0) rmSync(path);
	} catch {
		// no file there
	}
}

/**
 * Where the server listens, as the start-up line shows it: the port actually bound, which
 * differs from PORT when PORT=0 asks for any free one, or the socket's path.
 * @param {string | { port: number } | null} address
 */
function describeAddress(address) {
	return typeof address === 'string' || !address ? address : `http://${host}:${address.port}`;
}

/** One server process: the whole server, or one worker of a cluster. */
async function serve() {
	// Importing the handler starts SvelteKit: the database is opened and migrated here.
	const { handler } = await import(HANDLER.href);

	const server = http.createServer((req, res) => {
		// Set before the handler runs: SvelteKit's responses set their own values on top (the same
		// ones, from hooks), static files and /_app assets keep these.
		for (const [name, value] of headers) res.setHeader(name, value);
		res.on('finish', () => drainUnreadBody(req));
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout * 1000;
	if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

	if (socketPath && cluster.isPrimary) removeStaleSocket(socketPath);
	// Not `{ path, host, port }`: a `port` key, even undefined, makes Node listen on a random TCP
	// port and ignore the path.
	server.listen(socketPath ? { path: socketPath } : { host, port }, () => {
		// In a cluster the primary says it once, for all workers.
		if (cluster.isPrimary) console.log(`Listening on ${describeAddress(server.address())}`);
	});

	/** @type {NodeJS.Timeout | undefined} */
	let shutdownTimer;

	server.on('request', (req) => {
		req.on('close', () => {
			// While shutting down, close each connection as soon as it has nothing left to answer.
			if (shutdownTimer) server.closeIdleConnections();
		});
	});

	/**
	 * Stop accepting connections, let open requests finish, then tell the app to clean up.
	 * @param {NodeJS.Signals} signal
	 */
	function shutDown(signal) {
		if (shutdownTimer) return;
		server.closeIdleConnections();
		server.close((error) => {
			if (error) return; // already closed
			clearTimeout(shutdownTimer);
			// @ts-expect-error custom events cannot be typed; the same event build/index.js emits
			process.emit('sveltekit:shutdown', signal);
			// A worker's channel to the primary would keep it alive: let it go, so that the worker
			// exits, as a single process does, once the clean-up (the last lesson visits) is done.
			cluster.worker?.disconnect();
		});
		shutdownTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
	}

	process.on('SIGTERM', shutDown);
	process.on('SIGINT', shutDown);
}

/** A worker that dies younger than this counts towards a crash loop. */
const STEADY_WORKER_MS = 30_000;
/** The pause before replacing a worker that died young doubles from this… */
const FIRST_RESTART_DELAY_MS = 500;
/** …up to this. */
const MAX_RESTART_DELAY_MS = 30_000;
/** How long workers get to stop beyond SHUTDOWN_TIMEOUT before they are killed. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The cluster's primary: starts `count` workers, replaces those that die, stops them on
 * SIGTERM/SIGINT, and removes the pid files they wrote for it (see recordRunningServer).
 * @param {number} count
 */
function runPrimary(count) {
	if (socketPath) removeStaleSocket(socketPath);
	/** @type {Set<string>} */
	const pidFiles = new Set();
	/** @type {Map<number, number>} when each worker was started, by worker id */
	const startedAt = new Map();
	/** @type {Set<NodeJS.Timeout>} */
	const restarts = new Set();
	/** @type {Set<number>} ids of the workers that listen */
	const listening = new Set();
	let ready = false; // the first worker listens: the database is open and migrated
	let announced = false;
	let restartDelay = 0;
	let stopping = false;

	const startWorker = () => startedAt.set(cluster.fork().id, Date.now());

	cluster.on('message', (_worker, message) => {
		if (message?.type === 'spire:pid-file' && typeof message.file === 'string') {
			pidFiles.add(message.file);
		}
	});

	cluster.on('listening', (worker, address) => {
		if (!ready) {
			ready = true;
			for (let i = 1; i < count; i++) startWorker();
		}
		listening.add(worker.id);
		if (!announced && listening.size === count) {
			announced = true;
			const where = address.addressType === -1 ? address.address : { port: address.port };
			console.log(`Listening on ${describeAddress(where)} with ${count} processes`);
		}
	});

	cluster.on('exit', (worker, code, signal) => {
		listening.delete(worker.id);
		const how = signal ? `signal ${signal}` : `exit code ${code}`;
		if (stopping) {
			if (code !== 0) process.exitCode = 1;
			return;
		}
		if (!ready) {
			// The first worker could not start (it said why): neither could the others.
			if (signal) console.error(`The server process stopped at start-up (${how}).`);
			process.exitCode = code || 1;
			return;
		}
		const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
		startedAt.delete(worker.id);
		restartDelay =
			lived >= STEADY_WORKER_MS
				? 0
				: Math.min(Math.max(restartDelay * 2, FIRST_RESTART_DELAY_MS), MAX_RESTART_DELAY_MS);
		console.error(
			`Server process ${worker.process.pid} stopped unexpectedly (${how}) after ${Math.round(lived / 1000)} s; ` +
				`starting another${restartDelay ? ` in ${restartDelay / 1000} s` : ''}.`
		);
		const timer = setTimeout(() => {
			restarts.delete(timer);
			startWorker();
		}, restartDelay);
		restarts.add(timer);
	});

	/**
	 * Each worker shuts down as a single process does: open requests finish, then the app
	 * cleans up. The primary exits when the last worker has.
	 * @param {NodeJS.Signals} signal
	 */
	function shutDown(signal) {
		if (stopping) return;
		stopping = true;
		for (const timer of restarts) clearTimeout(timer);
		// Signalled, not disconnected: a worker whose channel closes first exits at once.
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
		setTimeout(
			() => {
				for (const worker of Object.values(cluster.workers ?? {})) {
					console.error(`Server process ${worker?.process.pid} did not stop in time: killing it.`);
					worker?.process.kill('SIGKILL');
				}
			},
			shutdownTimeout * 1000 + SHUTDOWN_GRACE_MS
		).unref();
	}

	process.on('SIGTERM', shutDown);
	process.on('SIGINT', shutDown);
	process.on('exit', () => {
		for (const file of pidFiles) {
			try {
				// Only our own: another server on the same database may have written its pid since.
				if (readFileSync(file, 'utf8').split('\n')[0] === String(process.pid)) rmSync(file);
			} catch {
				// already gone
			}
		}
	});

	startWorker();
}

if (processCount > 1 && cluster.isPrimary) {
	runPrimary(processCount);
} else {
	await serve();
}
