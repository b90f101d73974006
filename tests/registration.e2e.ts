import {
	PASSWORD,
	chooseCountry,
	expect,
	logIn,
	mailedLink,
	test,
	uniqueEmail,
	waitForMail
} from './fixtures';

test('a new account cannot sign in until its address is confirmed; logging in sends a fresh link', async ({
	page,
	a11y
}) => {
	const email = uniqueEmail('unconfirmed');
	const since = Date.now();
	await page.goto('/register');
	await a11y();
	await page.getByLabel('Name').fill('Liv Haugen');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await chooseCountry(page, 'Sweden');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })
	).toBeVisible();
	await a11y();
	const first = await waitForMail(email, { since });
	expect(first.subject).toBe('Confirm your e-mail address for Spire');
	expect(first.text).toContain('Hello Liv Haugen,');

	// A wrong password learns nothing; the right one is told to confirm, and gets a new link.
	await logIn(page, a11y, email, 'not the password at all');
	await expect(page.getByText('The email or password is not right.')).toBeVisible();
	const resent = Date.now();
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByText('Your e-mail address is not confirmed yet.')).toBeVisible();
	await a11y();
	const second = await waitForMail(email, { since: resent });
	expect(mailedLink(second, '/verify-email')).not.toBe(mailedLink(first, '/verify-email'));

	await page.goto(mailedLink(second, '/verify-email'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your e-mail address');
	await a11y();
	await page.getByRole('button', { name: 'Confirm and sign in' }).click();
	await expect(page).toHaveURL(/\/courses$/);
	await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
	await a11y();

	// Each link works once, and confirming retires the older one too.
	for (const used of [first, second]) {
		await page.goto(mailedLink(used, '/verify-email'));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
	}
	await a11y();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('registering and confirming the address work as plain forms', async ({ page, a11y }) => {
		const email = uniqueEmail('plain');
		const since = Date.now();
		await page.goto('/register');
		await a11y();
		await page.getByLabel('Name').fill('Tor Eng');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(PASSWORD);
		await chooseCountry(page, 'Another country');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
		await a11y();
		const mail = await waitForMail(email, { since });
		await page.goto(mailedLink(mail, '/verify-email'));
		await a11y();
		await page.getByRole('button', { name: 'Confirm and sign in' }).click();
		await expect(page).toHaveURL(/\/courses$/);
		await a11y();
	});
});

test('registration asks for the country where you work, and refuses to go on without one', async ({
	page,
	a11y
}) => {
	const email = uniqueEmail('country');
	await page.goto('/register');
	const country = page.getByLabel('Country where you work');
	// English is read everywhere: nothing is preselected.
	await expect(country).toHaveValue('');
	await expect(country.getByRole('option')).toHaveText([
		'Choose a country',
		'Norway',
		'Denmark',
		'Sweden',
		'Finland',
		'Iceland',
		'Another country'
	]);
	await page.getByLabel('Name').fill('Eira Lind');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(country).toHaveAccessibleDescription(
		/Choose the country where you work, or Another country\./
	);
	await expect(page.getByLabel('Name')).toHaveValue('Eira Lind');
	await a11y();

	const since = Date.now();
	await chooseCountry(page, 'Iceland');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await a11y();
	const mail = await waitForMail(email, { since });
	await page.goto(mailedLink(mail, '/verify-email'));
	await a11y();
	await page.getByRole('button', { name: 'Confirm and sign in' }).click();
	await expect(page).toHaveURL(/\/courses$/);
	await a11y();
	await page.goto('/account');
	await expect(page.getByLabel('Country where you work')).toHaveValue('IS');
	await a11y();
});
