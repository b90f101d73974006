#!/usr/bin/env node
/**
 * The ceiling for the throughput figures: a bare `node:http` server that answers every request
 * with the same bytes and content type that Spire sent for a page. It runs as its own process,
 * as Spire does, so that it does not share an event loop with autocannon. With PROCESSES > 1 it
 * runs that many with `node:cluster` on one port, the ceiling for Spire's WEB_CONCURRENCY.
 *   node tests/bench/bare-server.mjs PORT BODY_FILE CONTENT_TYPE [PROCESSES]
 * `startBare` spawns it from the bench and resolves once it listens.
 */
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

/**
 * Spawns a bare server on `port` serving the file `bodyFile` as `contentType`, in `processes`
 * processes.
 */
export async function startBare(port, bodyFile, contentType, { processes = 1 } = {}) {
	const child = spawn('node', [self, String(port), bodyFile, contentType, String(processes)], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const [line] = await Promise.race([
		once(child.stdout, 'data'),
		once(child, 'exit').then(() => {
			throw new Error('The bare server did not start.');
		})
	]);
	if (!String(line).startsWith('listening')) throw new Error(`Bare server: ${line}`);
	return {
		base: `http://localhost:${port}`,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await once(child, 'exit');
		}
	};
}

if (process.argv[1] === self) {
	const [port, bodyFile, contentType, processes = '1'] = process.argv.slice(2);
	const count = Number(processes);
	if (count > 1 && cluster.isPrimary) {
		let listening = 0;
		cluster.on('listening', () => {
			if (++listening === count) process.stdout.write('listening\n');
		});
		for (let i = 0; i < count; i++) cluster.fork();
		process.on('SIGTERM', () => {
			for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
		});
	} else {
		const body = readFileSync(bodyFile);
		const server = http.createServer((request, response) => {
			response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
			response.end(body);
		});
		server.listen(Number(port), () => {
			if (cluster.isPrimary) process.stdout.write('listening\n');
		});
		process.on('SIGTERM', () => {
			server.closeAllConnections();
			server.close(() => process.exit(0));
		});
	}
}
