import { describe, expect, it } from 'vitest';
import { getDb } from '$lib/server/db';
import { serverSecrets } from '$lib/server/db/schema';
import { forgetCachedSecrets, serverSecret } from '$lib/server/secrets';
import { useTestDatabase } from '$lib/server/testing/database';

describe('server secrets', () => {
	useTestDatabase();

	it('are 32 random bytes, made once and stored, so every process shares them', async () => {
		const first = await serverSecret('device-cookie-key');
		expect(first).toHaveLength(32);
		forgetCachedSecrets(); // as another process, or after a restart
		expect(await serverSecret('device-cookie-key')).toEqual(first);
		expect(await getDb().select().from(serverSecrets)).toHaveLength(1);
	});

	it('agree when two processes create the key at the same moment', async () => {
		const [a, b] = await Promise.all([
			serverSecret('device-cookie-key'),
			(forgetCachedSecrets(), serverSecret('device-cookie-key'))
		]);
		expect(a).toEqual(b);
	});
});
