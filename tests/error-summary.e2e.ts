/**
 * A refused form starts with a summary of what is wrong: a heading, one link per problem to its
 * field, and focus on the summary, so a keyboard or screen-reader user lands on it. With and
 * without JavaScript.
 */
import type { Page } from '@playwright/test';
import { chooseCountry, errorSummary, expect, register, test, uniqueEmail } from './fixtures';

/** Sends the registration form with a name missing, a bad address and a short password. */
async function registerBadly(page: Page) {
	await page.goto('/register');
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Password').fill('short');
	await page.getByRole('button', { name: 'Create account' }).click();
}

async function expectRegistrationSummary(page: Page) {
	const summary = errorSummary(page);
	await expect(summary).toBeVisible();
	await expect(summary.getByRole('heading', { name: 'Please fix the following' })).toBeVisible();
	await expect(summary.getByRole('link')).toHaveText([
		'Enter your name.',
		'Enter an email address like name@example.org.',
		'Use at least 8 characters.',
		'Choose the country where you work, or Another country.'
	]);
	await expect(summary).toBeFocused();
	// Each link leads to its field, and moves focus there.
	await summary
		.getByRole('link', { name: 'Enter an email address like name@example.org.' })
		.click();
	await expect(page.getByLabel('Email')).toBeFocused();
	await expect(page.getByText('Email', { exact: true })).toBeInViewport();
}

test('a refused registration shows the summary at the top, focused, with a link to each field', async ({
	page,
	a11y
}) => {
	await registerBadly(page);
	await expectRegistrationSummary(page);
	await a11y();

	// A second refusal takes focus again, also when the problems have not changed.
	await page.getByLabel('Name').fill('Liv Dahl');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(errorSummary(page).getByRole('link')).toHaveCount(3);
	await expect(errorSummary(page)).toBeFocused();
	await page.getByLabel('Password').focus();
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(errorSummary(page)).toBeFocused();

	// Fixed, and sent: no summary on the next page.
	await page.getByLabel('Email').fill(uniqueEmail('summary'));
	await page.getByLabel('Password').fill('a calm harbour at dawn');
	await chooseCountry(page, 'Finland');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await expect(errorSummary(page)).toHaveCount(0);
	await a11y();
});

test('a wrong password is named in the summary, which leads back to the first field', async ({
	page,
	a11y
}) => {
	const { email } = await register(page, a11y);
	await a11y();
	await page.context().clearCookies();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Log in' }).click();
	const summary = errorSummary(page);
	await expect(summary).toBeFocused();
	await expect(summary.getByRole('link')).toHaveText(['The email or password is not right.']);
	await summary.getByRole('link').click();
	await expect(page.getByLabel('Email')).toBeFocused();
	await a11y();
});

test('on a page of several forms, the summary sits above the form that was refused', async ({
	page,
	a11y
}) => {
	await register(page, a11y, { name: 'Siri Lie' });
	await a11y();
	await page.goto('/account');
	await a11y();
	const password = page.getByRole('region', { name: 'Change password' });
	await password.getByLabel('Current password').fill('not my password');
	await password.getByLabel('New password').fill('short');
	await password.getByRole('button', { name: 'Change password' }).click();
	const summary = errorSummary(password);
	await expect(summary).toBeFocused();
	await expect(summary.getByRole('link')).toHaveText(['Use at least 8 characters.']);
	await expect(errorSummary(page)).toHaveCount(1);
	await summary.getByRole('link').click();
	await expect(page.getByLabel('New password')).toBeFocused();
	await a11y();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a refused registration shows the summary, focused through autofocus', async ({
		page,
		a11y
	}) => {
		const refused = page.waitForResponse((r) => r.request().method() === 'POST');
		await registerBadly(page);
		expect((await refused).status()).toBe(400);
		await expectRegistrationSummary(page);
		await a11y();
	});
});
