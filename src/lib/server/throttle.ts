/**
 * Failure counters with exponential backoff, and a per-address registration limit. Counters
 * live in the database, so every server process sees the same ones.
 *
 * Login follows OWASP's device-cookie design (see `accounts.logIn`): failures count per account
 * for untrusted clients, per device for a device the owner has logged in from, and per client
 * address with a much higher allowance, because a whole kindergarten can share one address.
 */
import { and, eq, inArray, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { getDb, writeTransaction } from '$lib/server/db';
import { loginThrottles } from '$lib/server/db/schema';

/**
 * How many failures each kind of key allows before it locks. `ip-account` only remembers how
 * many of an address's failures were against one account, so a success can take them back.
 */
const FREE_FAILURES = {
	/** Untrusted clients of one account (keyed by the normalised email, known or not). */
	account: 5,
	/** One trusted device of one account. */
	device: 5,
	/** One client address, across all accounts. */
	ip: 100,
	/** A signed-in user's wrong current password (password change, account deletion). */
	reauth: 5,
	/** Wrong two-factor codes of one account, after its password was right. */
	'two-factor': 5,
	'ip-account': Infinity,
	/** Not failures: registrations from one address in one clock hour (`countRegistration`). */
	register: Infinity,
	/** Not failures: password-reset requests from one address in one clock hour. */
	'reset-ip': Infinity,
	/** Not failures: mails sent about one account (by user id) in one clock hour. */
	mail: Infinity,
	/** Not failures: certificate look-ups from one address in one clock minute. */
	'verify-ip': Infinity
} as const;

/** Password-reset requests one client address may make per clock hour. */
export const RESET_REQUESTS_PER_ADDRESS_PER_HOUR = 30;
/**
 * Mails (reset links, address checks, "someone tried to register") sent about one account per
 * clock hour: enough for a person who asks twice, too few to flood someone's inbox.
 */
export const MAILS_PER_ACCOUNT_PER_HOUR = 5;

const FIRST_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;
/** Failures older than this are forgotten; rows untouched for this long can be purged. */
export const FAILURE_MEMORY_MS = 60 * 60 * 1000;

export type ThrottleKind = keyof typeof FREE_FAILURES;
export type ThrottleKey = `${ThrottleKind}:${string}`;

export function throttleKey(kind: ThrottleKind, value: string): ThrottleKey {
	return `${kind}:${value}`;
}

/** The bookkeeping key for an address's failures against one account. */
export function addressAccountKey(address: string, email: string): ThrottleKey {
	return throttleKey('ip-account', `${address} ${email}`);
}

function kindOf(key: ThrottleKey): ThrottleKind {
	return key.slice(0, key.indexOf(':')) as ThrottleKind;
}

/** Lock length after `failures` consecutive failures: 30 s, then doubling, capped at 15 minutes. */
export function lockSeconds(kind: ThrottleKind, failures: number): number {
	const over = failures - FREE_FAILURES[kind];
	if (over < 0) return 0;
	return Math.min(FIRST_LOCK_SECONDS * 2 ** over, MAX_LOCK_SECONDS);
}

/** Seconds until every one of the keys may try again; 0 when none is locked. */
export async function secondsUntilAllowed(keys: ThrottleKey[], now = new Date()): Promise<number> {
	const rows = await getDb()
		.select({ lockedUntil: loginThrottles.lockedUntil })
		.from(loginThrottles)
		.where(inArray(loginThrottles.key, keys));
	const waits = rows.map((row) =>
		row.lockedUntil ? Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000) : 0
	);
	return Math.max(0, ...waits);
}

/** Counts a failure against every key and returns the longest lock it caused, in seconds. */
export async function recordFailure(keys: ThrottleKey[], now = new Date()): Promise<number> {
	const forgetBefore = now.getTime() - FAILURE_MEMORY_MS;
	return writeTransaction(async (tx) => {
		let longest = 0;
		for (const key of keys) {
			const [row] = await tx
				.insert(loginThrottles)
				.values({ key, failures: 1, updatedAt: now })
				.onConflictDoUpdate({
					target: loginThrottles.key,
					set: {
						failures: sql`case when ${loginThrottles.updatedAt} < ${forgetBefore} then 1 else ${loginThrottles.failures} + 1 end`,
						updatedAt: now
					}
				})
				.returning({ failures: loginThrottles.failures });
			const seconds = lockSeconds(kindOf(key), row.failures);
			if (seconds > 0) {
				await tx
					.update(loginThrottles)
					.set({ lockedUntil: new Date(now.getTime() + seconds * 1000) })
					.where(eq(loginThrottles.key, key));
				longest = Math.max(longest, seconds);
			}
		}
		return longest;
	});
}

/** Unlocks the keys and counts them from zero again. */
export async function clearFailures(keys: ThrottleKey[]) {
	if (keys.length === 0) return;
	await writeTransaction((tx) =>
		tx.delete(loginThrottles).where(inArray(loginThrottles.key, keys))
	);
}

/**
 * After a successful login from `address`: the failures this address made against this account
 * were the owner's own typos, so they no longer count against the address. Lifts the address's
 * lock if that brings it back under its allowance.
 */
export async function forgiveAddress(address: string, email: string) {
	const ownKey = addressAccountKey(address, email);
	const addressKey = throttleKey('ip', address);
	await writeTransaction(async (tx) => {
		const [own] = await tx
			.delete(loginThrottles)
			.where(eq(loginThrottles.key, ownKey))
			.returning({ failures: loginThrottles.failures });
		if (!own) return;
		const [left] = await tx
			.update(loginThrottles)
			.set({ failures: sql`max(0, ${loginThrottles.failures} - ${own.failures})` })
			.where(eq(loginThrottles.key, addressKey))
			.returning({ failures: loginThrottles.failures });
		if (left && left.failures < FREE_FAILURES.ip) {
			await tx
				.update(loginThrottles)
				.set({ lockedUntil: null })
				.where(eq(loginThrottles.key, addressKey));
		}
	});
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

export type RateResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one registration from `address` in the current clock hour and says whether it is
 * within `perHour`. `perHour` 0 means no limit (load tests, benchmarks). Refused attempts count
 * too, so hammering does not help.
 */
export async function countRegistration(
	address: string,
	perHour: number,
	now = new Date()
): Promise<RateResult> {
	return countPerHour('register', address, perHour, now);
}

/** Counts one password-reset request from `address` in the current clock hour. */
export function countResetRequest(address: string, now = new Date()): Promise<RateResult> {
	return countPerHour('reset-ip', address, RESET_REQUESTS_PER_ADDRESS_PER_HOUR, now);
}

/** Counts one mail about the account in the current clock hour; refused ones are not sent. */
export function countMail(userId: string, now = new Date()): Promise<RateResult> {
	return countPerHour('mail', userId, MAILS_PER_ACCOUNT_PER_HOUR, now);
}

/**
 * Counts one certificate look-up from `address` in the current clock minute, against `perMinute`
 * (SPIRE_VERIFY_LIMIT; 0: no limit).
 */
export function countVerification(
	address: string,
	perMinute: number,
	now = new Date()
): Promise<RateResult> {
	return countPerWindow('verify-ip', address, perMinute, MINUTE_MS, now);
}

function countPerHour(
	kind: ThrottleKind,
	value: string,
	perHour: number,
	now: Date
): Promise<RateResult> {
	return countPerWindow(kind, value, perHour, HOUR_MS, now);
}

/**
 * Counts one event for `value` in the current clock window (key `<kind>:<value> <window number>`)
 * and says whether it is within `limit`; 0 means no limit.
 */
async function countPerWindow(
	kind: ThrottleKind,
	value: string,
	limit: number,
	windowMs: number,
	now: Date
): Promise<RateResult> {
	if (limit <= 0) return { allowed: true };
	const window = Math.floor(now.getTime() / windowMs);
	const key = throttleKey(kind, `${value} ${window}`);
	const [row] = await writeTransaction((tx) =>
		tx
			.insert(loginThrottles)
			.values({ key, failures: 1, updatedAt: now })
			.onConflictDoUpdate({
				target: loginThrottles.key,
				set: { failures: sql`${loginThrottles.failures} + 1`, updatedAt: now }
			})
			.returning({ count: loginThrottles.failures })
	);
	if (row.count <= limit) return { allowed: true };
	const nextWindow = (window + 1) * windowMs;
	return { allowed: false, retryAfterSeconds: Math.ceil((nextWindow - now.getTime()) / 1000) };
}

/**
 * The counters that are about one account, deleted with it: its own (`account:`, `reauth:`,
 * `mail:<user id> <hour>`) and each address's share of failures against it
 * (`ip-account:<address> <email>`). Device counters
 * carry only a random id and age out within the hour.
 */
export function accountThrottleRows(normalizedEmail: string, userId: string): SQL {
	const suffix = ` ${normalizedEmail}`;
	const mailPrefix = `${throttleKey('mail', userId)} `;
	return or(
		inArray(loginThrottles.key, [
			throttleKey('account', normalizedEmail),
			throttleKey('reauth', userId)
		]),
		and(
			like(loginThrottles.key, 'ip-account:%'),
			sql`substr(${loginThrottles.key}, ${-suffix.length}) = ${suffix}`
		),
		sql`substr(${loginThrottles.key}, 1, ${mailPrefix.length}) = ${mailPrefix}`
	)!;
}

/**
 * Deletes counters that no longer matter: not locked (or the lock has passed) and no failure
 * within FAILURE_MEMORY_MS, after which `recordFailure` would start from 1 anyway.
 * Returns how many rows it deleted.
 */
export async function deleteStaleThrottles(now = new Date()): Promise<number> {
	const forgetBefore = new Date(now.getTime() - FAILURE_MEMORY_MS);
	const result = await writeTransaction((tx) =>
		tx
			.delete(loginThrottles)
			.where(
				and(
					or(isNull(loginThrottles.lockedUntil), lte(loginThrottles.lockedUntil, now)),
					lt(loginThrottles.updatedAt, forgetBefore)
				)
			)
	);
	return result.rowsAffected;
}
