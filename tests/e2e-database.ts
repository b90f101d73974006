import { createClient, type InStatement } from '@libsql/client';
import { E2E_DATABASE } from '../playwright.config';

/**
 * Runs one statement straight in the test server's database. The server and other workers
 * write to the same file, so the statement waits for their write lock (as the server's own
 * connections do) instead of failing at once with SQLITE_BUSY.
 */
export async function executeInE2eDatabase(statement: InStatement) {
	const client = createClient({ url: `file:${E2E_DATABASE}` });
	try {
		await client.execute('PRAGMA busy_timeout = 10000');
		return await client.execute(statement);
	} finally {
		client.close();
	}
}
