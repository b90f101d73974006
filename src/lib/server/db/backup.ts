/**
 * Backups of a local database file: a consistent copy while the server runs (`VACUUM INTO`),
 * pruning to the newest few, and restoring one while the server is stopped.
 *
 * A remote libSQL/Turso database is backed up by its server; these verbs refuse it.
 *
 * The server marks the database it uses with a pid file beside it (`spire.db.pid`), written at
 * start and removed at exit. Restore refuses while that process lives, and also while any other
 * process has the file open (SQLite's own locks, which the kernel releases even after kill -9).
 */
import cluster from 'node:cluster';
import {
	closeSync,
	copyFileSync,
	existsSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	readSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createClient, LibsqlError, type Client } from '@libsql/client';
import { BUSY_TIMEOUT_MS } from './index';

/** A failure the operator can act on; commands print its message without a stack trace. */
export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

export const DEFAULT_BACKUP_DIRECTORY = 'backups';
export const DEFAULT_KEEP = 14;

/** `spire-20261123T061500Z.db`, with `-2`, `-3`… for a second backup within the same second. */
const BACKUP_NAME = /^spire-(\d{8}T\d{6}Z)(?:-(\d+))?\.db$/;
const SQLITE_HEADER = 'SQLite format 3\0';
/** drizzle's record of applied migrations: what makes a SQLite file a Spire database. */
const MIGRATIONS_TABLE = '__drizzle_migrations';
/** Files SQLite keeps beside a database; stale ones would be replayed into a restored file. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

// ---------------------------------------------------------------------------------------------
// Where the database is

/**
 * The file behind a `file:` DATABASE_URL, resolved as the libSQL client resolves it, or null for
 * an in-memory or remote database.
 */
function localPathOrNull(databaseUrl: string): string | null {
	if (!databaseUrl.startsWith('file:')) return null;
	let path = databaseUrl.slice('file:'.length).split(/[?#]/)[0];
	// file:///abs/path and file://localhost/abs/path name the same file as file:/abs/path.
	if (path.startsWith('//')) path = path.replace(/^\/\/[^/]*/, '');
	try {
		path = decodeURIComponent(path);
	} catch {
		// A stray % that escapes nothing stands for itself.
	}
	if (!path || path.startsWith(':memory:')) return null;
	return resolve(path);
}

/** The local database file to back up or restore; refuses remote and in-memory databases. */
export function localDatabasePath(databaseUrl: string): string {
	const path = localPathOrNull(databaseUrl);
	if (path) return path;
	if (databaseUrl.startsWith('file:')) {
		throw new BackupError('DATABASE_URL names an in-memory database: there is nothing to back up.');
	}
	throw new BackupError(
		'DATABASE_URL names a remote libSQL server. Its backups and point-in-time restore are the ' +
			"server's job: use your provider's backups (for Turso, its point-in-time restore). " +
			'db:backup and db:restore work on a local database file only.'
	);
}

function fileUrl(path: string) {
	return `file:${path.replace(/[%?#]/g, encodeURIComponent)}`;
}

/** A path as the operator typed it: relative to the working folder when inside it. */
export function displayPath(path: string): string {
	const fromHere = relative(process.cwd(), path);
	return fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : path;
}

function timestamp(now: Date) {
	return now
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

/** Data reaches the disk before a rename makes it visible under its final name. */
function syncPath(path: string) {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/** Makes a rename in `directory` durable; not every platform can sync a directory. */
function syncDirectory(directory: string) {
	try {
		syncPath(directory);
	} catch {
		// The rename itself has happened; only its durability across a power cut is less certain.
	}
}

function sqliteMessage(error: unknown) {
	return error instanceof Error ? error.message.replace(/^SQLITE_\w+: /, '') : String(error);
}

// ---------------------------------------------------------------------------------------------
// Backup

export type BackupResult = {
	/** The database that was backed up. */
	database: string;
	/** The new backup file. */
	file: string;
	bytes: number;
	/** Older backups removed to keep the newest `keep`. */
	pruned: string[];
};

/**
 * Writes a consistent copy of the local database to `directory/spire-<UTC time>.db` and removes
 * all but the newest `keep` backups there. Works while the server runs and writes: `VACUUM INTO`
 * reads one snapshot (WAL), so writers are never blocked and the copy never mixes two moments.
 */
export async function backupDatabase(options: {
	databaseUrl: string;
	directory?: string;
	keep?: number;
	now?: Date;
}): Promise<BackupResult> {
	const source = localDatabasePath(options.databaseUrl);
	const directory = resolve(options.directory ?? DEFAULT_BACKUP_DIRECTORY);
	const keep = options.keep ?? DEFAULT_KEEP;
	if (!Number.isInteger(keep) || keep < 1) {
		throw new BackupError(`The number of backups to keep must be 1 or more, not ${keep}.`);
	}
	if (!existsSync(source)) {
		throw new BackupError(`There is no database at ${displayPath(source)}: nothing to back up.`);
	}
	mkdirSync(directory, { recursive: true });
	const file = freeBackupName(directory, options.now ?? new Date());
	// Written under another name first, so a backup cut short never looks like a finished one.
	const partial = `${file}.partial`;
	let client: Client | undefined;
	try {
		client = createClient({ url: fileUrl(source), timeout: BUSY_TIMEOUT_MS });
		await client.execute({ sql: 'VACUUM INTO ?', args: [partial] });
	} catch (error) {
		rmSync(partial, { force: true });
		throw new BackupError(`Cannot back up ${displayPath(source)}: ${sqliteMessage(error)}`);
	} finally {
		client?.close();
	}
	// SQLite does not fsync the file VACUUM INTO writes.
	syncPath(partial);
	renameSync(partial, file);
	syncDirectory(directory);
	return {
		database: source,
		file,
		bytes: statSync(file).size,
		pruned: pruneBackups(directory, keep)
	};
}

function freeBackupName(directory: string, now: Date) {
	const stem = `spire-${timestamp(now)}`;
	let file = join(directory, `${stem}.db`);
	for (let n = 2; existsSync(file) || existsSync(`${file}.partial`); n++) {
		file = join(directory, `${stem}-${n}.db`);
	}
	return file;
}

/** The backups in `directory`, newest first. Other files there are not backups and are left be. */
export function listBackups(directory: string = DEFAULT_BACKUP_DIRECTORY): string[] {
	if (!existsSync(directory)) return [];
	return readdirSync(directory)
		.map((name) => ({ name, match: BACKUP_NAME.exec(name) }))
		.filter((entry) => entry.match !== null)
		.sort((a, b) => {
			const [, stampA, seqA] = a.match!;
			const [, stampB, seqB] = b.match!;
			if (stampA !== stampB) return stampA < stampB ? 1 : -1;
			return Number(seqB ?? 1) - Number(seqA ?? 1);
		})
		.map((entry) => resolve(directory, entry.name));
}

/** Removes all but the newest `keep` backups in `directory`; returns the removed files. */
export function pruneBackups(directory: string, keep: number): string[] {
	const old = listBackups(directory).slice(keep);
	for (const file of old) rmSync(file, { force: true });
	return old;
}

// ---------------------------------------------------------------------------------------------
// Is a server using the database?

export function serverPidFile(databasePath: string) {
	return `${databasePath}.pid`;
}

/**
 * When the process started, in clock ticks since boot (Linux). With the pid it tells the process
 * that wrote a pid file from a later one that reuses its number. Null where /proc is missing.
 */
function processStartTime(pid: number): string | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name in parentheses may contain spaces; fields after it are plain.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
	} catch {
		return null;
	}
}

function isAlive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function readPidFile(file: string): { pid: number; started: string | null } | null {
	try {
		const [pid, started] = readFileSync(file, 'utf8').split('\n');
		return /^\d+$/.test(pid) ? { pid: Number(pid), started: started || null } : null;
	} catch {
		return null;
	}
}

const recorded = new Set<string>();

/** What a cluster worker tells its primary after writing the primary's pid file. */
export type PidFileMessage = { type: 'spire:pid-file'; file: string };

function writePidFile(file: string, pid: number) {
	writeFileSync(file, `${pid}\n${processStartTime(pid) ?? ''}\n`);
}

/**
 * Called once at server start: writes this process's pid beside the local database and removes
 * it at exit. After a kill -9 the file stays behind, and restore sees that its process is gone.
 * Does nothing for a remote database.
 *
 * In a cluster (WEB_CONCURRENCY > 1, src/server.js) the server is the primary process, which
 * lives as long as any worker: each worker writes the primary's pid instead of its own, so a
 * worker that dies and is replaced never removes the file while the others still run, and
 * tells the primary, which removes the file when it exits.
 */
export function recordRunningServer(databaseUrl: string) {
	const path = localPathOrNull(databaseUrl);
	if (!path) return;
	const file = serverPidFile(path);
	if (cluster.isWorker) {
		writePidFile(file, process.ppid);
		process.send?.({ type: 'spire:pid-file', file } satisfies PidFileMessage);
		return;
	}
	writePidFile(file, process.pid);
	if (recorded.has(file)) return;
	recorded.add(file);
	process.once('exit', () => {
		// Only our own: a second server on the same file may have written its pid since.
		if (readPidFile(file)?.pid === process.pid) rmSync(file, { force: true });
	});
}

/** The pid of a live server that recorded itself on this database, if any. */
export function runningServerPid(databasePath: string): number | null {
	const entry = readPidFile(serverPidFile(databasePath));
	if (!entry || !isAlive(entry.pid)) return null;
	if (entry.started && processStartTime(entry.pid) !== entry.started) return null;
	return entry.pid;
}

// ---------------------------------------------------------------------------------------------
// Verify

export type BackupSummary = { tables: Record<string, number> };

/**
 * Checks that `file` is a sound Spire database that this version can run: a SQLite file that
 * passes `PRAGMA integrity_check` and holds drizzle's migrations, none newer than ours.
 * Returns the row count of every table.
 */
export async function verifyBackup(
	file: string,
	options: { shownAs?: string; migrationsFolder?: string } = {}
): Promise<BackupSummary> {
	const shown = options.shownAs ?? displayPath(resolve(file));
	const migrationsFolder = options.migrationsFolder ?? resolve('drizzle');
	if (!existsSync(file) || !statSync(file).isFile()) {
		throw new BackupError(`There is no backup file at ${shown}.`);
	}
	const header = Buffer.alloc(SQLITE_HEADER.length);
	const fd = openSync(file, 'r');
	try {
		readFileHead(fd, header);
	} finally {
		closeSync(fd);
	}
	if (header.toString('latin1') !== SQLITE_HEADER) {
		throw new BackupError(`${shown} is not a database file.`);
	}
	let client: Client | undefined;
	try {
		client = createClient({ url: fileUrl(resolve(file)), timeout: BUSY_TIMEOUT_MS });
		const check = await client.execute('PRAGMA integrity_check');
		const problems = check.rows.map((row) => String(row[0])).filter((line) => line !== 'ok');
		if (problems.length > 0) {
			throw new BackupError(
				`${shown} is damaged (integrity check: ${problems.slice(0, 3).join('; ')}).`
			);
		}
		const tables = await client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
		);
		const names = tables.rows.map((row) => String(row[0]));
		if (!names.includes(MIGRATIONS_TABLE)) {
			throw new BackupError(
				`${shown} is a SQLite database but not a Spire database (it has no ${MIGRATIONS_TABLE} table).`
			);
		}
		const newest = await client.execute(`SELECT max(created_at) FROM ${MIGRATIONS_TABLE}`);
		if (Number(newest.rows[0][0] ?? 0) > newestKnownMigration(migrationsFolder)) {
			throw new BackupError(
				`${shown} comes from a newer version of Spire (its schema has migrations this version ` +
					'does not know). Restore it with that version.'
			);
		}
		const counts: Record<string, number> = {};
		for (const name of names) {
			const count = await client.execute(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`);
			counts[name] = Number(count.rows[0][0]);
		}
		return { tables: counts };
	} catch (error) {
		if (error instanceof BackupError) throw error;
		if (error instanceof LibsqlError) {
			throw new BackupError(`${shown} is damaged or not a database (${sqliteMessage(error)}).`);
		}
		throw error;
	} finally {
		client?.close();
	}
}

function readFileHead(fd: number, into: Buffer) {
	let read = 0;
	while (read < into.length) {
		const n = readSync(fd, into, read, into.length - read, read);
		if (n === 0) break;
		read += n;
	}
}

function newestKnownMigration(migrationsFolder: string): number {
	const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
	return Math.max(0, ...journal.entries.map((entry: { when: number }) => entry.when));
}

// ---------------------------------------------------------------------------------------------
// Restore

export type RestoreResult = {
	/** The database file that now holds the backup. */
	database: string;
	/** Where the database it replaced was kept; null when there was none. */
	previous: string | null;
	summary: BackupSummary;
};

/**
 * Replaces the local database with the backup `file`, while no server uses it:
 * 1. refuses while a recorded server process lives;
 * 2. copies the backup beside the database and verifies the copy;
 * 3. folds the current database's WAL into it (which SQLite refuses while anyone has it open)
 *    and keeps it as `directory/pre-restore-<UTC time>.db`;
 * 4. removes stale `-wal`/`-shm`/`-journal` files, then renames the copy over the database.
 * The database file is at every moment either the old one or the backup, never a mix.
 */
export async function restoreDatabase(options: {
	databaseUrl: string;
	file: string;
	directory?: string;
	now?: Date;
	migrationsFolder?: string;
}): Promise<RestoreResult> {
	const target = localDatabasePath(options.databaseUrl);
	const directory = resolve(options.directory ?? DEFAULT_BACKUP_DIRECTORY);
	const backup = resolve(options.file);
	if (!existsSync(backup) || !statSync(backup).isFile()) {
		throw new BackupError(`There is no backup file at ${options.file}.`);
	}
	if (backup === target) throw new BackupError(`${options.file} is the database itself.`);
	refuseWhileServerRuns(target);

	mkdirSync(dirname(target), { recursive: true });
	const staged = join(dirname(target), `.${basename(target)}.restoring`);
	removeWithSideFiles(staged);
	try {
		// The copy is verified, not the original, so what is checked is exactly what is installed.
		copyFileSync(backup, staged);
		await leaveWalMode(staged);
		const summary = await verifyBackup(staged, {
			shownAs: options.file,
			migrationsFolder: options.migrationsFolder
		});
		removeSideFiles(staged);
		syncPath(staged);

		const previous = existsSync(target)
			? await keepPreviousDatabase(target, directory, options.now ?? new Date())
			: null;
		removeSideFiles(target);
		renameSync(staged, target);
		syncDirectory(dirname(target));
		return { database: target, previous, summary };
	} finally {
		removeWithSideFiles(staged);
	}
}

/**
 * Makes the staged copy a self-contained file in rollback-journal mode, so no `-wal`/`-shm` files
 * belong to it when it is renamed. (The libSQL driver closes a connection only when it is
 * garbage-collected, so one still open on a WAL-mode copy could later write beside the new
 * database.) The server switches it back to WAL at start. A file that is no database is left for
 * `verifyBackup` to name.
 */
async function leaveWalMode(path: string) {
	let client: Client | undefined;
	try {
		client = createClient({ url: fileUrl(path), timeout: BUSY_TIMEOUT_MS });
		await client.execute('PRAGMA journal_mode = DELETE');
	} catch {
		// verifyBackup reports it.
	} finally {
		client?.close();
	}
}

function refuseWhileServerRuns(target: string) {
	const pid = runningServerPid(target);
	// A pid file left by a server that was killed (kill -9, power cut) says nothing any more.
	if (pid === null) return rmSync(serverPidFile(target), { force: true });
	throw new BackupError(
		`Spire is running on ${displayPath(target)} (process ${pid}). Stop the server, then restore. ` +
			`If that process is not Spire, delete ${displayPath(serverPidFile(target))} and try again.`
	);
}

/**
 * Folds the WAL into the current database and copies it to `pre-restore-<time>.db`. Leaving WAL
 * mode needs SQLite's exclusive lock, so this also proves that no process has the file open.
 */
async function keepPreviousDatabase(target: string, directory: string, now: Date) {
	let folded = false;
	let client: Client | undefined;
	try {
		client = createClient({ url: fileUrl(target), timeout: 2_000 });
		const mode = await client.execute('PRAGMA journal_mode = DELETE');
		folded = String(mode.rows[0][0]).toLowerCase() === 'delete';
		if (!folded) throw new BackupError(inUse(target));
	} catch (error) {
		if (error instanceof LibsqlError && /BUSY|LOCKED/.test(error.code)) {
			throw new BackupError(inUse(target));
		}
		// A damaged database cannot be folded; its files are kept exactly as they are instead.
		if (!(error instanceof LibsqlError)) throw error;
	} finally {
		client?.close();
	}
	mkdirSync(directory, { recursive: true });
	let previous = join(directory, `pre-restore-${timestamp(now)}.db`);
	for (let n = 2; existsSync(previous); n++) {
		previous = join(directory, `pre-restore-${timestamp(now)}-${n}.db`);
	}
	copyFileSync(target, previous);
	syncPath(previous);
	if (!folded && existsSync(`${target}-wal`)) copyFileSync(`${target}-wal`, `${previous}-wal`);
	syncDirectory(directory);
	return previous;
}

function inUse(target: string) {
	return (
		`Another process has ${displayPath(target)} open (a Spire server, \`npm run dev\` or a ` +
		'database tool). Stop it, then restore.'
	);
}

function removeSideFiles(path: string) {
	for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
}

function removeWithSideFiles(path: string) {
	rmSync(path, { force: true });
	removeSideFiles(path);
}
