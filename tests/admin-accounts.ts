/**
 * The first admin of a test run, made the way an operator makes one: `npm run admin:create` on the
 * test server's database, with the password on stdin.
 */
import { execFileSync } from 'node:child_process';
import { E2E_DATABASE } from '../playwright.config';

export function createAdminWithCommand(email: string, name: string, password: string): string {
	return execFileSync(
		'npx',
		[
			'tsx',
			'--import',
			'./src/lib/server/vite-imports-hook.mjs',
			'src/lib/server/admin-command.ts',
			'--email',
			email,
			'--name',
			name
		],
		{
			env: { ...process.env, DATABASE_URL: `file:${E2E_DATABASE}` },
			input: `${password}\n`,
			encoding: 'utf8'
		}
	);
}
