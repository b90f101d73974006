/**
 * `npm run badges:rotate-key`: makes a new Open Badges signing key and retires the current one,
 * which stays published at /.well-known/jwks.json so credentials it signed still verify. Running
 * server processes sign with the old key until they restart: restart them afterwards. Uses
 * DATABASE_URL as the server does. Exit codes: 0 done, 1 failed.
 */
import { readConfig } from './config';
import { migrateDatabase, openDatabase, useDatabase } from './db';
import { publishedKeys, rotateSigningKey } from './badges';

async function main(): Promise<number> {
	const config = readConfig();
	const handle = await openDatabase(config.databaseUrl, config.databaseAuthToken);
	try {
		await migrateDatabase(handle.db);
		useDatabase(handle);
		const kid = await rotateSigningKey();
		const { keys } = await publishedKeys();
		console.log(
			`New signing key ${kid}. ${keys.length} key(s) published for checking. Restart the server so every process signs with it.`
		);
		return 0;
	} finally {
		handle.close();
	}
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	try {
		process.exitCode = await main();
	} catch (error) {
		console.error((error as Error).message);
		process.exit(1);
	}
}
