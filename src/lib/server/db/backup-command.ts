/**
 * `npm run db:backup [-- --keep N] [--dir DIR]` and `npm run db:restore -- FILE [--dir DIR]`.
 * They use DATABASE_URL from the environment, as the server does. Exit codes: 0 done,
 * 1 refused or failed (the message says why), 2 wrong arguments.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config';
import {
	BackupError,
	DEFAULT_BACKUP_DIRECTORY,
	DEFAULT_KEEP,
	backupDatabase,
	displayPath,
	restoreDatabase
} from './backup';

const USAGE = {
	backup: `Usage: npm run db:backup [-- --keep N] [--dir DIR]

Writes a consistent copy of the local database (DATABASE_URL) to DIR/spire-<UTC time>.db and
removes all but the newest N backups there. Safe while the server runs.

  --keep N   backups to keep (default: SPIRE_BACKUP_KEEP, else ${DEFAULT_KEEP})
  --dir DIR  where backups go (default: ${DEFAULT_BACKUP_DIRECTORY})`,
	restore: `Usage: npm run db:restore -- FILE [--dir DIR]

Replaces the local database (DATABASE_URL) with the backup FILE, after checking it. Stop the
server first. The database it replaces is kept as DIR/pre-restore-<UTC time>.db.

  --dir DIR  where the replaced database is kept (default: ${DEFAULT_BACKUP_DIRECTORY})`
};

export class UsageError extends Error {}

export type Command =
	| { verb: 'backup'; keep: number; directory: string }
	| { verb: 'restore'; file: string; directory: string }
	| { verb: 'help'; text: string };

/** Reads the command line (after the verb) and the environment; throws UsageError. */
export function parseCommand(
	verb: string | undefined,
	args: string[],
	env: Record<string, string | undefined> = process.env
): Command {
	if (verb !== 'backup' && verb !== 'restore') {
		throw new UsageError('Say what to do: backup or restore.');
	}
	let parsed;
	try {
		parsed = parseArgs({
			args,
			allowPositionals: true,
			options: {
				keep: { type: 'string' },
				dir: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (error) {
		throw new UsageError(`${(error as Error).message}\n\n${USAGE[verb]}`);
	}
	const { values, positionals } = parsed;
	if (values.help) return { verb: 'help', text: USAGE[verb] };
	const directory = values.dir ?? DEFAULT_BACKUP_DIRECTORY;
	if (verb === 'backup') {
		if (positionals.length > 0) {
			throw new UsageError(`Unexpected argument: ${positionals[0]}\n\n${USAGE.backup}`);
		}
		return { verb, directory, keep: parseKeep(values.keep, env.SPIRE_BACKUP_KEEP) };
	}
	if (values.keep !== undefined)
		throw new UsageError(`--keep is for db:backup.\n\n${USAGE.restore}`);
	if (positionals.length !== 1) {
		throw new UsageError(`Name one backup file to restore.\n\n${USAGE.restore}`);
	}
	return { verb, directory, file: positionals[0] };
}

function parseKeep(flag: string | undefined, variable: string | undefined): number {
	const [source, value] =
		flag !== undefined ? ['--keep', flag] : ['SPIRE_BACKUP_KEEP', variable?.trim() || undefined];
	if (value === undefined) return DEFAULT_KEEP;
	if (!/^\d+$/.test(value) || Number(value) < 1) {
		throw new UsageError(`${source} must be a whole number of 1 or more, not "${value}".`);
	}
	return Number(value);
}

function megabytes(bytes: number) {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function seconds(since: number) {
	return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function run(command: Exclude<Command, { verb: 'help' }>) {
	const { databaseUrl } = readConfig();
	const started = performance.now();
	if (command.verb === 'backup') {
		const result = await backupDatabase({
			databaseUrl,
			directory: command.directory,
			keep: command.keep
		});
		console.log(
			`Backed up ${displayPath(result.database)} to ${displayPath(result.file)} (${megabytes(result.bytes)}, ${seconds(started)}).`
		);
		for (const file of result.pruned) console.log(`Removed old backup ${displayPath(file)}.`);
		return;
	}
	const result = await restoreDatabase({
		databaseUrl,
		file: command.file,
		directory: command.directory
	});
	const rows = Object.entries(result.summary.tables)
		.filter(([name]) => !name.startsWith('__'))
		.map(([name, count]) => `${name} ${count}`)
		.join(', ');
	console.log(
		`Restored ${command.file} into ${displayPath(result.database)} (${seconds(started)}).`
	);
	console.log(`Rows: ${rows}.`);
	if (result.previous) {
		console.log(`The database it replaced is kept as ${displayPath(result.previous)}.`);
	}
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	const [verb, ...args] = process.argv.slice(2);
	try {
		const command = parseCommand(verb, args);
		if (command.verb === 'help') console.log(command.text);
		else await run(command);
	} catch (error) {
		if (error instanceof UsageError || error instanceof BackupError) {
			console.error(error.message);
			process.exit(error instanceof UsageError ? 2 : 1);
		}
		throw error;
	}
}
