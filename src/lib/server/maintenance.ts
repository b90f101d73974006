/**
 * Periodic clean-up of short-lived rows, so expired data does not wait for the next restart to be
 * deleted (the privacy page promises how long it is kept). Each store of short-lived rows names
 * its own rule; a new one (e.g. used one-time tokens) adds one line to PURGES.
 */
import { deleteExpiredAccountLinks } from '$lib/server/account-links';
import { serverLog } from '$lib/server/log';
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

let stopCurrent: (() => void) | undefined;

/**
 * Runs `purgeExpired` every `intervalMs` until the returned function is called. The timer is
 * unref'd, so it never keeps the process alive; a run that fails is logged and the next one
 * tries again; runs never overlap. Starting again replaces the previous schedule.
 */
export function startMaintenance(intervalMs = MAINTENANCE_INTERVAL_MS): () => void {
	stopCurrent?.();
	let running = false;
	const timer = setInterval(async () => {
		if (running) return;
		running = true;
		try {
			await purgeExpired();
		} catch (error) {
			serverLog().error({ err: error }, 'clean-up of expired rows failed');
		} finally {
			running = false;
		}
	}, intervalMs);
	timer.unref();
	const stop = () => {
		clearInterval(timer);
		if (stopCurrent === stop) stopCurrent = undefined;
	};
	stopCurrent = stop;
	return stop;
}
