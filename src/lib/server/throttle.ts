/**
 * Login throttling with exponential backoff, per account and per client IP. Counters live in the
 * database, so every server process sees the same ones.
 */
import { and, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { getDb, writeTransaction } from '$lib/server/db';
import { loginThrottles } from '$lib/server/db/schema';

type Rule = { freeFailures: number };
/** An account is locked after 5 failures in a row; an IP (shared by a whole kindergarten) after 20. */
const RULES = { email: { freeFailures: 5 }, ip: { freeFailures: 20 } } satisfies Record<
	string,
	Rule
>;
const FIRST_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;
/** Failures older than this are forgotten. */
export const FAILURE_MEMORY_MS = 60 * 60 * 1000;

export type ThrottleKind = keyof typeof RULES;
export type ThrottleKey = `${ThrottleKind}:${string}`;

export function throttleKey(kind: ThrottleKind, value: string): ThrottleKey {
	return `${kind}:${value}`;
}

/** Lock length after `failures` consecutive failures: 30 s, then doubling, capped at 15 minutes. */
export function lockSeconds(kind: ThrottleKind, failures: number): number {
	const over = failures - RULES[kind].freeFailures;
	if (over < 0) return 0;
	return Math.min(FIRST_LOCK_SECONDS * 2 ** over, MAX_LOCK_SECONDS);
}

/** Seconds until any of the keys may try again; 0 when none is locked. */
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
			const seconds = lockSeconds(key.split(':')[0] as ThrottleKind, row.failures);
			if (seconds > 0) {
				await tx
					.update(loginThrottles)
					.set({ lockedUntil: new Date(now.getTime() + seconds * 1000) })
					.where(sql`${loginThrottles.key} = ${key}`);
				longest = Math.max(longest, seconds);
			}
		}
		return longest;
	});
}

export async function clearFailures(keys: ThrottleKey[]) {
	await writeTransaction((tx) =>
		tx.delete(loginThrottles).where(inArray(loginThrottles.key, keys))
	);
}

/** The throttle rows that hold data about one account, deleted with the account. */
export function accountThrottleKeys(normalizedEmail: string): ThrottleKey[] {
	return [throttleKey('email', normalizedEmail)];
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
