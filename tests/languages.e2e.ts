import type { Page } from '@playwright/test';
import {
	PASSWORD,
	chooseCountry,
	expect,
	mailedLink,
	mainNavigation,
	test,
	uniqueEmail,
	waitForMail
} from './fixtures';
import { message, type Locale } from './messages';

/** The header's switcher: the language named in itself, then its button. */
async function switchLanguage(page: Page, from: Locale, to: Locale) {
	const navigation = await mainNavigation(page, from);
	await navigation
		.getByRole('combobox', { name: message(from, 'language_switch_label') })
		.selectOption(to);
	await navigation.getByRole('button', { name: message(from, 'language_switch_button') }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', to);
}

test('registering with Norsk bokmål gives a Norwegian interface, and the profile outranks the cookie', async ({
	page,
	context,
	baseURL,
	a11y
}) => {
	const email = uniqueEmail('norsk');
	const since = Date.now();
	await page.goto('/register');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await a11y();
	await page.getByLabel('Name').fill('Ingrid Dahl');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByLabel('Preferred language').selectOption('nb');
	await chooseCountry(page, 'Norway');
	await page.getByRole('button', { name: 'Create account' }).click();

	await expect(
		page.getByRole('heading', { level: 1, name: message('nb', 'check_email_heading') })
	).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await a11y();

	const mail = await waitForMail(email, { since });
	expect(mail.subject).toBe(message('nb', 'mail_verify_subject'));
	await page.goto(mailedLink(mail, '/verify-email'));
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await a11y();
	await page.getByRole('button', { name: message('nb', 'verify_submit') }).click();
	await expect(page).toHaveURL(/\/courses$/);
	await expect(
		page.getByRole('heading', { level: 1, name: message('nb', 'courses_title') })
	).toBeVisible();
	await a11y();

	// A cookie from another visit (Danish) does not override the learner's own choice.
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'da', url: baseURL! }]);
	await page.goto('/me');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await a11y();
});

test.describe('a browser asking for Danish', () => {
	test.use({ locale: 'da-DK' });

	test('gets Danish before any choice is made', async ({ page, a11y }) => {
		await page.goto('/about');
		await expect(page.locator('html')).toHaveAttribute('lang', 'da');
		await expect(
			page.getByRole('heading', { level: 1, name: message('da', 'about_title') })
		).toBeVisible();
		await a11y();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('switching to Danish keeps the page, its address and query', async ({ page, a11y }) => {
		await page.goto('/courses?from=home');
		await a11y();
		await switchLanguage(page, 'en', 'da');
		await expect(page).toHaveURL(/\/courses\?from=home$/);
		await expect(
			page.getByRole('heading', { level: 1, name: message('da', 'courses_title') })
		).toBeVisible();
		await a11y();
		// And back: the switcher is in the page's language now.
		await switchLanguage(page, 'da', 'en');
		await expect(page).toHaveURL(/\/courses\?from=home$/);
		await a11y();
	});
});

test('with JavaScript, what was typed on the page survives the switch (never the password)', async ({
	page,
	a11y
}) => {
	await page.goto('/register');
	await a11y();
	const email = uniqueEmail('kept');
	await page.getByLabel('Name').fill('Mette Holm');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await chooseCountry(page, 'Denmark');
	await switchLanguage(page, 'en', 'da');
	await expect(page).toHaveURL(/\/register$/);
	await expect(page.getByLabel(message('da', 'field_name'), { exact: true })).toHaveValue(
		'Mette Holm'
	);
	await expect(page.getByLabel(message('da', 'field_email'), { exact: true })).toHaveValue(email);
	await expect(page.getByLabel(message('da', 'field_password'), { exact: true })).toHaveValue('');
	await expect(page.getByLabel(message('da', 'field_country'))).toHaveValue('DK');
	await a11y();
});

const MAIN_PAGES = [
	'/',
	'/courses',
	'/courses/signs-of-distress',
	'/about',
	'/privacy',
	'/accessibility',
	'/login',
	'/register'
];

for (const locale of ['en', 'nb', 'da'] as const) {
	test(`<html lang> is ${locale} on the main pages in ${locale}`, async ({
		page,
		context,
		baseURL,
		a11y
	}) => {
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		for (const path of MAIN_PAGES) {
			await page.goto(path);
			await expect(page.locator('html'), path).toHaveAttribute('lang', locale);
			await a11y();
		}
	});
}
