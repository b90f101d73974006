import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client, type Transaction as LibsqlTransaction } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';

export type Database = LibSQLDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers accept both. */
export type Queryable = Database | Transaction;

type Handle = {
	client: Client;
	db: Database;
	local: boolean;
	/** Where write transactions run: its own connection for a local file, else `db`. */
	writeDb: Database;
	close: () => void;
};

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
export async function openDatabase(
	url: string,
	authToken?: string,
	{ busyTimeoutMs = BUSY_TIMEOUT_MS }: { busyTimeoutMs?: number } = {}
): Promise<Handle> {
	const local = url.startsWith('file:');
	try {
		if (local) {
			const path = url.slice('file:'.length).split('?')[0];
			if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
		}
		// `timeout` becomes SQLite's busy timeout on the connection.
		const client = createClient({ url, authToken, timeout: busyTimeoutMs });
		if (!local) {
			const db = drizzle(client, { schema });
			return { client, db, local, writeDb: db, close: () => client.close() };
		}
		await client.execute('PRAGMA journal_mode = WAL');
		await applyConnectionPragmas(client);
		const openWriteConnection = async () => {
			const writeClient = createClient({ url, timeout: busyTimeoutMs });
			await applyConnectionPragmas(writeClient);
			return writeClient;
		};
		const writes = transactionsOnItsOwnConnection(await openWriteConnection(), openWriteConnection);
		return {
			client,
			db: drizzle(client, { schema }),
			local,
			writeDb: drizzle({ client: writes.client, schema }),
			close: () => {
				client.close();
				writes.close();
			}
		};
	} catch (error) {
		throw new DatabaseUnavailableError(url, error);
	}
}

/** Per-connection settings of a local file. */
async function applyConnectionPragmas(client: Client) {
	await client.execute('PRAGMA synchronous = NORMAL');
	await client.execute('PRAGMA foreign_keys = ON');
}

/**
 * Works around a leak in @libsql/client's local driver (0.17, with libsql 0.5): its
 * `transaction()` hands the client's connection to the transaction and opens a new one for the
 * next statement, and nothing ever closes the old one. Even closing it would not free it, since
 * every statement prepared on it keeps it open (libsql-client-ts#350, libsql-js#230). The old
 * connection, with its SQLite page cache and parsed schema (about 200 KB), is freed only when V8
 * collects the small JavaScript objects that point to it; V8 cannot see the native memory
 * behind them, so under load it had thousands waiting and RSS grew by hundreds of MB.
 *
 * So write transactions run on one connection of their own, kept for the life of the process:
 * BEGIN IMMEDIATE, the work, COMMIT or ROLLBACK, with nothing handed over. Only one transaction
 * is open on it at a time, because writeTransaction queues them. Reads stay on the other
 * connection and never see a transaction's uncommitted rows. Drizzle still builds its own
 * transaction object on top, so savepoints and `tx.rollback()` work as before.
 */
function transactionsOnItsOwnConnection(
	first: Client,
	reopen: () => Promise<Client>
): { client: Client; close: () => void } {
	let connection = first;
	const transaction = async (): Promise<LibsqlTransaction> => {
		const client = connection;
		try {
			await client.execute('BEGIN IMMEDIATE');
		} catch (error) {
			// A BEGIN refused with SQLITE_BUSY (another process held the lock for the whole busy
			// timeout) stays "in progress" on its connection, because the driver never resets a
			// failed statement; every later COMMIT there would fail with "SQL statements in
			// progress". So the next transaction gets a fresh connection. This is rare: it takes
			// another process writing for the whole busy timeout.
			if (isBusy(error)) {
				connection = await reopen();
				client.close();
			}
			throw error;
		}
		let open = true;
		const whileOpen = () => {
			if (!open) throw new Error('The write transaction has already ended.');
		};
		const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
			whileOpen();
			try {
				await client.execute(statement);
				open = false;
			} catch (error) {
				// SQLite ends a transaction by itself after some errors (a full disk, for one); then
				// there is nothing left to roll back, and the error that got us here is the one to report.
				if (statement === 'ROLLBACK' && /no transaction is active/.test(String(error))) {
					open = false;
					return;
				}
				throw error;
			}
		};
		return {
			execute: (statement) => {
				whileOpen();
				return client.execute(statement);
			},
			batch: async (statements) => {
				const results = [];
				for (const statement of statements) {
					whileOpen();
					results.push(await client.execute(statement));
				}
				return results;
			},
			// Unused by drizzle, and the client's own would roll back the open transaction.
			executeMultiple: () => Promise.reject(new Error('executeMultiple is not supported here.')),
			commit: () => end('COMMIT'),
			rollback: () => end('ROLLBACK'),
			close: () => {
				if (open) end('ROLLBACK').catch(() => undefined);
			},
			get closed() {
				return !open;
			}
		};
	};
	// Everything but transaction() goes to the current connection (bound: it keeps private fields).
	const client = new Proxy(first, {
		get(_, property) {
			if (property === 'transaction') return transaction;
			const value = Reflect.get(connection, property, connection);
			return typeof value === 'function' ? value.bind(connection) : value;
		}
	});
	return { client, close: () => connection.close() };
}

function isBusy(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
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
	const run = () => handle.writeDb.transaction(work);
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
