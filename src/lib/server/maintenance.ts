/**
 * Periodic clean-up of short-lived rows, so expired data does not wait for the next restart to be
 * deleted (the privacy page promises how long it is kept). Each store of short-lived rows names
 * its own rule; a new one (e.g. used one-time tokens) adds one line to PURGES.
 */
import { deleteExpiredAccountLinks } from '$lib/server/account-links';
import { backgroundJob } from '$lib/server/schedule';
import { deleteExpiredSessions } from '$lib/server/sessions';
import { deleteStaleThrottles } from '$lib/server/throttle';

/** How often the clean-up runs: expired rows live at most this much longer than promised. */
export const MAINTENANCE_INTERVAL_MS = 15 * 60 * 1000;

type Purge = (now: Date) => Promise<number>;

const PURGES = {
	sessions: deleteExpiredSessions,
	loginThrottles: deleteStaleThrottles,
	accountLinks: deleteExpiredAccountLinks
} satisfies Record<string, Purge>;

export type PurgeCounts = Record<keyof typeof PURGES, number>;

/** Deletes every expired row, one store after the other; returns how many went from each. */
export async function purgeExpired(now = new Date()): Promise<PurgeCounts> {
	const counts = {} as PurgeCounts;
	for (const [name, purge] of Object.entries(PURGES) as [keyof PurgeCounts, Purge][]) {
		counts[name] = await purge(now);
	}
	return counts;
}

const maintenanceJob = backgroundJob('clean-up of expired rows');

/**
 * Runs `purgeExpired` every `intervalMs` until the returned function is called (see
 * backgroundJob: unref'd, failures logged, runs never overlap, a restart replaces the schedule).
 */
export function startMaintenance(intervalMs = MAINTENANCE_INTERVAL_MS): () => void {
	return maintenanceJob(intervalMs, purgeExpired);
}
