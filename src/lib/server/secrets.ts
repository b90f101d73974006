/**
 * Secrets the server makes for itself: random keys created on first use and stored in the
 * database, so every process (and every restart) signs and checks with the same key.
 * To rotate a key, delete its row: the next process to need it makes a new one (which
 * invalidates everything signed with the old key, e.g. every device cookie).
 */
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { getDb, writeTransaction } from '$lib/server/db';
import { serverSecrets } from '$lib/server/db/schema';

export type SecretName = 'device-cookie-key' | 'two-factor-step-key';

const KEY_BYTES = 32;
const cache = new Map<SecretName, Promise<Uint8Array>>();

async function loadOrCreate(name: SecretName): Promise<Uint8Array> {
	const [existing] = await getDb()
		.select({ value: serverSecrets.value })
		.from(serverSecrets)
		.where(eq(serverSecrets.name, name));
	if (existing) return decodeBase64(existing.value);
	const fresh = new Uint8Array(KEY_BYTES);
	crypto.getRandomValues(fresh);
	// Two processes may start at once: the first insert wins and both read what was stored.
	await writeTransaction((tx) =>
		tx
			.insert(serverSecrets)
			.values({ name, value: encodeBase64(fresh), createdAt: new Date() })
			.onConflictDoNothing()
	);
	const [stored] = await getDb()
		.select({ value: serverSecrets.value })
		.from(serverSecrets)
		.where(eq(serverSecrets.name, name));
	return decodeBase64(stored.value);
}

/** The named secret, created on first use; read from the database once per process. */
export function serverSecret(name: SecretName): Promise<Uint8Array> {
	let secret = cache.get(name);
	if (!secret) {
		secret = loadOrCreate(name);
		cache.set(name, secret);
		secret.catch(() => cache.delete(name));
	}
	return secret;
}

/** Forgets cached secrets (tests open a new database for every test). */
export function forgetCachedSecrets() {
	cache.clear();
}
