/**
 * `npm run seed:large -- FILE [--force] [--learners N] [--groups N] [--progress-rows N]
 * [--seed N] [--now ISO]`: writes a new database of realistic size for measuring Spire at scale
 * (large-seed.ts says what is in it). FILE, else DATABASE_URL (a local file). Exit codes: 0 done,
 * 1 refused (the message says why), 2 wrong arguments.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hashPassword } from '../passwords';
import { buildCatalog } from '../content/catalog';
import { readCourseFiles } from '../content/check';
import { LARGE_SEED_DEFAULTS, writeLargeSeed } from './large-seed';

/** Every seeded account's password: the bench signs in with it. Not a secret; test data only. */
export const SEEDED_PASSWORD = 'seeded-spire-password';

export const USAGE = `Usage: npm run seed:large -- FILE [--force] [--learners N] [--groups N]
                           [--progress-rows N] [--seed N] [--now 2026-11-23T00:00:00Z]

Writes a new database FILE (else the file in DATABASE_URL) with ${LARGE_SEED_DEFAULTS.learners.toLocaleString('en')} learners in
${LARGE_SEED_DEFAULTS.groups.toLocaleString('en')} groups and ${LARGE_SEED_DEFAULTS.progressRows.toLocaleString('en')} lesson-progress rows, migrated like the server's.
The same seed and --now write the same rows; --now defaults to the start of today (UTC).
Every account's password is "${SEEDED_PASSWORD}". An existing, non-empty FILE is only
replaced with --force.`;

export class UsageError extends Error {}
export class RefusedError extends Error {}

export type SeedLargeCommand =
	| {
			file: string;
			force: boolean;
			learners: number;
			groups: number;
			progressRows: number;
			seed: number;
			now: Date;
	  }
	| { help: true };

function positiveInteger(name: string, value: string | undefined, fallback: number) {
	if (value === undefined) return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1) {
		throw new UsageError(`--${name} must be a whole number above 0.\n\n${USAGE}`);
	}
	return Number(value);
}

/** Reads the command line and DATABASE_URL; throws UsageError. */
export function parseSeedLarge(
	args: string[],
	env: Record<string, string | undefined> = process.env,
	today = new Date()
): SeedLargeCommand {
	let parsed;
	try {
		parsed = parseArgs({
			args,
			allowPositionals: true,
			options: {
				force: { type: 'boolean' },
				learners: { type: 'string' },
				groups: { type: 'string' },
				'progress-rows': { type: 'string' },
				seed: { type: 'string' },
				now: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (error) {
		throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
	}
	const { values, positionals } = parsed;
	if (values.help) return { help: true };
	if (positionals.length > 1) throw new UsageError(`Name one database file.\n\n${USAGE}`);
	const url = env.DATABASE_URL?.trim();
	if (!positionals[0] && url && !url.startsWith('file:')) {
		throw new UsageError(`seed:large writes a local file, not ${url.split(':')[0]}:…\n\n${USAGE}`);
	}
	const file = positionals[0] ?? url?.slice('file:'.length).split('?')[0];
	if (!file) throw new UsageError(`Name the database file to write.\n\n${USAGE}`);
	const now = values.now === undefined ? startOfDay(today) : new Date(values.now);
	if (Number.isNaN(now.getTime())) {
		throw new UsageError(`--now must be a date and time such as 2026-11-23T00:00:00Z.\n\n${USAGE}`);
	}
	return {
		file,
		force: values.force ?? false,
		learners: positiveInteger('learners', values.learners, LARGE_SEED_DEFAULTS.learners),
		groups: positiveInteger('groups', values.groups, LARGE_SEED_DEFAULTS.groups),
		progressRows: positiveInteger(
			'progress-rows',
			values['progress-rows'],
			LARGE_SEED_DEFAULTS.progressRows
		),
		seed: positiveInteger('seed', values.seed, LARGE_SEED_DEFAULTS.seed),
		now
	};
}

function startOfDay(date: Date) {
	return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Refuses to write over a database that has something in it, unless forced. */
export function checkTarget(file: string, force: boolean) {
	const size = existsSync(file) ? statSync(file).size : 0;
	if (size > 0 && !force) {
		throw new RefusedError(
			`${file} exists and is not empty; give a new file, or --force to replace it.`
		);
	}
}

async function main(args: string[]): Promise<number> {
	let command: SeedLargeCommand;
	try {
		command = parseSeedLarge(args);
	} catch (error) {
		if (error instanceof UsageError) {
			console.error(error.message);
			return 2;
		}
		throw error;
	}
	if ('help' in command) {
		console.log(USAGE);
		return 0;
	}
	try {
		checkTarget(command.file, command.force);
	} catch (error) {
		if (error instanceof RefusedError) {
			console.error(error.message);
			return 1;
		}
		throw error;
	}
	const { catalog, problems } = buildCatalog(readCourseFiles(process.cwd()));
	if (problems.length > 0 || catalog.courses.length === 0) {
		console.error('The courses in courses/ do not pass `npm run courses:check`; fix them first.');
		return 1;
	}
	const started = performance.now();
	const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
	console.log(
		`Seeding ${command.file}: ${command.learners.toLocaleString('en')} learners, ${command.groups.toLocaleString('en')} groups, ${command.progressRows.toLocaleString('en')} lesson-progress rows, seed ${command.seed}, now ${command.now.toISOString()}`
	);
	const counts = await writeLargeSeed(command.file, {
		...command,
		courses: catalog.courses,
		// One hash for every account: 100,000 argon2id hashes would take 20 minutes of a core.
		passwordHash: await hashPassword(SEEDED_PASSWORD),
		report: (line) => console.log(`  ${line}`)
	});
	console.log(`Done in ${seconds()} s. Rows:`);
	for (const [table, count] of Object.entries(counts)) {
		console.log(`  ${table.padEnd(22)} ${count.toLocaleString('en').padStart(11)}`);
	}
	console.log(`Every account's password is "${SEEDED_PASSWORD}".`);
	return 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	process.exitCode = await main(process.argv.slice(2));
}
