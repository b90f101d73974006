/**
 * The first admin of a test run, made the way an operator makes one: `npm run admin:create` on the
 * test server's database, with the password on stdin; and the organisation such an admin sets up
 * for an educator.
 */
import { execFileSync } from 'node:child_process';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import type { Page } from '@playwright/test';
import { E2E_DATABASE } from '../playwright.config';
import { PASSWORD, expect, logIn, logOut, register, uniqueEmail } from './fixtures';

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

type Scan = () => Promise<void>;

/**
 * On the two-factor enrolment page: types the shown key into "the app" (@oslojs/otp here) and
 * confirms with its code. Returns the 10 recovery codes the page then shows.
 */
export async function turnOnTwoFactor(page: Page, a11y: Scan) {
	await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
	const secret = (await page.locator('code.secret').innerText()).trim();
	await page
		.getByLabel('Code from the app')
		.fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	await a11y();
	return page.locator('ul.codes code').allInnerTexts();
}

/**
 * An organisation with `educatorEmail` as its educator, set up in the browser by a fresh admin
 * made with the command. The admin turns on two-factor sign-in first, as the admin pages require,
 * typing the shown key into "the app" (@oslojs/otp here). Ends logged out; returns the name.
 */
export async function organisationWithEducator(
	page: Page,
	a11y: Scan,
	educatorEmail: string,
	namePrefix = 'Lilletun barnehage'
) {
	const adminEmail = uniqueEmail('admin');
	createAdminWithCommand(adminEmail, 'Ada Admin', PASSWORD);
	await logIn(page, a11y, adminEmail);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/admin/organisations');
	await expect(page).toHaveURL(/\/account\/two-factor\?required$/);
	await a11y();
	await turnOnTwoFactor(page, a11y);
	await page.goto('/admin/organisations');
	await a11y();
	const name = `${namePrefix} ${Date.now()}`;
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Create organisation' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await page.getByLabel('Email').fill(educatorEmail);
	await page.getByRole('button', { name: 'Make educator' }).click();
	await expect(page.getByText('is now an educator of this organisation.')).toBeVisible();
	await a11y();
	await logOut(page, a11y);
	return name;
}

/**
 * An educator with an organisation (made by an admin) and a new group in it, on its page; signed
 * in as the educator.
 */
export async function educatorWithGroup(page: Page, a11y: Scan, groupName: string) {
	const educator = await register(page, a11y, { name: 'Eda Educator' });
	await a11y();
	await logOut(page, a11y);
	const organisation = await organisationWithEducator(page, a11y, educator.email);
	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/educate');
	await a11y();
	await page.getByLabel('Group name').fill(groupName);
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByRole('heading', { level: 1, name: groupName })).toBeVisible();
	await a11y();
	return { educator, organisation, groupPath: new URL(page.url()).pathname };
}
