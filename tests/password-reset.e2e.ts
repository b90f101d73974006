import {
	PASSWORD,
	expect,
	logIn,
	mailedLink,
	mailsTo,
	register,
	test,
	uniqueEmail,
	waitForMail
} from './fixtures';

const NEW_PASSWORD = 'a lantern by the fjord';

test('a forgotten password is reset through the mailed link: the old one stops working and every other session ends', async ({
	page,
	browser,
	a11y
}) => {
	const { email } = await register(page, a11y);
	await a11y();
	// A second device, signed in as well.
	const otherDevice = await browser.newContext();
	const other = await otherDevice.newPage();
	await logIn(other, async () => {}, email);
	await expect(other).toHaveURL(/\/me$/);

	const resetting = await browser.newContext();
	const visitor = await resetting.newPage();
	const since = Date.now();
	await visitor.goto('/login');
	await visitor.getByRole('link', { name: 'Forgot password?' }).click();
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
	await visitor.getByLabel('Email').fill(email.toUpperCase());
	await visitor.getByRole('button', { name: 'Send reset link' }).click();
	await expect(visitor.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();

	const mail = await waitForMail(email, { since, subject: 'Choose a new password for Spire' });
	expect(mail.from).toBe('no-reply@spire.test');
	expect(mail.html).toContain('href="http://localhost');
	const link = mailedLink(mail, '/reset-password');
	await visitor.goto(link);
	await visitor.getByLabel('New password').fill('short');
	await visitor.getByRole('button', { name: 'Save new password' }).click();
	await expect(visitor.getByLabel('New password')).toHaveAccessibleDescription(/at least 8/);
	await visitor.getByLabel('New password').fill(NEW_PASSWORD);
	await visitor.getByRole('button', { name: 'Save new password' }).click();
	await expect(visitor).toHaveURL(/\/me$/);

	// Both earlier sessions have ended.
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme$/);
	await a11y();
	await other.goto('/me');
	await expect(other).toHaveURL(/\/login/);

	// The old password no longer works; the new one does.
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByText('The email or password is not right.')).toBeVisible();
	await page.getByLabel('Password').fill(NEW_PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/me$/);
	await a11y();

	// The link worked once.
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
	await a11y();
	await page.getByRole('link', { name: 'Ask for a new link' }).click();
	await expect(page).toHaveURL(/\/forgot-password$/);
	await a11y();
	await otherDevice.close();
	await resetting.close();
});

test('asking for a reset says the same for an address without an account, and mails nothing', async ({
	page,
	a11y
}) => {
	const nobody = uniqueEmail('nobody');
	await page.goto('/forgot-password');
	await a11y();
	await page.getByLabel('Email').fill(nobody);
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await expect(
		page.getByText('If an account uses this address, we have sent it a link')
	).toBeVisible();
	await a11y();

	// An address nobody registered gets no mail; a bad one is answered next to the field.
	await page.goto('/forgot-password');
	await page.getByLabel('Email').fill('not an address');
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/like name@example.org/);
	await expect(page.getByLabel('Email')).toHaveValue('not an address');
	await a11y();
	expect(mailsTo(nobody)).toEqual([]);
});

test('an unknown, malformed or missing reset token gets a page that says what to do next', async ({
	page,
	a11y
}) => {
	for (const path of [
		'/reset-password?token=abcdefghijklmnopqrstuvwxyz234567',
		`/reset-password?token=${'%ff'.repeat(300)}`,
		'/reset-password'
	]) {
		const response = await page.goto(path);
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
		await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
	}
	await a11y();
});
