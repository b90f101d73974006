import { COURSE, chooseCountry, expect, mailedLink, register, test, waitForMail } from './fixtures';
import { message } from './messages';

test('every public page passes axe', async ({ page, a11y }) => {
	for (const path of ['/', '/courses', `/courses/${COURSE.slug}`, '/login', '/register']) {
		await page.goto(path);
		await a11y();
	}
	await page.goto(`/courses/${COURSE.slug}`);
	await page.getByRole('region', { name: 'Lessons' }).getByRole('link').first().click();
	await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
	await a11y();
});

test('an unknown course or lesson shows a friendly 404 page, without any stack trace', async ({
	page,
	a11y
}) => {
	for (const path of [
		'/courses/no-such-course',
		`/courses/${COURSE.slug}/no-such-lesson`,
		'/nowhere'
	]) {
		const response = await page.goto(path);
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Go to the courses' })).toBeVisible();
		expect(await page.content()).not.toMatch(/at .+\.js:\d+|Error:/);
		await a11y();
	}
});

test('the account page, with and without errors, passes axe', async ({ page, a11y }) => {
	await register(page, a11y, { name: 'Kari Lund' });
	await a11y();
	await page.goto('/account');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Kari Lund');
	await a11y();

	await page.getByLabel('Name', { exact: true }).fill('');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
		'Enter your name.'
	);
	await page.getByLabel('Current password').fill('not my password');
	await page.getByLabel('New password').fill('password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByLabel('New password')).toHaveAccessibleDescription(
		/This password is one of the most common ones/
	);
	await expect(page.getByLabel('Current password')).toHaveValue('');
	await a11y();

	await page.getByLabel('Name', { exact: true }).fill('Kari Lund-Berg');
	await page.getByLabel('Preferred language').selectOption('nb');
	await page.getByRole('button', { name: 'Save profile' }).click();
	// The page comes again in the new language, with its confirmation.
	await expect(page.getByText(message('nb', 'account_profile_saved'))).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await page.reload();
	await expect(page.getByLabel(message('nb', 'field_name'), { exact: true })).toHaveValue(
		'Kari Lund-Berg'
	);
	await expect(page.getByLabel(message('nb', 'field_language'))).toHaveValue('nb');
	await a11y();
});

test('registering with a taken email, in any letter case, looks like any registration and mails the owner', async ({
	page,
	a11y
}) => {
	const { email } = await register(page, a11y);
	await a11y();
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/$/);
	await a11y();
	const since = Date.now();
	await page.goto('/register');
	await page.getByLabel('Name').fill('Someone Else');
	await page.getByLabel('Email').fill(email.toUpperCase());
	await page.getByLabel('Password').fill('a different long phrase');
	await chooseCountry(page, 'Denmark');
	await page.getByRole('button', { name: 'Create account' }).click();
	// The same page a new address gets, and nobody is signed in.
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })
	).toBeVisible();
	await a11y();
	const mail = await waitForMail(email, {
		since,
		subject: 'Someone tried to register with your address'
	});
	expect(mail.text).toContain('Did you forget your password?');
	expect(mailedLink(mail, '/reset-password')).toMatch(/^\/reset-password\?token=[a-z2-7]{32}$/);
});

test('a learner can register, study and take the quiz with the keyboard alone', async ({
	page,
	a11y
}) => {
	await page.goto('/');
	await a11y();
	// The first Tab reaches the skip link, which moves focus to the main content.
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to main content' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);

	await page.goto('/register');
	await a11y();
	await page.getByLabel('Name').focus();
	await page.keyboard.type('Eira Solberg');
	await page.keyboard.press('Tab');
	const email = `eira-${Date.now()}@example.org`;
	const since = Date.now();
	await page.keyboard.type(email);
	await page.keyboard.press('Tab');
	await page.keyboard.type('long quiet winter evenings');
	// Past the language to the country, picked by typing its first letters.
	await tabUntilFocused(page, page.getByLabel('Country where you work'));
	await page.keyboard.type('Fin');
	await expect(page.getByLabel('Country where you work')).toHaveValue('FI');
	await tabUntilFocused(page, page.getByRole('button', { name: 'Create account' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await a11y();
	const mail = await waitForMail(email, { since });
	await page.goto(mailedLink(mail, '/verify-email'));
	await a11y();
	await tabUntilFocused(page, page.getByRole('button', { name: 'Confirm and sign in' }));
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/courses$/);
	await a11y();

	// Tab to the course link and open it.
	await tabUntilFocused(page, page.getByRole('link', { name: COURSE.title }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
	await a11y();
	await tabUntilFocused(page, page.getByRole('button', { name: 'Start' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Mark as complete' })).toBeVisible();
	await a11y();
	await tabUntilFocused(page, page.getByRole('button', { name: 'Mark as complete' }));
	await page.keyboard.press('Enter');
	await expect(page.getByText('You have completed this lesson.')).toBeVisible();

	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await tabUntilFocused(page, page.getByRole('button', { name: 'Start the quiz' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Submit answers' })).toBeVisible();
	await a11y();
	// Choose the first option of every question with Tab and Space, then submit with Enter.
	const groups = page.getByRole('main').getByRole('group');
	for (let i = 0; i < (await groups.count()); i++) {
		const first = groups.nth(i).locator('input').first();
		await tabUntilFocused(page, first);
		await page.keyboard.press('Space');
		await expect(first).toBeChecked();
	}
	await tabUntilFocused(page, page.getByRole('button', { name: 'Submit answers' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible();
	await a11y();
});

/** Presses Tab until `target` has focus (at most 200 times), as a keyboard user would. */
async function tabUntilFocused(
	page: import('@playwright/test').Page,
	target: import('@playwright/test').Locator
) {
	for (let i = 0; i < 200; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	await expect(target).toBeFocused();
}
