/**
 * A platform admin sets up organisations and educators: a municipality with a kindergarten under
 * it, a right-to-left name, an educator found by address, and the people list. The first admin is
 * made with `npm run admin:create`, as an operator would.
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import type { Page } from '@playwright/test';
import { createAdminWithCommand } from './admin-accounts';
import { PASSWORD, expect, logIn, logOut, register, test, uniqueEmail } from './fixtures';

/**
 * On the page that asks an admin to turn on two-factor sign-in: types the key into "the app"
 * (@oslojs/otp here) and confirms with its code. Returns the recovery codes the page shows.
 */
async function enrolTwoFactor(page: Page, a11y: () => Promise<void>) {
	await expect(page).toHaveURL(/\/account\/two-factor\?required$/);
	await expect(page.getByRole('alert').filter({ hasText: 'Admins must turn on' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
	await a11y();
	const secret = (await page.locator('code.secret').innerText()).trim();
	await page.getByLabel('Code from the app').fill('123');
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
	await expect(page.getByLabel('Code from the app')).toHaveAccessibleDescription(
		/That code is not right\./
	);
	const code = generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
	await page.getByLabel('Code from the app').fill(code);
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	const recoveryCodes = await page.locator('ul.codes code').allInnerTexts();
	expect(recoveryCodes).toHaveLength(10);
	await a11y();
	return { secret, recoveryCodes };
}

test('an admin creates organisations, nests a kindergarten and makes an educator', async ({
	page,
	a11y
}) => {
	const educator = await register(page, a11y, { name: 'Eda Educator' });
	await a11y();
	await logOut(page, a11y);
	const adminEmail = uniqueEmail('admin');
	expect(createAdminWithCommand(adminEmail, 'Ada Admin', PASSWORD)).toContain('Created');

	await logIn(page, a11y, adminEmail);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	// Admins are sent to turn on two-factor sign-in before the admin pages open.
	await page.getByRole('link', { name: 'Admin' }).click();
	const { recoveryCodes } = await enrolTwoFactor(page, a11y);
	await page.getByRole('link', { name: 'Go to the admin pages' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
	await a11y();

	// The next sign-in asks for a code after the password; a recovery code works once.
	await logOut(page, a11y);
	await logIn(page, a11y, adminEmail);
	await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
	await a11y();
	await page.getByLabel('Code from the app or a recovery code').fill('000000');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByLabel('Code from the app or a recovery code')).toHaveAccessibleDescription(
		/That code is not right\./
	);
	await page.getByLabel('Code from the app or a recovery code').fill(recoveryCodes[0]);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.getByRole('link', { name: 'Admin' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();

	await page.getByRole('link', { name: 'Organisations' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
	await a11y();
	const municipality = `Fjordvik kommune ${Date.now()}`;
	await page.getByLabel('Name', { exact: true }).fill(municipality);
	await page.getByRole('button', { name: 'Create organisation' }).click();
	await expect(page.getByRole('heading', { level: 1, name: municipality })).toBeVisible();
	await expect(page.getByText('The organisation was created.')).toBeVisible();
	await a11y();

	// A name of 1,000 characters is refused next to the field, and what was typed stays.
	await page.getByRole('link', { name: 'Organisations' }).click();
	const tooLong = 'x'.repeat(1000);
	await page.getByLabel('Name', { exact: true }).fill(tooLong);
	await page.getByRole('button', { name: 'Create organisation' }).click();
	await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
		'Use at most 120 characters.'
	);
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue(tooLong);
	await a11y();

	// A right-to-left name with an emoji, under the municipality.
	const kindergarten = `روضة النجوم ⭐ ${Date.now()}`;
	await page.getByLabel('Name', { exact: true }).fill(kindergarten);
	await page.getByLabel('Under municipality or chain').selectOption({ label: municipality });
	await page.getByRole('button', { name: 'Create organisation' }).click();
	await expect(page.getByRole('heading', { level: 1, name: kindergarten })).toBeVisible();
	await expect(page.getByRole('link', { name: municipality })).toBeVisible();
	await a11y();

	await page.getByLabel('Email').fill('nobody-here@example.org');
	await page.getByRole('button', { name: 'Make educator' }).click();
	await expect(page.getByLabel('Email')).toHaveAccessibleDescription(
		/No one has an account with that e-mail address\./
	);
	await page.getByLabel('Email').fill(educator.email);
	await page.getByRole('button', { name: 'Make educator' }).click();
	await expect(
		page.getByText('Eda Educator is now an educator of this organisation.')
	).toBeVisible();
	const row = page.getByRole('row', { name: /Eda Educator/ });
	await expect(row.getByRole('cell', { name: 'Educator', exact: true })).toBeVisible();
	await a11y();

	await page.getByRole('button', { name: 'Remove educator Eda Educator' }).click();
	await expect(page.getByText('Eda Educator is no longer an educator.')).toBeVisible();
	await expect(row.getByRole('cell', { name: 'Learner', exact: true })).toBeVisible();

	await page.getByLabel('Name', { exact: true }).fill(`${kindergarten} (renamed)`);
	await page.getByRole('button', { name: 'Rename organisation' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `${kindergarten} (renamed)` })
	).toBeVisible();

	// The municipality now has a kindergarten under it, so it cannot be put under another.
	await page.getByRole('link', { name: municipality }).click();
	await expect(page.getByText('Kindergartens under this organisation:')).toBeVisible();
	await expect(page.getByLabel('Under municipality or chain')).toHaveCount(0);
	await a11y();

	await page.goto(`/admin/people?q=${encodeURIComponent(educator.email)}`);
	await expect(page.getByText('1 people found')).toBeVisible();
	await expect(page.getByRole('row', { name: /Eda Educator/ })).toContainText(
		`${kindergarten} (renamed)`
	);
	await a11y();
});

test('the people list pages with plain links, and keeps the search', async ({
	page,
	a11y,
	baseURL
}) => {
	const tag = `pager${Date.now().toString(36)}`;
	for (let i = 0; i < 26; i++) {
		await page.request.post('/register', {
			form: {
				name: `${tag} person ${String(i).padStart(2, '0')}`,
				email: uniqueEmail(tag),
				password: PASSWORD,
				locale: 'en',
				country: 'NO'
			},
			headers: { origin: baseURL! },
			maxRedirects: 0
		});
	}
	await page.context().clearCookies();
	const adminEmail = uniqueEmail('admin');
	createAdminWithCommand(adminEmail, 'Pager Admin', PASSWORD);
	await logIn(page, a11y, adminEmail);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/admin/people');
	await enrolTwoFactor(page, a11y);
	await page.goto('/admin/people');
	await page.getByLabel('Search by name or e-mail').fill(tag);
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByText('26 people found')).toBeVisible();
	await expect(page.getByText('Page 1 of 2')).toBeVisible();
	await a11y();
	await page.getByRole('link', { name: 'Next page' }).click();
	await expect(page.getByText('Page 2 of 2')).toBeVisible();
	await expect(page.getByRole('row', { name: new RegExp(`${tag} person 25`) })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`q=${tag}&page=2`));
	await a11y();
});

test('anyone but an admin gets 404 from /admin, and sees no Admin link', async ({ page, a11y }) => {
	for (const path of ['/admin', '/admin/organisations', '/admin/people']) {
		expect((await page.goto(path))?.status(), `${path} for a visitor`).toBe(404);
		await a11y();
	}
	await register(page, a11y);
	await a11y();
	expect((await page.goto('/admin/organisations'))?.status()).toBe(404);
	await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
	await a11y();
});
