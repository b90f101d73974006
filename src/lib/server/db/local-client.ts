/**
 * The client drizzle uses for a local database file: two `libsql` connections behind the small
 * part of @libsql/client's `Client` interface that drizzle calls (execute, batch, transaction,
 * migrate). A remote libSQL/Turso URL keeps @libsql/client itself; see openDatabase.
 *
 * Why not @libsql/client for the local file as well: measured under load it spent a quarter of
 * the server's time in the binding. It prepares every statement afresh, turns every row into an
 * object with a property definition per column, and makes a new connection after every
 * `transaction()`. Here:
 * - **Prepared statements are reused.** Each connection keeps its statements by SQL text
 *   (drizzle sends the same text for the same query), so a hot query is prepared once.
 * - **Rows stay arrays**, which is what drizzle's query builder reads. A raw `db.all(sql…)`
 *   without fields would get index keys instead of column names: use the query builder.
 * - **Reads and writes have a connection each.** `execute` and read batches use the read
 *   connection; `transaction()`, write batches and migrations use the write connection. In WAL
 *   mode readers never wait for a writer, and they see only committed rows.
 * - **Waiting for another process's write lock never blocks the event loop.** The write
 *   connection has no busy timeout: a BEGIN IMMEDIATE that finds the lock taken fails at once,
 *   and is retried after a growing pause (1 ms, doubling, at most 20 ms) until the busy budget
 *   is spent. Meanwhile this process keeps serving pages. Once BEGIN IMMEDIATE has the lock,
 *   nothing in the transaction waits for another writer. BEGIN, COMMIT and ROLLBACK go through
 *   `exec`, which leaves no statement behind when it fails.
 */
import Database from 'libsql';
import type {
	Client,
	InArgs,
	InStatement,
	InValue,
	ResultSet,
	Row,
	Transaction,
	TransactionMode
} from '@libsql/client';

type Connection = InstanceType<typeof Database>;
type Statement = ReturnType<Connection['prepare']>;

/** Statements kept per connection. drizzle's `inArray` makes one text per list length. */
const MAX_CACHED_STATEMENTS = 500;
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 20;

export type LocalClientOptions = {
	/** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
	busyTimeoutMs: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One libsql connection and its prepared statements. */
class PreparedConnection {
	readonly connection: Connection;
	readonly #statements = new Map<string, { statement: Statement; reader: boolean }>();

	constructor(path: string, busyTimeoutMs: number) {
		this.connection = new Database(path, { timeout: busyTimeoutMs });
	}

	exec(sql: string) {
		this.connection.exec(sql);
	}

	execute(statement: InStatement): ResultSet {
		const sql = typeof statement === 'string' ? statement : statement.sql;
		const args = typeof statement === 'string' ? [] : toSqlArgs(statement.args);
		const prepared = this.#prepare(sql);
		try {
			if (prepared.reader) {
				const rows = prepared.statement.all(args) as unknown as Row[];
				return resultSet(rows, 0, undefined, prepared.statement);
			}
			const info = prepared.statement.run(args);
			return resultSet([], info.changes, BigInt(info.lastInsertRowid), undefined);
		} catch (error) {
			// A statement that failed may be left mid-step; never hand it out again.
			this.#statements.delete(sql);
			throw error;
		}
	}

	#prepare(sql: string) {
		const cached = this.#statements.get(sql);
		if (cached) return cached;
		const statement = this.connection.prepare(sql);
		const reader = statement.reader;
		if (reader) statement.raw(true);
		if (this.#statements.size >= MAX_CACHED_STATEMENTS) {
			// The oldest entry goes: Map keeps insertion order.
			this.#statements.delete(this.#statements.keys().next().value!);
		}
		const entry = { statement, reader };
		this.#statements.set(sql, entry);
		return entry;
	}

	close() {
		this.#statements.clear();
		this.connection.close();
	}
}

function toSqlArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
	if (!args) return [];
	if (Array.isArray(args)) return args.map(toSqlValue);
	const named: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(args)) {
		named[/^[@$:]/.test(name) ? name.slice(1) : name] = toSqlValue(value);
	}
	return named;
}

/** As @libsql/client converts arguments: booleans to 0/1, dates to milliseconds. */
function toSqlValue(value: InValue): unknown {
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (value instanceof Date) return value.valueOf();
	if (value instanceof ArrayBuffer) return Buffer.from(value);
	if (value === undefined) throw new TypeError('undefined cannot be passed to the database');
	if (typeof value === 'number' && !Number.isFinite(value)) {
		throw new RangeError('Only finite numbers can be passed to the database');
	}
	return value;
}

function resultSet(
	rows: Row[],
	rowsAffected: number,
	lastInsertRowid: bigint | undefined,
	statement: Statement | undefined
): ResultSet {
	let columns: string[] | undefined;
	const names = () => (columns ??= statement?.columns().map((column) => column.name) ?? []);
	return {
		rows,
		rowsAffected,
		lastInsertRowid,
		get columns() {
			return names();
		},
		get columnTypes() {
			return statement?.columns().map((column) => column.type ?? '') ?? [];
		},
		toJSON: () => ({
			columns: names(),
			rows,
			rowsAffected,
			lastInsertRowid: lastInsertRowid?.toString()
		})
	};
}

/** Rows that can be read by index and by column name, like @libsql/client's. */
function withNames(result: ResultSet): ResultSet {
	const { columns } = result;
	const rows = result.rows.map((values) => {
		const row = [...(values as unknown as unknown[])] as unknown as Row;
		columns.forEach((name, index) => {
			if (!(name in row)) Object.defineProperty(row, name, { value: row[index], enumerable: true });
		});
		return row;
	});
	return { ...result, rows, columns, columnTypes: result.columnTypes, toJSON: result.toJSON };
}

function isSelect(statement: InStatement): boolean {
	return /^\s*select\b/i.test(typeof statement === 'string' ? statement : statement.sql);
}

function isBusy(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export type LocalClient = Client & {
	/** The pragmas every connection needs, run on both. */
	configure(pragmas: string[]): void;
	/**
	 * The same client for SQL written by hand: its rows can also be read by column name
	 * (`row.name`), as with @libsql/client. drizzle does not need that, so it is not paid for there.
	 */
	withColumnNames(): Client;
};

/**
 * Opens the read and the write connection on `path` (a file path, not a URL). Only one write
 * transaction may be open at a time: writeTransaction in db/index.ts queues them.
 */
export function createLocalClient(
	path: string,
	{ busyTimeoutMs }: LocalClientOptions
): LocalClient {
	const reads = new PreparedConnection(path, busyTimeoutMs);
	const writes = new PreparedConnection(path, 0);
	let closed = false;
	let transactionOpen = false;

	/** BEGIN IMMEDIATE on the write connection, retried asynchronously while another holds the lock. */
	async function begin() {
		if (transactionOpen) throw new Error('A write transaction is already open on this connection.');
		const giveUpAt = performance.now() + busyTimeoutMs;
		for (let pause = FIRST_RETRY_MS; ; pause = Math.min(pause * 2, LONGEST_RETRY_MS)) {
			try {
				writes.exec('BEGIN IMMEDIATE');
				transactionOpen = true;
				return;
			} catch (error) {
				if (!isBusy(error) || performance.now() + pause > giveUpAt) throw error;
			}
			await sleep(pause);
		}
	}

	function end(statement: 'COMMIT' | 'ROLLBACK') {
		try {
			writes.exec(statement);
		} catch (error) {
			// SQLite ends a transaction by itself after some errors (a full disk, for one); then
			// there is nothing left to roll back, and the error that got us here is the one to report.
			if (!(statement === 'ROLLBACK' && /no transaction is active/.test(String(error)))) {
				throw error;
			}
		} finally {
			transactionOpen = writes.connection.inTransaction;
		}
	}

	/** Every transaction takes the write lock at once, whatever `mode` asks for. */
	async function transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
		if (mode === 'read') throw new Error('Read transactions are not supported here.');
		await begin();
		let open = true;
		const whileOpen = () => {
			if (!open) throw new Error('The write transaction has already ended.');
		};
		const finish = async (statement: 'COMMIT' | 'ROLLBACK') => {
			whileOpen();
			end(statement);
			open = false;
		};
		return {
			execute: async (statement) => {
				whileOpen();
				return writes.execute(statement);
			},
			batch: async (statements) => {
				whileOpen();
				return statements.map((statement) => writes.execute(statement));
			},
			executeMultiple: async (sql) => {
				whileOpen();
				writes.exec(sql);
			},
			commit: () => finish('COMMIT'),
			rollback: () => finish('ROLLBACK'),
			close: () => {
				if (open) finish('ROLLBACK').catch(() => undefined);
			},
			get closed() {
				return !open;
			}
		};
	}

	/**
	 * Runs reads on the read connection in one read transaction, so they all see the same
	 * committed state even if another process commits in between. The statements run
	 * synchronously, so nothing else in this process uses the read connection meanwhile.
	 */
	function readSnapshot(statements: InStatement[]): ResultSet[] {
		reads.exec('BEGIN');
		try {
			return statements.map((statement) => reads.execute(statement));
		} finally {
			reads.exec('COMMIT');
		}
	}

	/** Runs `statements` in one write transaction: all of them, or none. */
	async function inWriteTransaction(statements: InStatement[]) {
		await begin();
		try {
			const results = statements.map((statement) => writes.execute(statement));
			end('COMMIT');
			return results;
		} catch (error) {
			end('ROLLBACK');
			throw error;
		}
	}

	const client: LocalClient = {
		withColumnNames() {
			const execute = async (statement: InStatement | string, args?: InArgs) =>
				withNames(
					await client.execute(
						typeof statement === 'string' && args ? { sql: statement, args } : statement
					)
				);
			return new Proxy(client, {
				get: (target, property) =>
					property === 'execute' ? execute : Reflect.get(target, property, target)
			});
		},
		configure(pragmas) {
			for (const pragma of pragmas) {
				reads.exec(pragma);
				writes.exec(pragma);
			}
		},
		execute: async (statement: InStatement | string, args?: InArgs) =>
			reads.execute(typeof statement === 'string' && args ? { sql: statement, args } : statement),
		batch: async (statements, mode = 'deferred') => {
			const list = statements.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] } : s));
			// drizzle's db.batch asks for 'deferred' even when it only reads (a data export does):
			// a batch of SELECTs needs no write lock, only one snapshot.
			if (mode === 'read' || list.every(isSelect)) return readSnapshot(list);
			return inWriteTransaction(list);
		},
		// As @libsql/client does it: foreign keys off while the schema changes.
		migrate: async (statements) => {
			writes.exec('PRAGMA foreign_keys = OFF');
			try {
				return await inWriteTransaction(statements);
			} finally {
				writes.exec('PRAGMA foreign_keys = ON');
			}
		},
		transaction,
		executeMultiple: async (sql) => writes.exec(sql),
		sync: async () => undefined,
		reconnect: async () => undefined,
		close: () => {
			if (closed) return;
			closed = true;
			reads.close();
			writes.close();
		},
		get closed() {
			return closed;
		},
		protocol: 'file'
	} as LocalClient;
	return client;
}
