import type { BrowserContext } from '@playwright/test';
import { executeInE2eDatabase } from './e2e-database';
import {
	actionStatus,
	errorSummary,
	expect,
	logIn,
	logOut,
	register,
	test,
	uniqueEmail
} from './fixtures';

const COOKIE = 'spire_session';

async function sessionCookie(context: BrowserContext) {
	return (await context.cookies()).find((c) => c.name === COOKIE);
}

test('the session cookie is HttpOnly, SameSite=Lax and scoped to the whole site', async ({
	page,
	context,
	a11y
}) => {
	await register(page, a11y);
	await a11y();
	const cookie = await sessionCookie(context);
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
	expect(cookie!.value).toMatch(/^[a-z2-7]{32}$/);
});

test('logging out ends the session on the server, so the old cookie no longer works', async ({
	page,
	context,
	a11y
}) => {
	await register(page, a11y);
	await a11y();
	const { value: oldToken } = (await sessionCookie(context))!;
	await logOut(page, a11y);

	await context.addCookies([{ name: COOKIE, value: oldToken, url: page.url() }]);
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme$/);
	await a11y();
});

test('a tampered session cookie is rejected and removed', async ({ page, context, a11y }) => {
	await register(page, a11y);
	await a11y();
	const cookie = (await sessionCookie(context))!;
	const tampered = (cookie.value[0] === 'a' ? 'b' : 'a') + cookie.value.slice(1);
	await context.addCookies([{ name: COOKIE, value: tampered, url: page.url() }]);
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login/);
	await a11y();
	expect(await sessionCookie(context)).toBeUndefined();
});

test('an expired session is rejected', async ({ page, a11y }) => {
	const { email } = await register(page, a11y);
	await a11y();
	// Age this user's sessions past their idle expiry, straight in the server's database.
	await executeInE2eDatabase({
		sql: 'UPDATE sessions SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE email_normalized = ?)',
		args: [Date.now() - 1000, email.toLowerCase()]
	});
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login/);
	await a11y();
});

test('login answers a wrong password and an unknown email alike', async ({ page, a11y }) => {
	const { email } = await register(page, a11y);
	await a11y();
	await logOut(page, a11y);

	const message = 'The email or password is not right.';
	await logIn(page, a11y, email, 'not the right password');
	await expect(errorSummary(page).getByRole('listitem')).toHaveText(message);
	await a11y();
	await logIn(page, a11y, uniqueEmail('nobody'), 'not the right password');
	await expect(errorSummary(page).getByRole('listitem')).toHaveText(message);
});

test('repeated failed logins are throttled with a clear wait time', async ({ page, a11y }) => {
	const { email } = await register(page, a11y);
	await a11y();
	await logOut(page, a11y);
	for (let i = 0; i < 4; i++) {
		await logIn(page, a11y, email, `wrong password ${i}`);
		await expect(errorSummary(page).getByRole('listitem')).toHaveText(
			'The email or password is not right.'
		);
	}
	const fifth = page.waitForResponse((r) => r.request().method() === 'POST');
	await logIn(page, a11y, email, 'wrong password 5');
	expect(await actionStatus(await fifth)).toBe(429);
	await expect(errorSummary(page).getByRole('listitem')).toHaveText(
		'Too many failed attempts. Try again in 30 seconds.'
	);
	await a11y();

	// Even the right password waits until the lock ends.
	await logIn(page, a11y, email);
	await expect(errorSummary(page).getByRole('listitem')).toContainText('Try again in');
	await expect(page).toHaveURL(/\/login/);
});

test("a stranger's failed logins do not lock the owner out of their own device", async ({
	browser,
	page,
	context,
	a11y
}) => {
	const { email, password } = await register(page, a11y);
	await a11y();
	expect((await context.cookies()).some((c) => c.name === 'spire_device')).toBe(true);
	await logOut(page, a11y);

	// Someone else, in another browser, guesses until the account is locked for strangers.
	const stranger = await browser.newContext();
	const strangerPage = await stranger.newPage();
	for (let i = 0; i < 5; i++) {
		await strangerPage.goto('/login');
		await strangerPage.getByLabel('Email').fill(email);
		await strangerPage.getByLabel('Password').fill(`a wrong guess ${i}`);
		await strangerPage.getByRole('button', { name: 'Log in' }).click();
		await expect(errorSummary(strangerPage).getByRole('listitem')).not.toBeEmpty();
	}
	await expect(errorSummary(strangerPage).getByRole('listitem')).toContainText('Try again in');
	// Even the right password waits, for a stranger.
	await strangerPage.goto('/login');
	await strangerPage.getByLabel('Email').fill(email);
	await strangerPage.getByLabel('Password').fill(password);
	await strangerPage.getByRole('button', { name: 'Log in' }).click();
	await expect(errorSummary(strangerPage).getByRole('listitem')).toContainText('Try again in');
	await stranger.close();

	// The owner's browser, trusted since registration, gets in at once.
	await logIn(page, a11y, email, password);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
});

test('changing the password ends the other sessions and gives this one a new token', async ({
	browser,
	page,
	a11y
}) => {
	const { email, password } = await register(page, a11y);
	await a11y();
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await otherPage.goto(page.url());
	await otherPage.goto('/login');
	await otherPage.getByLabel('Email').fill(email);
	await otherPage.getByLabel('Password').fill(password);
	await otherPage.getByRole('button', { name: 'Log in' }).click();
	await expect(otherPage).toHaveURL(/\/me$/);

	await page.goto('/account');
	await a11y();
	const tokenBefore = (await sessionCookie(page.context()))!.value;
	await page.getByLabel('Current password').fill(password);
	await page.getByLabel('New password').fill('another quiet harbour');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Your password is changed' })
	).toBeVisible();
	await a11y();

	// This browser carries on with a new session token; the old one no longer works.
	const tokenAfter = (await sessionCookie(page.context()))!.value;
	expect(tokenAfter).not.toBe(tokenBefore);
	await otherPage.goto('/me');
	await expect(otherPage).toHaveURL(/\/login/);
	await page.goto('/me');
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await other.close();
});
