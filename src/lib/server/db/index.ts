import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createLocalClient } from './local-client';
import * as schema from './schema';

export type Database = LibSQLDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers accept both. */
export type Queryable = Database | Transaction;

type Handle = {
	/** For SQL written by hand; drizzle (`db`) is the way for everything else. */
	client: Client;
	db: Database;
	local: boolean;
	close: () => void;
};

/**
 * How long a write waits for another process's write lock before failing with SQLITE_BUSY. On a
 * local file the wait is asynchronous (see local-client.ts): the server keeps answering meanwhile.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/** Per-connection settings of a local file. NORMAL: in WAL mode a crash of the process loses
 * nothing committed; only a power cut may lose the last transactions before a checkpoint.
 * A page cache of up to 32 MiB per connection instead of SQLite's 2 MiB, filled only as pages
 * are read: on a database of 100,000 learners (`npm run seed:large`) it took the page of a group
 * of 500 from 43 to 37 ms of CPU; 64 MiB did no better. */
const LOCAL_PRAGMAS = [
	'PRAGMA synchronous = NORMAL',
	'PRAGMA foreign_keys = ON',
	'PRAGMA cache_size = -32768'
];

let current: Handle | undefined;

export class DatabaseUnavailableError extends Error {
	constructor(url: string, cause: unknown) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		super(`Cannot open the database at ${redact(url)}: ${reason}`);
		this.name = 'DatabaseUnavailableError';
	}
}

function redact(url: string) {
	return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Opens a libSQL database: a local file (WAL, busy timeout) or a remote libSQL/Turso server
 * (`libsql://…` with an auth token). Creates the folder of a local file if needed.
 */
export async function openDatabase(
	url: string,
	authToken?: string,
	{ busyTimeoutMs = BUSY_TIMEOUT_MS }: { busyTimeoutMs?: number } = {}
): Promise<Handle> {
	const local = url.startsWith('file:');
	try {
		if (!local) {
			// `timeout` becomes SQLite's busy timeout on the connection.
			const client = createClient({ url, authToken, timeout: busyTimeoutMs });
			const db = drizzle({ client, schema });
			return { client, db, local, close: () => client.close() };
		}
		const path = url.slice('file:'.length).split('?')[0];
		if (!path || path === ':memory:') {
			throw new Error('a local database must be a file: reads and writes use a connection each');
		}
		mkdirSync(dirname(resolve(path)), { recursive: true });
		const client = createLocalClient(path, { busyTimeoutMs });
		try {
			client.configure(['PRAGMA journal_mode = WAL', ...LOCAL_PRAGMAS]);
		} catch (error) {
			client.close();
			throw error;
		}
		return {
			client: client.withColumnNames(),
			db: drizzle({ client, schema }),
			local,
			close: () => client.close()
		};
	} catch (error) {
		throw new DatabaseUnavailableError(url, error);
	}
}

export async function migrateDatabase(db: Database) {
	await migrate(db, { migrationsFolder: resolve('drizzle') });
}

/** Makes `handle` the database every domain module uses (server start and tests). */
export function useDatabase(handle: Handle) {
	current = handle;
}

export function getDb(): Database {
	if (!current) throw new Error('The database is not open yet: call useDatabase() at start.');
	return current.db;
}

export function getClient(): Client {
	if (!current) throw new Error('The database is not open yet: call useDatabase() at start.');
	return current.client;
}

/**
 * A query that drizzle builds once per database and then reuses (`.prepare()`, with
 * `sql.placeholder` for its values), for the queries of every page view. Returns the prepared
 * query of the database in use, building it on first call.
 */
export function preparedQuery<T>(build: (db: Database) => T): () => T {
	const built = new WeakMap<Database, T>();
	return () => {
		const db = getDb();
		let query = built.get(db);
		if (!query) built.set(db, (query = build(db)));
		return query;
	};
}

/** The tail of the queue of writes in this process. */
let writeQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` in a write transaction (BEGIN IMMEDIATE), so a read-then-write cannot interleave
 * with another writer. **Every write goes through here.**
 *
 * Why a queue as well: a local file has one write connection per process, and a connection holds
 * one transaction at a time. Writes of one process therefore queue here; writers in other
 * processes wait for the lock asynchronously, for at most BUSY_TIMEOUT_MS (local-client.ts).
 */
export function writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
	const handle = current;
	if (!handle)
		return Promise.reject(new Error('The database is not open yet: call useDatabase() at start.'));
	const run = () => handle.db.transaction(work);
	const result = writeQueue.then(run, run);
	writeQueue = result.catch(() => undefined);
	return result;
}

export async function isDatabaseHealthy(): Promise<boolean> {
	try {
		await getClient().execute('SELECT 1');
		return true;
	} catch {
		return false;
	}
}
