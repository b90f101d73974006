/**
 * Browser-test helpers for reminders, run against the test server's database the way an operator
 * would: `npm run reminders` (with `--now` for a fixed clock), and an assignment made with the
 * same domain functions the educator pages use (tests/educator-groups.e2e.ts covers those pages).
 */
import { execFileSync } from 'node:child_process';
import { E2E_DATABASE, E2E_SMTP_PORT } from '../playwright.config';

const TSX = ['tsx', '--import', './src/lib/server/vite-imports-hook.mjs'];

function env(baseURL: string) {
	return {
		...process.env,
		DATABASE_URL: `file:${E2E_DATABASE}`,
		ORIGIN: baseURL,
		SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
		MAIL_FROM: 'Spire <no-reply@spire.test>'
	};
}

/** `npm run reminders -- --now <now>`; returns what it printed. */
export function runRemindersCommand(baseURL: string, now: Date): string {
	return execFileSync(
		'npx',
		[...TSX, 'src/lib/server/reminders-command.ts', '--now', now.toISOString()],
		{ env: env(baseURL), encoding: 'utf8' }
	);
}

/** A kindergarten group with the learner in it, and the course assigned to it, due at the end of the day `days` from now. */
export function assignCourseToLearner(
	baseURL: string,
	email: string,
	courseId: string,
	days: number
) {
	return execFileSync('npx', [...TSX, 'tests/assign-course.ts', email, courseId, String(days)], {
		env: env(baseURL),
		encoding: 'utf8'
	});
}
