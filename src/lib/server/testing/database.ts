import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { migrateDatabase, openDatabase, useDatabase } from '$lib/server/db';
import { discardPendingVisits } from '$lib/server/progress';
import { forgetCachedSecrets } from '$lib/server/secrets';

/**
 * Gives each test of the calling file a fresh, migrated database file of its own.
 * A file rather than `:memory:`, because write transactions run on a connection of their own
 * and every in-memory connection is a database of its own.
 */
export function useTestDatabase() {
	let folder: string;
	let close: () => void;
	beforeEach(async () => {
		folder = mkdtempSync(join(tmpdir(), 'spire-test-'));
		const handle = await openDatabase(`file:${join(folder, 'test.db')}`);
		await migrateDatabase(handle.db);
		useDatabase(handle);
		forgetCachedSecrets();
		discardPendingVisits();
		close = handle.close;
	});
	afterEach(() => {
		close();
		rmSync(folder, { recursive: true, force: true });
	});
}
