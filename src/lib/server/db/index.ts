import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';

export type Database = LibSQLDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers accept both. */
export type Queryable = Database | Transaction;

type Handle = { client: Client; db: Database; local: boolean };

/** How long a connection waits for another writer before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

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
export async function openDatabase(url: string, authToken?: string): Promise<Handle> {
	const local = url.startsWith('file:');
	try {
		if (local) {
			const path = url.slice('file:'.length).split('?')[0];
			if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
		}
		// `timeout` becomes SQLite's busy timeout on every connection the client opens, including
		// the fresh one it opens after each transaction.
		const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
		if (local) await client.execute('PRAGMA journal_mode = WAL');
		const handle = { client, db: drizzle(client, { schema }), local };
		await applyConnectionPragmas(handle);
		return handle;
	} catch (error) {
		throw new DatabaseUnavailableError(url, error);
	}
}

/**
 * Per-connection settings. @libsql/client hands a transaction its connection and opens a new
 * one afterwards, so these are applied again after every write transaction.
 */
async function applyConnectionPragmas({ client, local }: Handle) {
	if (!local) return;
	await client.execute('PRAGMA synchronous = NORMAL');
	await client.execute('PRAGMA foreign_keys = ON');
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

/** The tail of the queue of writes in this process. */
let writeQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` in a write transaction (BEGIN IMMEDIATE), so a read-then-write cannot interleave
 * with another writer. **Every write goes through here.**
 *
 * Why a queue as well: the local driver waits for SQLite's lock synchronously, blocking the event
 * loop. A write issued while another transaction of this process is open would freeze the server
 * until the busy timeout and then fail. Writes of one process therefore queue here; writers in
 * other processes wait on SQLite's busy timeout.
 */
export function writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
	const handle = current;
	if (!handle)
		return Promise.reject(new Error('The database is not open yet: call useDatabase() at start.'));
	const run = async () => {
		try {
			return await handle.db.transaction(work);
		} finally {
			await applyConnectionPragmas(handle);
		}
	};
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
