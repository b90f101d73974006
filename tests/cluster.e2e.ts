/**
 * Running on both cores (WEB_CONCURRENCY), as the operator sees it: several processes on one
 * port and one fresh database file, a worker that dies is replaced, SIGTERM stops them all
 * gracefully (their buffered lesson visits are written), and db:restore's pid file names the
 * server for as long as any of its processes runs.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { runningServerPid } from '../src/lib/server/db/backup';
import { mailLogReader } from './mail/server-log-mail.mjs';
import { COURSE, expect, PASSWORD, test } from './fixtures';
import { courseContent } from './routes.mjs';

type Cluster = {
	child: ChildProcessWithoutNullStreams;
	base: string;
	databaseFile: string;
	/** Worker pids seen on access lines so far. */
	servedBy: () => Set<number>;
	stderr: () => string;
	/** The mails the cluster logged (it has no SMTP_URL). */
	mailLog: ReturnType<typeof mailLogReader>;
	exited: Promise<number | null>;
};

const folders: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

test.afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function freshFolder() {
	const folder = mkdtempSync(join(tmpdir(), 'spire-cluster-'));
	folders.push(folder);
	return folder;
}

/** Starts `node src/server.js` with WEB_CONCURRENCY=`processes` on a fresh database, any port. */
async function startCluster(processes: number): Promise<Cluster> {
	const databaseFile = join(freshFolder(), 'spire.db');
	const child = spawn('node', ['src/server.js'], {
		env: {
			...process.env,
			WEB_CONCURRENCY: String(processes),
			PORT: '0', // any free port: the server prints the one it got
			HOST: '127.0.0.1',
			ORIGIN: 'http://localhost',
			DATABASE_URL: `file:${databaseFile}`,
			SPIRE_DEMO: 'false',
			SPIRE_REGISTRATION_LIMIT: '0',
			LOG_LEVEL: 'info'
		}
	});
	children.push(child);
	const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
	const pids = new Set<number>();
	const mailLog = mailLogReader(child.stdout);
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const base = await new Promise<string>((found, failed) => {
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			for (const match of String(chunk).matchAll(/"pid":(\d+)/g)) pids.add(Number(match[1]));
			const listening = stdout.match(/Listening on (http:\/\/[\d.]+:\d+) with (\d+) processes/);
			if (listening) found(listening[1]);
		});
		child.on('exit', () => failed(new Error(`The server stopped: ${stdout}${stderr}`)));
	});
	return {
		child,
		base,
		databaseFile,
		servedBy: () => pids,
		stderr: () => stderr,
		mailLog,
		exited
	};
}

/** A GET on a connection of its own, so that the cluster hands it to the next worker. */
function getOnNewConnection(url: string, headers: Record<string, string> = {}) {
	return new Promise<number>((done, failed) => {
		http
			.get(url, { agent: false, headers }, (response) => {
				response.resume();
				response.on('end', () => done(response.statusCode ?? 0));
			})
			.on('error', failed);
	});
}

function pidFileOf(cluster: Cluster) {
	return `${cluster.databaseFile}.pid`;
}

test('WEB_CONCURRENCY=3 serves from three processes on one port, started on a fresh database', async () => {
	const cluster = await startCluster(3);
	// Every worker opened the fresh file; only the first migrated it, the others found it done.
	for (let i = 0; i < 30; i++)
		expect(await getOnNewConnection(`${cluster.base}/healthz`)).toBe(200);
	await expect.poll(() => cluster.servedBy().size).toBe(3);
	expect(cluster.servedBy().has(cluster.child.pid!)).toBe(false);
	expect(readFileSync(pidFileOf(cluster), 'utf8').split('\n')[0]).toBe(String(cluster.child.pid));

	cluster.child.kill('SIGTERM');
	expect(await cluster.exited).toBe(0);
	expect(cluster.stderr()).toBe('');
});

test('a worker that dies is replaced and logged, and SIGTERM writes every buffered lesson visit before the server exits', async () => {
	const cluster = await startCluster(2);
	const registered = await fetch(`${cluster.base}/register`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: 'http://localhost',
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html' // a browser without JavaScript: answered with the redirect itself
		},
		body: new URLSearchParams({
			name: 'Cluster Learner',
			email: 'cluster@example.org',
			password: PASSWORD,
			locale: 'en',
			country: 'NO'
		})
	});
	expect(registered.status).toBe(303);
	const link = new URL(
		await cluster.mailLog.link('cluster@example.org', '/verify-email'),
		cluster.base
	);
	const confirmed = await fetch(`${cluster.base}/verify-email`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: 'http://localhost',
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: new URLSearchParams({ token: link.searchParams.get('token')! })
	});
	expect(confirmed.status).toBe(303);
	const cookie = confirmed.headers.get('set-cookie')!.split(';')[0];

	for (let i = 0; i < 10; i++) await getOnNewConnection(`${cluster.base}/healthz`);
	await expect.poll(() => cluster.servedBy().size).toBe(2);
	const [victim] = [...cluster.servedBy()];
	process.kill(victim, 'SIGKILL');
	await expect
		.poll(() => cluster.stderr())
		.toContain(`Server process ${victim} stopped unexpectedly (signal SIGKILL)`);
	// The pid file names the primary, which still runs: db:restore must go on refusing.
	expect(runningServerPid(cluster.databaseFile)).toBe(cluster.child.pid);
	// The replacement starts after a short pause, then opens the database: give a busy machine time.
	await expect
		.poll(
			async () => {
				await getOnNewConnection(`${cluster.base}/healthz`);
				return cluster.servedBy().size;
			},
			{ timeout: 30_000 }
		)
		.toBe(3);

	// Lesson visits wait in each worker's memory for up to a second; stop before they are written.
	const { lessons } = courseContent().find((course) => course.slug === COURSE.slug)!;
	for (const slug of lessons) {
		const status = await getOnNewConnection(`${cluster.base}/courses/${COURSE.slug}/${slug}`, {
			cookie
		});
		expect(status).toBe(200);
	}
	cluster.child.kill('SIGTERM');
	expect(await cluster.exited).toBe(0);
	expect(existsSync(pidFileOf(cluster))).toBe(false);

	const client = createClient({ url: `file:${cluster.databaseFile}` });
	try {
		const visited = await client.execute(
			"select count(*) from lesson_progress join users on users.id = lesson_progress.user_id where users.email = 'cluster@example.org'"
		);
		expect(Number(visited.rows[0][0])).toBe(lessons.length);
	} finally {
		client.close();
	}
});

test('a wrong WEB_CONCURRENCY, or a database a worker cannot open, stops the server at start with a clear message', () => {
	const folder = freshFolder();
	const run = (env: Record<string, string>) =>
		spawnSync('node', ['src/server.js'], {
			env: { ...process.env, PORT: '0', ORIGIN: 'http://localhost', SPIRE_DEMO: 'false', ...env },
			encoding: 'utf8',
			timeout: 20_000
		});
	for (const value of ['two', '0', '-1', '1.5']) {
		const result = run({ WEB_CONCURRENCY: value, DATABASE_URL: `file:${join(folder, 'a.db')}` });
		expect(result.status, value).toBe(1);
		expect(result.stderr, value).toContain(
			`Invalid value for environment variable WEB_CONCURRENCY: ${JSON.stringify(value)}`
		);
	}
	expect(existsSync(join(folder, 'a.db')), 'nothing started').toBe(false);

	const blocker = join(folder, 'a-file');
	writeFileSync(blocker, '');
	const url = `file:${blocker}/spire.db`;
	const result = run({ WEB_CONCURRENCY: '2', DATABASE_URL: url });
	expect(result.status).toBe(1);
	expect(result.stderr).toContain(`Spire cannot start. Cannot open the database at ${url}`);
	expect(result.stderr).not.toMatch(/^\s+at /m);
});
