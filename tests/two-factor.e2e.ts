/**
 * Two-factor sign-in after it is on: an educator makes ten new recovery codes (the old ones stop
 * working) and later turns it off, each time giving the password again; an admin cannot turn it
 * off. The authenticator app is @oslojs/otp here, given the key the page shows.
 */
import {
	createAdminWithCommand,
	organisationWithEducator,
	turnOnTwoFactor
} from './admin-accounts';
import { PASSWORD, expect, logIn, logOut, register, test, uniqueEmail } from './fixtures';

test('an educator makes new recovery codes, then turns two-factor sign-in off', async ({
	page,
	a11y
}) => {
	test.slow(); // an admin made by command sets up the organisation first
	const educator = await register(page, a11y, { name: 'Tove Twofactor' });
	await a11y();
	await logOut(page, a11y);
	await organisationWithEducator(page, a11y, educator.email);

	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/account');
	await a11y();
	await page.getByRole('link', { name: 'Two-factor sign-in' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeVisible();
	await a11y();
	const firstCodes = await turnOnTwoFactor(page, a11y);
	expect(firstCodes).toHaveLength(10);

	await page.goto('/account/two-factor');
	await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
	await expect(page.getByText('10 unused recovery codes left.')).toBeVisible();
	await a11y();

	// New codes need the password again; a wrong one is refused next to the field.
	const renew = page.getByRole('region', { name: 'New recovery codes' });
	await renew.getByLabel('Your password').fill('not my password');
	await renew.getByRole('button', { name: 'Make new recovery codes' }).click();
	await expect(renew.getByLabel('Your password')).toHaveAccessibleDescription(
		'That is not your current password.'
	);
	await expect(renew.getByLabel('Your password')).toHaveValue('');
	await a11y();
	await renew.getByLabel('Your password').fill(PASSWORD);
	await renew.getByRole('button', { name: 'Make new recovery codes' }).click();
	await expect(page.getByRole('heading', { name: 'Your new recovery codes' })).toBeVisible();
	await expect(page.getByText('You have 10 new recovery codes.')).toBeVisible();
	const newCodes = await page.locator('ul.codes code').allInnerTexts();
	expect(newCodes).toHaveLength(10);
	expect(newCodes.filter((code) => firstCodes.includes(code))).toEqual([]);
	await a11y();

	// The next sign-in: an old recovery code no longer works, a new one does.
	await logOut(page, a11y);
	await logIn(page, a11y, educator.email);
	await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
	await a11y();
	await page.getByLabel('Code from the app or a recovery code').fill(firstCodes[0]);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByLabel('Code from the app or a recovery code')).toHaveAccessibleDescription(
		/That code is not right\./
	);
	await page.getByLabel('Code from the app or a recovery code').fill(newCodes[0]);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/me$/);
	await a11y();

	// Turning it off asks for the password again too.
	await page.goto('/account/two-factor');
	await expect(page.getByText('9 unused recovery codes left.')).toBeVisible();
	await a11y();
	const turnOff = page.getByRole('region', { name: 'Turn off two-factor sign-in' });
	await turnOff.getByLabel('Your password').fill('not my password');
	await turnOff.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
	await expect(turnOff.getByLabel('Your password')).toHaveAccessibleDescription(
		'That is not your current password.'
	);
	await a11y();
	await turnOff.getByLabel('Your password').fill(PASSWORD);
	await turnOff.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
	await expect(page.getByText('Two-factor sign-in is now off.')).toBeVisible();
	// It can be set up again, with a new key.
	await expect(page.getByRole('button', { name: 'Turn on two-factor sign-in' })).toBeVisible();
	await a11y();

	// The password alone signs in again.
	await logOut(page, a11y);
	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
});

test('an admin keeps two-factor sign-in on: the page says why, and the action refuses', async ({
	page,
	a11y,
	baseURL
}) => {
	const adminEmail = uniqueEmail('admin');
	createAdminWithCommand(adminEmail, 'Ada Admin', PASSWORD);
	await logIn(page, a11y, adminEmail);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/account/two-factor');
	await a11y();
	await turnOnTwoFactor(page, a11y);

	await page.goto('/account/two-factor');
	const turnOff = page.getByRole('region', { name: 'Turn off two-factor sign-in' });
	await expect(turnOff.getByText('Admins must keep two-factor sign-in on')).toBeVisible();
	await expect(turnOff.getByRole('button')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Make new recovery codes' })).toBeVisible();
	await a11y();

	// A form sent anyway, with the right password, is refused and changes nothing.
	const refused = await page.request.post('/account/two-factor?/turnOff', {
		form: { password: PASSWORD },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(refused.status()).toBe(403);
	await page.goto('/admin');
	await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
	await a11y();
});
