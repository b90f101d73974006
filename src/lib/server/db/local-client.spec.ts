import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { createLocalClient, type LocalClient } from './local-client';

let folder: string;
let path: string;
let client: LocalClient;

beforeEach(async () => {
	folder = mkdtempSync(join(tmpdir(), 'spire-local-client-'));
	path = join(folder, 'test.db');
	client = createLocalClient(path, { busyTimeoutMs: 200 });
	client.configure(['PRAGMA journal_mode = WAL']);
	await client.migrate([{ sql: 'create table notes (id integer primary key, text text unique)' }]);
});

afterEach(() => {
	client.close();
	rmSync(folder, { recursive: true, force: true });
});

const insert = (text: string) => ({ sql: 'insert into notes (text) values (?)', args: [text] });
const byId = (id: number) => ({ sql: 'select id, text from notes where id = ?', args: [id] });

describe('the local client', () => {
	it('gives each reuse of a prepared statement its own arguments and rows', async () => {
		await client.batch([insert('first'), insert('second')], 'write');
		expect((await client.execute(byId(1))).rows).toEqual([[1, 'first']]);
		expect((await client.execute(byId(2))).rows).toEqual([[2, 'second']]);
		expect((await client.execute(byId(3))).rows).toEqual([]);
		expect((await client.execute(byId(1))).columns).toEqual(['id', 'text']);
	});

	it('reports what a write changed', async () => {
		const result = await client.batch([insert('first')], 'write');
		expect(result[0]).toMatchObject({ rowsAffected: 1, lastInsertRowid: 1n });
	});

	it('writes a batch completely or not at all', async () => {
		await expect(
			client.batch([insert('same'), insert('other'), insert('same')], 'write')
		).rejects.toThrow(/UNIQUE/);
		expect((await client.execute('select count(*) from notes')).rows).toEqual([[0]]);
	});

	it('keeps a transaction usable after a statement in it fails, and commits the rest', async () => {
		const tx = await client.transaction('write');
		await tx.execute(insert('kept'));
		await expect(tx.execute(insert('kept'))).rejects.toThrow(/UNIQUE/);
		await tx.execute(insert('also kept'));
		await tx.commit();
		const rows = (await client.execute('select text from notes order by id')).rows;
		expect(rows).toEqual([['kept'], ['also kept']]);
	});

	it('shows reads only what is committed', async () => {
		const tx = await client.transaction('write');
		await tx.execute(insert('pending'));
		expect((await client.execute('select count(*) from notes')).rows).toEqual([[0]]);
		await tx.rollback();
		expect((await client.execute('select count(*) from notes')).rows).toEqual([[0]]);
	});

	it('reads a batch of SELECTs from one snapshot without waiting for a writer', async () => {
		await client.batch([insert('before')], 'write');
		const otherProcess = createClient({ url: `file:${path}` });
		try {
			// Another process holds the write lock: a batch that only reads must not wait for it.
			const held = await otherProcess.transaction('write');
			await held.execute(insert('uncommitted'));
			const started = performance.now();
			const [count, first] = await client.batch(['select count(*) from notes', byId(1)]);
			expect(performance.now() - started).toBeLessThan(100);
			expect(count.rows).toEqual([[1]]);
			expect(first.rows).toEqual([[1, 'before']]);
			await held.commit();
		} finally {
			otherProcess.close();
		}
		expect((await client.batch(['select count(*) from notes']))[0].rows).toEqual([[2]]);
	});

	it('lets SQL written by hand read rows by column name', async () => {
		await client.batch([insert('named')], 'write');
		const [row] = (await client.withColumnNames().execute(byId(1))).rows;
		expect(row.text).toBe('named');
		expect(row[0]).toBe(1);
	});

	it('gives up with SQLITE_BUSY once the busy budget is spent, then writes again', async () => {
		const otherProcess = createClient({ url: `file:${path}` });
		try {
			const held = await otherProcess.transaction('write');
			const started = performance.now();
			await expect(client.batch([insert('late')], 'write')).rejects.toMatchObject({
				code: expect.stringMatching(/^SQLITE_BUSY/)
			});
			expect(performance.now() - started).toBeGreaterThanOrEqual(150);
			await held.commit();
			await client.batch([insert('on time')], 'write');
			expect((await client.execute('select text from notes')).rows).toEqual([['on time']]);
		} finally {
			otherProcess.close();
		}
	});
});
