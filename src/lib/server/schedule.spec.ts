import { afterEach, describe, expect, it, vi } from 'vitest';
import { backgroundJob } from '$lib/server/schedule';

afterEach(() => {
	vi.useRealTimers();
});

describe('backgroundJob', () => {
	it('never overlaps runs, goes on after a failure, and a new start replaces the schedule', async () => {
		vi.useFakeTimers();
		const start = backgroundJob('test job');
		let finishSlowRun: () => void = () => {};
		const calls: string[] = [];
		let call = 0;
		const work = vi.fn(async () => {
			call += 1;
			calls.push(`run ${call}`);
			if (call === 1) await new Promise<void>((resolve) => (finishSlowRun = resolve));
			if (call === 2) throw new Error('this run fails');
		});
		start(10, work);
		await vi.advanceTimersByTimeAsync(35);
		// The first run is still going: the later ticks did not start another.
		expect(calls).toEqual(['run 1']);
		finishSlowRun();
		await vi.advanceTimersByTimeAsync(20);
		// The second run failed; the third ran anyway.
		expect(calls).toEqual(['run 1', 'run 2', 'run 3']);

		const replacement = vi.fn(async () => {});
		const stop = start(10, replacement);
		const before = work.mock.calls.length;
		await vi.advanceTimersByTimeAsync(30);
		expect(work.mock.calls.length).toBe(before);
		expect(replacement).toHaveBeenCalledTimes(3);
		stop();
		await vi.advanceTimersByTimeAsync(30);
		expect(replacement).toHaveBeenCalledTimes(3);
	});
});
