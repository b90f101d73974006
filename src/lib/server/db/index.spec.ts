import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { eq, sql } from 'drizzle-orm';
import {
	DatabaseUnavailableError,
	getClient,
	getDb,
	isDatabaseHealthy,
	migrateDatabase,
	openDatabase,
	useDatabase,
	writeTransaction
} from '$lib/server/db';
import { loginThrottles, sessions, users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { T0, insertUser } from '$lib/server/__fixtures__/learning';

function sessionRow(userId: string, id: string = crypto.randomUUID()) {
	return { id, userId, createdAt: T0, expiresAt: T0, absoluteExpiresAt: T0 };
}

function throttleRow(key: string) {
	return { key, failures: 1, updatedAt: T0 };
}

async function throttleKeys() {
	const rows = await getDb().select({ key: loginThrottles.key }).from(loginThrottles);
	return rows.map((r) => r.key).sort();
}

describe('openDatabase', () => {
	it('names the database without its credentials when it cannot be opened', async () => {
		const opening = openDatabase('nope://admin:s3cret@db.example.org/spire');
		await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailableError);
		await expect(opening).rejects.toThrow(
			/^Cannot open the database at nope:\/\/\*\*\*@db\.example\.org/
		);
		await expect(opening).rejects.not.toThrow(/s3cret/);
	});
});

describe('the test database', () => {
	useTestDatabase();

	it('is migrated, healthy and in WAL mode', async () => {
		const tables = await getClient().execute(
			"select name from sqlite_master where type = 'table' and name not like '\\_%' escape '\\' and name not like 'sqlite%'"
		);
		expect(tables.rows.map((r) => r.name).sort()).toEqual([
			'account_links',
			'assignment_due_dates',
			'assignments',
			'badge_signing_keys',
			'certificate_events',
			'certificate_names',
			'certificates',
			'course_completions',
			'group_invitations',
			'group_invite_links',
			'group_members',
			'groups',
			'learning_events',
			'lesson_progress',
			'login_throttles',
			'memberships',
			'notifications',
			'organisations',
			'quiz_answers',
			'quiz_attempts',
			'recovery_codes',
			'referral_drafts',
			'referral_reviews',
			'referral_submissions',
			'reminders_sent',
			'server_secrets',
			'sessions',
			'two_factor_credentials',
			'users',
			'withdrawn_status_indexes'
		]);
		expect(await isDatabaseHealthy()).toBe(true);
		const mode = await getClient().execute('PRAGMA journal_mode');
		expect(mode.rows[0][0]).toBe('wal');
	});

	it('enforces foreign keys and deletes the sessions of a deleted user', async () => {
		const userId = await insertUser();
		await getDb().insert(sessions).values(sessionRow(userId, 'kept-until-user-goes'));
		await expect(getDb().insert(sessions).values(sessionRow('no-such-user'))).rejects.toThrow();
		await getDb().delete(users).where(eq(users.id, userId));
		expect(await getDb().select().from(sessions)).toEqual([]);
	});

	it('still enforces foreign keys after a write transaction', async () => {
		await writeTransaction(async (tx) => {
			await tx.insert(loginThrottles).values(throttleRow('email:a@example.org'));
		});
		await expect(getDb().insert(sessions).values(sessionRow('no-such-user'))).rejects.toThrow();
	});
});

describe('writeTransaction', () => {
	useTestDatabase();

	it('commits the work and returns its result', async () => {
		const result = await writeTransaction(async (tx) => {
			await tx.insert(loginThrottles).values(throttleRow('ip:1'));
			return 'done';
		});
		expect(result).toBe('done');
		expect(await throttleKeys()).toEqual(['ip:1']);
	});

	it('rolls everything back when the work throws', async () => {
		const failing = writeTransaction(async (tx) => {
			await tx.insert(loginThrottles).values(throttleRow('ip:1'));
			throw new Error('boom');
		});
		await expect(failing).rejects.toThrow('boom');
		expect(await throttleKeys()).toEqual([]);
	});

	it('keeps one connection for every write transaction instead of opening a new one each time', async () => {
		// A temporary table exists only on the connection that made it.
		await writeTransaction((tx) => tx.run(sql`create temp table connection_marker (x)`));
		for (let i = 0; i < 3; i++) {
			await writeTransaction((tx) => tx.run(sql`insert into connection_marker values (${i})`));
		}
		const rows = await writeTransaction((tx) => tx.all(sql`select x from connection_marker`));
		expect(rows).toHaveLength(3);
	});

	it('hides uncommitted rows from reads outside the transaction', async () => {
		await writeTransaction(async (tx) => {
			await tx.insert(loginThrottles).values(throttleRow('ip:1'));
			expect(await throttleKeys()).toEqual([]);
		});
		expect(await throttleKeys()).toEqual(['ip:1']);
	});

	it('is ready for the next transaction after one fails', async () => {
		await writeTransaction((tx) => tx.insert(loginThrottles).values(throttleRow('ip:1')));
		const duplicate = writeTransaction((tx) =>
			tx.insert(loginThrottles).values(throttleRow('ip:1'))
		);
		await expect(duplicate).rejects.toThrow();
		await writeTransaction((tx) => tx.insert(loginThrottles).values(throttleRow('ip:2')));
		expect(await throttleKeys()).toEqual(['ip:1', 'ip:2']);
	});

	it('rolls back a nested transaction without the outer one', async () => {
		await writeTransaction(async (tx) => {
			await tx.insert(loginThrottles).values(throttleRow('ip:1'));
			await expect(
				tx.transaction(async (nested) => {
					await nested.insert(loginThrottles).values(throttleRow('ip:2'));
					throw new Error('undo the inner one');
				})
			).rejects.toThrow('undo the inner one');
		});
		expect(await throttleKeys()).toEqual(['ip:1']);
	});

	it('lets two simultaneous write transactions both finish, one after the other', async () => {
		const results = await Promise.all(
			['ip:1', 'ip:2'].map((key) =>
				writeTransaction(async (tx) => {
					await tx.insert(loginThrottles).values(throttleRow(key));
					return key;
				})
			)
		);
		expect(results).toEqual(['ip:1', 'ip:2']);
		expect(await throttleKeys()).toEqual(['ip:1', 'ip:2']);
	});
});

describe('another process holding the write lock', () => {
	/**
	 * A database of its own, in use, and a connection standing for another process that holds
	 * the write lock (BEGIN IMMEDIATE over there) while `test` runs.
	 */
	async function whileAnotherProcessWrites(
		busyTimeoutMs: number,
		test: (held: { commit: () => Promise<void> }) => Promise<void>
	) {
		const folder = mkdtempSync(join(tmpdir(), 'spire-lock-'));
		const url = `file:${join(folder, 'lock.db')}`;
		const handle = await openDatabase(url, undefined, { busyTimeoutMs });
		await migrateDatabase(handle.db);
		useDatabase(handle);
		const otherProcess = createClient({ url });
		try {
			await test(await otherProcess.transaction('write'));
		} finally {
			otherProcess.close();
			handle.close();
			rmSync(folder, { recursive: true, force: true });
		}
	}

	it('waits for the lock without blocking the event loop, and writes once it is free', () =>
		whileAnotherProcessWrites(5_000, async (held) => {
			const write = writeTransaction((tx) => tx.insert(loginThrottles).values(throttleRow('ip:1')));
			let ticks = 0;
			const ticker = setInterval(() => ticks++, 5);
			await new Promise((resolve) => setTimeout(resolve, 200));
			clearInterval(ticker);
			// A synchronous wait on the lock would have let no timer run at all.
			expect(ticks).toBeGreaterThan(10);
			expect(await isDatabaseHealthy()).toBe(true);
			await held.commit();
			await write;
			expect(await throttleKeys()).toEqual(['ip:1']);
		}));

	it('makes a write fail with SQLITE_BUSY after the busy timeout, and the next write works', () =>
		whileAnotherProcessWrites(50, async (held) => {
			await expect(
				writeTransaction((tx) => tx.insert(loginThrottles).values(throttleRow('ip:1')))
			).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
			await held.commit();
			// The refused BEGIN must not linger on the connection: later commits would fail with
			// "cannot commit transaction - SQL statements in progress".
			await writeTransaction((tx) => tx.insert(loginThrottles).values(throttleRow('ip:2')));
			await writeTransaction((tx) => tx.insert(loginThrottles).values(throttleRow('ip:3')));
			expect(await throttleKeys()).toEqual(['ip:2', 'ip:3']);
		}));
});
