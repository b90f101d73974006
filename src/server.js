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
 * It lives in src/ next to the other entry points (app.html, hooks.server.ts). SvelteKit does not
 * bundle it: it runs as it is and loads the build at run time.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
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
// Importing the handler starts SvelteKit: the database is opened and migrated here.
const { handler } = await import(HANDLER.href);

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

if (socketPath) {
	// A leftover empty socket file from an earlier run would block listen().
	try {
		if (statSync(socketPath).size === 0) rmSync(socketPath);
	} catch {
		// no file there
	}
}
// Not `{ path, host, port }`: a `port` key, even undefined, makes Node listen on a random TCP
// port and ignore the path.
server.listen(socketPath ? { path: socketPath } : { host, port }, () => {
	const address = server.address();
	// The port actually bound, which differs from PORT when PORT=0 asks for any free one.
	const where =
		typeof address === 'string' || !address ? address : `http://${host}:${address.port}`;
	console.log(`Listening on ${where}`);
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
	});
	shutdownTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
}

process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
