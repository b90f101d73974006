import { serverLog } from '$lib/server/log';

/**
 * A job the server repeats in the background (the clean-up of expired rows, reminders). The
 * returned `start` runs `work` every `intervalMs` until the function it returns is called. The
 * timer is unref'd, so it never keeps the process alive; a run that fails is logged as
 * "`name` failed" and the next one tries again; runs never overlap. Starting the job again
 * replaces its previous schedule.
 */
export function backgroundJob(name: string) {
	let stopCurrent: (() => void) | undefined;
	return function start(intervalMs: number, work: () => Promise<unknown>): () => void {
		stopCurrent?.();
		let running = false;
		const timer = setInterval(async () => {
			if (running) return;
			running = true;
			try {
				await work();
			} catch (error) {
				serverLog().error({ err: error }, `${name} failed`);
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
	};
}
