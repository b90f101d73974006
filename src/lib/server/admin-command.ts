/**
 * `npm run admin:create -- --email EMAIL --name NAME`: makes the account with that address a
 * platform admin, creating it when there is none. A new account's password is asked for on a
 * terminal (not shown while typed), or read from the first line of stdin:
 * `printf '%s\n' "$PASSWORD" | npm run admin:create -- --email … --name …`.
 * Uses DATABASE_URL as the server does. Exit codes: 0 done, 1 refused, 2 wrong arguments.
 */
import { parseArgs } from 'node:util';
import type { Readable } from 'node:stream';
import { readConfig } from './config';
import { migrateDatabase, openDatabase, useDatabase } from './db';
import { createOrPromoteAdmin, findAccountByEmail } from './admins';

export const USAGE = `Usage: npm run admin:create -- --email EMAIL [--name NAME]

Makes the account with this e-mail address a platform admin. When there is no such account, it
is created with NAME (then required) and a password: typed at the prompt, which does not show
it, or the first line of stdin. Uses the database in DATABASE_URL.`;

export class UsageError extends Error {}
/** The command refused: the message says why. */
export class RefusedError extends Error {}

export type AdminCreateCommand = { email: string; name: string | undefined } | { help: true };

export function parseAdminCreate(args: string[]): AdminCreateCommand {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: {
				email: { type: 'string' },
				name: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		}));
	} catch (error) {
		throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
	}
	if (values.help) return { help: true };
	const email = values.email?.trim();
	if (!email) throw new UsageError(`Give the admin's e-mail address with --email.\n\n${USAGE}`);
	return { email, name: values.name?.trim() || undefined };
}

/** Where a new admin's password comes from: asked twice on a terminal, else stdin. */
export type PasswordSource = () => Promise<string>;

/**
 * Runs the command against the database in use; returns the lines to print. Throws RefusedError
 * with the reasons when the account cannot be created.
 */
export async function adminCreate(
	command: { email: string; name: string | undefined },
	readPassword: PasswordSource
): Promise<string[]> {
	const existing = await findAccountByEmail(command.email);
	if (existing) {
		await createOrPromoteAdmin({ email: command.email });
		return [
			existing.isAdmin
				? `${existing.email} is already an admin.`
				: `${existing.email} (${existing.name}) is now an admin.`
		];
	}
	if (!command.name) {
		throw new RefusedError(
			`There is no account with ${command.email} yet. Give a name with --name to create one.`
		);
	}
	const password = await readPassword();
	const result = await createOrPromoteAdmin({ ...command, password });
	if (!result.ok) {
		throw new RefusedError(`The account was not created:\n  ${result.problems.join('\n  ')}`);
	}
	return [`Created the admin account ${command.email}. Sign in with it at /login.`];
}

/** The first line of a stream (stdin that is not a terminal), without its line break. */
export async function readFirstLine(input: Readable): Promise<string> {
	let text = '';
	for await (const chunk of input) {
		text += chunk.toString();
		if (text.includes('\n')) break;
	}
	return text.split(/\r?\n/)[0];
}

/** Asks on the terminal without showing what is typed. */
function askHidden(question: string): Promise<string> {
	const { stdin, stdout } = process;
	// Echo goes off before the question appears, so nothing typed at once is shown.
	stdin.setRawMode(true);
	stdout.write(question);
	stdin.setEncoding('utf8');
	stdin.resume();
	return new Promise((resolve, reject) => {
		let value = '';
		const finish = () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			stdout.write('\n');
		};
		const onData = (chunk: string) => {
			for (const character of chunk) {
				if (character === '\r' || character === '\n' || character === '\u0004') {
					finish();
					resolve(value);
					return;
				}
				if (character === '\u0003') {
					finish();
					reject(new RefusedError('Cancelled.'));
					return;
				}
				if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
				else value += character;
			}
		};
		stdin.on('data', onData);
	});
}

const passwordFromTerminalOrStdin: PasswordSource = async () => {
	if (!process.stdin.isTTY) return readFirstLine(process.stdin);
	const password = await askHidden('Password for the new admin account: ');
	const again = await askHidden('The same password again: ');
	if (password !== again) throw new RefusedError('The two passwords were not the same.');
	return password;
};

async function main(args: string[]) {
	const command = parseAdminCreate(args);
	if ('help' in command) {
		console.log(USAGE);
		return;
	}
	const { databaseUrl, databaseAuthToken } = readConfig();
	const handle = await openDatabase(databaseUrl, databaseAuthToken);
	try {
		await migrateDatabase(handle.db);
		useDatabase(handle);
		for (const line of await adminCreate(command, passwordFromTerminalOrStdin)) console.log(line);
	} finally {
		handle.close();
	}
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	try {
		await main(process.argv.slice(2));
	} catch (error) {
		if (error instanceof UsageError || error instanceof RefusedError) {
			console.error(error.message);
			process.exit(error instanceof UsageError ? 2 : 1);
		}
		console.error((error as Error).message);
		process.exit(1);
	}
}
