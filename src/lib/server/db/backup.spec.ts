import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	rmSync,
	writeFileSync,
	writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '$lib/server/db';
import {
	BackupError,
	backupDatabase,
	listBackups,
	localDatabasePath,
	pruneBackups,
	restoreDatabase,
	runningServerPid,
	serverPidFile,
	verifyBackup
} from '$lib/server/db/backup';
import { parseCommand, UsageError } from '$lib/server/db/backup-command';
import { ROWS_PER_BATCH } from '$lib/server/__fixtures__/writing-server';

const WRITING_SERVER = fileURLToPath(new URL('../__fixtures__/writing-server.ts', import.meta.url));
const COMMAND = fileURLToPath(new URL('./backup-command.ts', import.meta.url));
/** Child processes start through tsx, which takes a second or two on a busy machine. */
const SLOW = 60_000;

let folder: string;
const children: ChildProcess[] = [];

beforeEach(() => {
	folder = mkdtempSync(join(tmpdir(), 'spire-backup-'));
});

afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	rmSync(folder, { recursive: true, force: true });
});

function at(iso: string) {
	return new Date(iso);
}

/**
 * A migrated Spire database with `learners` users. Built under another name and copied into
 * place, because the libSQL driver releases a closed connection only when it is garbage-collected,
 * and restore rightly refuses a database that a connection still holds.
 */
async function createSpireDatabase(path: string, learners = 1) {
	const draft = `${path}.draft`;
	const handle = await openDatabase(`file:${draft}`);
	await migrateDatabase(handle.db);
	for (let i = 0; i < learners; i++) {
		await handle.client.execute({
			sql: "insert into users (id, email, email_normalized, name, password_hash, locale, created_at, updated_at) values (?, ?, ?, 'Learner', 'not-a-real-hash', 'en', 0, 0)",
			args: [`user-${i}`, `learner${i}@example.org`, `learner${i}@example.org`]
		});
	}
	await handle.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
	handle.close();
	copyFileSync(draft, path);
	return path;
}

/** Runs SQL on a database file through a connection of its own. */
async function query(path: string, sql: string) {
	const client = createClient({ url: `file:${path}` });
	try {
		const { rows } = await client.execute(sql);
		// Writes reach the file itself, for tests that copy it next.
		await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
		return rows;
	} finally {
		client.close();
	}
}

async function integrity(path: string) {
	return (await query(path, 'PRAGMA integrity_check')).map((row) => row[0]);
}

async function userCount(path: string) {
	return Number((await query(path, 'select count(*) from users'))[0][0]);
}

/** Starts the writing stand-in for a server on `path`, once it has committed its first batch. */
async function startWritingServer(path: string) {
	const child = spawn(process.execPath, ['--import', 'tsx', WRITING_SERVER, path], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let written = 0;
	let stopped: number | undefined;
	let errors = '';
	const listeners: (() => void)[] = [];
	child.stderr!.on('data', (chunk) => (errors += chunk));
	let pending = '';
	child.stdout!.on('data', (chunk) => {
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop()!;
		for (const line of lines) {
			const [word, count] = line.split(' ');
			if (word === 'wrote') written = Number(count);
			if (word === 'stopped') stopped = Number(count);
		}
		for (const listener of listeners) listener();
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const whenWritten = (atLeast: number) =>
		new Promise<void>((done, fail) => {
			const check = () => {
				if (written >= atLeast) done();
				else if (child.exitCode !== null) fail(new Error(`writer exited: ${errors}`));
			};
			listeners.push(check);
			child.once('exit', check);
			check();
		});
	await whenWritten(1);
	return {
		pid: child.pid!,
		written: () => written,
		/** Resolves once the writer has committed more than `batches` batches. */
		whenPast: (batches: number) => whenWritten(batches + 1),
		stop: async () => {
			child.kill('SIGTERM');
			await exited;
			return stopped!;
		},
		kill: async () => {
			child.kill('SIGKILL');
			await exited;
		}
	};
}

describe('localDatabasePath', () => {
	it('finds the file of a file: URL the way the libSQL client does', () => {
		expect(localDatabasePath('file:data/spire.db')).toBe(resolve('data/spire.db'));
		expect(localDatabasePath('file:/srv/spire/spire.db')).toBe('/srv/spire/spire.db');
		expect(localDatabasePath('file:///srv/spire/spire.db')).toBe('/srv/spire/spire.db');
		expect(localDatabasePath('file:/srv/my%20data/spire.db?tls=0')).toBe('/srv/my data/spire.db');
	});

	it('refuses a remote server, naming point-in-time restore as the server’s job', () => {
		for (const url of ['libsql://spire-example.turso.io', 'https://db.example.org']) {
			expect(() => localDatabasePath(url)).toThrow(BackupError);
			expect(() => localDatabasePath(url)).toThrow(/remote libSQL server.*point-in-time restore/);
		}
	});

	it('refuses an in-memory database', () => {
		expect(() => localDatabasePath('file::memory:')).toThrow(/in-memory/);
	});
});

describe('backupDatabase', () => {
	it(
		'copies a database consistently while another process writes to it, and the copy restores',
		async () => {
			const live = await createSpireDatabase(join(folder, 'live.db'), 0);
			const server = await startWritingServer(live);
			const directory = join(folder, 'backups');

			const backups: { file: string; batches: number; tables: Record<string, number> }[] = [];
			for (let i = 0; i < 3; i++) {
				const { file } = await backupDatabase({ databaseUrl: `file:${live}`, directory });
				const { tables } = await verifyBackup(file);
				backups.push({ file, batches: tables.users, tables });
				// The next backup waits for new writes, so each copy catches the writer mid-stream.
				await server.whenPast(tables.users);
			}
			const total = await server.stop();

			for (const { file, batches, tables } of backups) {
				expect(await integrity(file)).toEqual(['ok']);
				// Every table holds the same number of whole batches: one moment, not a mix.
				for (const [table, perBatch] of Object.entries(ROWS_PER_BATCH)) {
					expect(tables[table], `${table} in ${file}`).toBe(perBatch * batches);
				}
				expect(batches).toBeGreaterThanOrEqual(1);
				expect(batches).toBeLessThan(total);
			}
			const counts = backups.map((backup) => backup.batches);
			expect(counts).toEqual([...counts].sort((a, b) => a - b));
			expect(new Set(counts).size).toBe(3);

			const last = backups[2];
			const restored = join(folder, 'fresh', 'spire.db');
			const result = await restoreDatabase({
				databaseUrl: `file:${restored}`,
				file: last.file,
				directory
			});
			expect(result).toMatchObject({ database: restored, previous: null });
			expect(await integrity(restored)).toEqual(['ok']);
			for (const [table, count] of Object.entries(last.tables)) {
				const rows = await query(restored, `select count(*) from ${table}`);
				expect(Number(rows[0][0]), table).toBe(count);
			}
		},
		SLOW
	);

	it('names backups by UTC time and keeps the newest N', async () => {
		const live = await createSpireDatabase(join(folder, 'live.db'));
		const directory = join(folder, 'backups');
		const databaseUrl = `file:${live}`;
		const made = [];
		for (const time of [
			'2026-11-20T06:15:00.000Z',
			'2026-11-21T06:15:00.000Z',
			'2026-11-22T06:15:00.000Z',
			'2026-11-22T06:15:00.400Z'
		]) {
			made.push(await backupDatabase({ databaseUrl, directory, keep: 3, now: at(time) }));
		}
		expect(made.map((result) => result.file.slice(directory.length + 1))).toEqual([
			'spire-20261120T061500Z.db',
			'spire-20261121T061500Z.db',
			'spire-20261122T061500Z.db',
			'spire-20261122T061500Z-2.db'
		]);
		expect(made[3].pruned).toEqual([made[0].file]);
		expect(listBackups(directory)).toEqual([made[3].file, made[2].file, made[1].file]);
		expect(await userCount(made[3].file)).toBe(1);
	});

	it('prunes only backups, oldest first, and leaves other files alone', () => {
		const directory = join(folder, 'backups');
		mkdirSync(directory);
		const names = [
			'spire-20261101T000000Z.db',
			'spire-20261103T000000Z.db',
			'spire-20261102T000000Z.db',
			'spire-20261103T000000Z-2.db',
			'pre-restore-20261001T000000Z.db',
			'spire-20261001T000000Z.db.partial',
			'notes.txt'
		];
		for (const name of names) writeFileSync(join(directory, name), '');
		expect(pruneBackups(directory, 2)).toEqual([
			join(directory, 'spire-20261102T000000Z.db'),
			join(directory, 'spire-20261101T000000Z.db')
		]);
		expect(readdirSync(directory).sort()).toEqual([
			'notes.txt',
			'pre-restore-20261001T000000Z.db',
			'spire-20261001T000000Z.db.partial',
			'spire-20261103T000000Z-2.db',
			'spire-20261103T000000Z.db'
		]);
	});

	it('refuses a missing database instead of creating an empty one', async () => {
		const missing = join(folder, 'nothing-here.db');
		await expect(
			backupDatabase({ databaseUrl: `file:${missing}`, directory: join(folder, 'backups') })
		).rejects.toThrow(/There is no database at .*nothing-here\.db: nothing to back up/);
		expect(existsSync(missing)).toBe(false);
	});

	it('refuses a remote database', async () => {
		await expect(
			backupDatabase({ databaseUrl: 'libsql://spire-example.turso.io', directory: folder })
		).rejects.toThrow(/point-in-time restore/);
	});
});

describe('restoreDatabase', () => {
	it(
		'refuses while a live server holds the database, and goes ahead after it was killed -9',
		async () => {
			const directory = join(folder, 'backups');
			const source = await createSpireDatabase(join(folder, 'source.db'), 7);
			const { file } = await backupDatabase({ databaseUrl: `file:${source}`, directory });
			const live = await createSpireDatabase(join(folder, 'live.db'), 0);
			const server = await startWritingServer(live);

			expect(runningServerPid(live)).toBe(server.pid);
			await expect(
				restoreDatabase({ databaseUrl: `file:${live}`, file, directory })
			).rejects.toThrow(new RegExp(`Spire is running on .*live\\.db \\(process ${server.pid}\\)`));
			expect(readdirSync(directory)).toHaveLength(1);

			await server.kill();
			const acknowledged = server.written();
			// What a kill -9 leaves behind: the pid file and the WAL with the latest writes.
			expect(existsSync(serverPidFile(live))).toBe(true);
			expect(existsSync(`${live}-wal`)).toBe(true);
			expect(runningServerPid(live)).toBeNull();

			const result = await restoreDatabase({ databaseUrl: `file:${live}`, file, directory });
			expect(await userCount(live)).toBe(7);
			expect(await integrity(live)).toEqual(['ok']);
			expect(existsSync(serverPidFile(live))).toBe(false);
			// The replaced database is kept whole, its WAL included.
			expect(result.previous).toMatch(/pre-restore-\d{8}T\d{6}Z\.db$/);
			expect(await integrity(result.previous!)).toEqual(['ok']);
			expect(await userCount(result.previous!)).toBeGreaterThanOrEqual(acknowledged);
			expect(existsSync(`${result.previous}-wal`)).toBe(false);
			expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
		},
		SLOW
	);

	it('restores a plain copy of a WAL-mode database file, leaving nothing beside it', async () => {
		const copy = await createSpireDatabase(join(folder, 'copied-by-hand.db'), 4);
		const target = join(folder, 'data', 'spire.db');
		const result = await restoreDatabase({
			databaseUrl: `file:${target}`,
			file: copy,
			directory: join(folder, 'backups')
		});
		expect(result.summary.tables.users).toBe(4);
		expect(readdirSync(join(folder, 'data'))).toEqual(['spire.db']);
		expect(await userCount(target)).toBe(4);
		// The server's own way in: it opens, migrates and reads the restored file.
		const server = await openDatabase(`file:${target}`);
		await migrateDatabase(server.db);
		expect((await server.client.execute('select count(*) from users')).rows[0][0]).toBe(4);
		server.close();
	});

	it('refuses while another connection has the database open, with no pid file', async () => {
		const directory = join(folder, 'backups');
		const live = await createSpireDatabase(join(folder, 'live.db'), 2);
		const { file } = await backupDatabase({ databaseUrl: `file:${live}`, directory });
		const holder = await openDatabase(`file:${live}`);
		try {
			await expect(
				restoreDatabase({ databaseUrl: `file:${live}`, file, directory })
			).rejects.toThrow(/Another process has .*live\.db open/);
		} finally {
			holder.close();
		}
		expect(readdirSync(directory)).toEqual([file.slice(directory.length + 1)]);
		expect(await userCount(live)).toBe(2);
	});

	it('ignores a pid file whose process number now belongs to a later process', () => {
		const database = join(folder, 'spire.db');
		writeFileSync(serverPidFile(database), `${process.pid}\nnot-when-this-process-started\n`);
		expect(runningServerPid(database)).toBeNull();
		writeFileSync(serverPidFile(database), `${process.pid}\n`);
		expect(runningServerPid(database)).toBe(process.pid);
	});

	describe('refuses a bad backup and leaves the database as it was', () => {
		let live: string;
		let directory: string;

		beforeEach(async () => {
			live = await createSpireDatabase(join(folder, 'live.db'), 3);
			directory = join(folder, 'backups');
		});

		async function expectRefused(file: string, message: RegExp) {
			await expect(
				restoreDatabase({ databaseUrl: `file:${live}`, file, directory })
			).rejects.toThrow(message);
			expect(await userCount(live)).toBe(3);
			expect(existsSync(directory)).toBe(false);
			expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
		}

		it('a missing file', async () => {
			await expectRefused(join(folder, 'missing.db'), /There is no backup file at .*missing\.db/);
		});

		it('a file that is not a database', async () => {
			const file = join(folder, 'notes.db');
			writeFileSync(file, 'These are notes, not a database.\n'.repeat(100));
			await expectRefused(file, /notes\.db is not a database file/);
		});

		it('a damaged database', async () => {
			const file = await createSpireDatabase(join(folder, 'damaged.db'), 300);
			// Random bytes over four pages in the middle of the file.
			const fd = openSync(file, 'r+');
			writeSync(fd, randomBytes(4 * 4096), 0, 4 * 4096, 3 * 4096);
			closeSync(fd);
			await expectRefused(file, /damaged\.db is damaged/);
		});

		it('a SQLite database that is not Spire’s', async () => {
			const file = join(folder, 'other.db');
			await query(file, 'create table notes (text)');
			await expectRefused(file, /other\.db is a SQLite database but not a Spire database/);
		});

		it('a backup from a newer version of Spire', async () => {
			const file = join(folder, 'newer.db');
			copyFileSync(await createSpireDatabase(join(folder, 'base.db')), file);
			await query(file, `insert into __drizzle_migrations (hash, created_at) values ('x', 9e15)`);
			await expectRefused(file, /newer\.db comes from a newer version of Spire/);
		});
	});
});

describe('the db:backup and db:restore commands', () => {
	it('read --keep, then SPIRE_BACKUP_KEEP, then default to 14', () => {
		expect(parseCommand('backup', [], {})).toEqual({
			verb: 'backup',
			keep: 14,
			directory: 'backups'
		});
		expect(parseCommand('backup', [], { SPIRE_BACKUP_KEEP: '30' })).toMatchObject({ keep: 30 });
		expect(
			parseCommand('backup', ['--keep', '3', '--dir', '/mnt/b'], { SPIRE_BACKUP_KEEP: '30' })
		).toMatchObject({ keep: 3, directory: '/mnt/b' });
		expect(parseCommand('restore', ['backups/x.db'], {})).toEqual({
			verb: 'restore',
			file: 'backups/x.db',
			directory: 'backups'
		});
	});

	it('reject arguments they cannot use', () => {
		expect(() => parseCommand('backup', ['--keep', '0'], {})).toThrow(/--keep must be a whole/);
		expect(() => parseCommand('backup', [], { SPIRE_BACKUP_KEEP: 'ten' })).toThrow(
			/SPIRE_BACKUP_KEEP must be a whole/
		);
		expect(() => parseCommand('backup', ['--kep', '3'], {})).toThrow(UsageError);
		expect(() => parseCommand('restore', [], {})).toThrow(/Name one backup file/);
		expect(() => parseCommand('restore', ['a.db', 'b.db'], {})).toThrow(/Name one backup file/);
		expect(() => parseCommand(undefined, [], {})).toThrow(UsageError);
	});

	it(
		'print a plain message and exit 1 or 2 on expected failures, with no stack trace',
		() => {
			const env = { ...process.env, DATABASE_URL: `file:${join(folder, 'spire.db')}` };
			const run = (...args: string[]) =>
				spawnSync(process.execPath, ['--import', 'tsx', COMMAND, ...args], {
					env,
					encoding: 'utf8'
				});

			const missing = run('restore', 'no-such-backup.db');
			expect(missing.status).toBe(1);
			expect(missing.stderr.trim()).toBe('There is no backup file at no-such-backup.db.');

			const remote = spawnSync(process.execPath, ['--import', 'tsx', COMMAND, 'backup'], {
				env: { ...env, DATABASE_URL: 'libsql://spire-example.turso.io' },
				encoding: 'utf8'
			});
			expect(remote.status).toBe(1);
			expect(remote.stderr).toMatch(/point-in-time restore/);

			const usage = run('backup', '--keep', 'all');
			expect(usage.status).toBe(2);
			for (const output of [missing, remote, usage]) {
				expect(output.stderr).not.toMatch(/\n\s+at /);
				expect(output.stdout).toBe('');
			}
		},
		SLOW
	);
});
