/**
 * `BENCH_BASELINE=<git revision> npm run bench` measures an earlier revision in the same run as
 * the current one, so that before and after share the machine's state. The revision is checked
 * out into a temporary git worktree next to nothing else, uses this checkout's node_modules, and
 * is built there once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Checks out and builds `revision`; `remove()` deletes the worktree again. */
export function prepareBaseline(revision) {
	const run = (command, args, cwd) => {
		const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
		if (result.status !== 0) {
			throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
		}
		return result.stdout.trim();
	};
	const commit = run('git', ['rev-parse', '--short', `${revision}^{commit}`]);
	const dir = join(mkdtempSync(join(tmpdir(), 'spire-baseline-')), 'checkout');
	run('git', ['worktree', 'add', '--detach', dir, commit]);
	const remove = () => {
		spawnSync('git', ['worktree', 'remove', '--force', dir]);
		rmSync(resolve(dir, '..'), { recursive: true, force: true });
	};
	try {
		symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
		console.log(`Building the baseline ${commit} in ${dir} …`);
		run('npm', ['run', 'build'], dir);
	} catch (error) {
		remove();
		throw error;
	}
	return { commit, dir, remove };
}
