/**
 * `npm run reminders`: sends the due-date reminders that are due now, once, and exits; for a cron
 * job (e.g. every 15 minutes). The server sends the same reminders by itself every few minutes;
 * both record each reminder before sending it, so running both never sends one twice.
 * Uses DATABASE_URL, SMTP_URL, MAIL_FROM and ORIGIN (for the links in mails) as the server does.
 * `--now 2026-03-01T08:00:00Z` runs as if it were that moment. Exit codes: 0 done, 1 failed
 * (a mail that could not be sent counts), 2 wrong arguments.
 */
import { parseArgs } from 'node:util';
import { buildCatalog } from './content/catalog';
import { readCourseFiles } from './content/check';
import { readConfig } from './config';
import { migrateDatabase, openDatabase, useDatabase } from './db';
import { configureMail } from './mail';
import { runReminders } from './reminders';

export const USAGE = `Usage: npm run reminders [-- --now ISO-DATE-TIME]

Sends the due-date reminders that are due and not sent yet (in the app, and by e-mail to those
who have not turned it off), then exits. Uses DATABASE_URL, SMTP_URL, MAIL_FROM and ORIGIN.
--now runs as if it were that moment, e.g. --now 2026-03-01T08:00:00Z.`;

export class UsageError extends Error {}

export function parseRemindersArgs(args: string[]): { now: Date } | { help: true } {
	let values;
	try {
		({ values } = parseArgs({
			args,
			options: { now: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
		}));
	} catch (error) {
		throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
	}
	if (values.help) return { help: true };
	if (values.now === undefined) return { now: new Date() };
	const now = new Date(values.now);
	if (Number.isNaN(now.getTime())) {
		throw new UsageError(`--now needs a date and time, e.g. 2026-03-01T08:00:00Z.\n\n${USAGE}`);
	}
	return { now };
}

async function main(args: string[]): Promise<number> {
	const command = parseRemindersArgs(args);
	if ('help' in command) {
		console.log(USAGE);
		return 0;
	}
	const config = readConfig();
	configureMail(config);
	const { catalog, problems } = buildCatalog(readCourseFiles(process.cwd()));
	if (problems.length > 0) throw new Error('Course content is invalid: run npm run courses:check.');
	const handle = await openDatabase(config.databaseUrl, config.databaseAuthToken);
	try {
		await migrateDatabase(handle.db);
		useDatabase(handle);
		const result = await runReminders({
			now: command.now,
			origin: process.env.ORIGIN?.trim() || 'http://localhost:3000',
			courses: catalog.courses
		});
		console.log(
			`Reminders: ${result.recorded} sent in the app, ${result.mailed} by e-mail` +
				(result.mailFailures > 0 ? `, ${result.mailFailures} e-mail(s) failed.` : '.')
		);
		return result.mailFailures > 0 ? 1 : 0;
	} finally {
		handle.close();
	}
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	try {
		process.exitCode = await main(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(error instanceof UsageError ? 2 : 1);
	}
}
