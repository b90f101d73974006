/**
 * Finding one's way around: who is signed in, the header on a phone (a menu that opens without
 * JavaScript), the footer and the About page, and logging in from a lesson or the quiz and
 * landing back there.
 */
import { COURSE, PASSWORD, expect, logOut, mainNavigation, register, test } from './fixtures';

const LESSON = {
	path: `/courses/${COURSE.slug}/withdrawal-and-the-adbb`,
	title: 'Brief and sustained withdrawal'
};

test('the header says who is signed in, next to Log out', async ({ page, a11y }) => {
	await register(page, a11y, { name: 'Kari Nordmann' });
	await a11y();
	const navigation = page.getByRole('navigation', { name: 'Main' });
	await expect(navigation.getByText('Signed in as Kari Nordmann')).toBeVisible();
	await expect(navigation.getByRole('button', { name: 'Log out' })).toBeVisible();
	// On a desktop the links are all in view; there is no menu to open.
	await expect(page.getByRole('banner').getByText('Menu', { exact: true })).toBeHidden();
	await page.goto('/account');
	await page.getByLabel('Name', { exact: true }).fill('Kari Nordmann-Lie');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(navigation.getByText('Signed in as Kari Nordmann-Lie')).toBeVisible();
	await a11y();
	await logOut(page, a11y);
	await expect(page.getByText(/Signed in as/)).toHaveCount(0);
});

test.describe('on a phone, without JavaScript', () => {
	test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

	test('the navigation folds behind Menu, which opens and closes as a plain disclosure', async ({
		page,
		a11y
	}) => {
		await register(page, a11y, { name: 'Ola Telefon' });
		await a11y();
		const banner = page.getByRole('banner');
		const menu = banner.getByText('Menu', { exact: true });
		const navigation = page.getByRole('navigation', { name: 'Main' });
		await expect(menu).toBeVisible();
		await expect(navigation).toBeHidden();
		await expect(banner.getByRole('link', { name: 'Spire' })).toBeVisible();
		await a11y();

		// By keyboard: Tab past the skip link and the brand to Menu, then Enter.
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await expect(menu).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(navigation).toBeVisible();
		await expect(navigation.getByRole('link', { name: 'My learning' })).toBeVisible();
		await expect(navigation.getByText('Signed in as Ola Telefon')).toBeVisible();
		await expect(navigation.getByRole('button', { name: 'Log out' })).toBeVisible();
		await a11y();
		// Each link is on a row of its own, as wide as the menu.
		const links = await navigation
			.getByRole('link')
			.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect()));
		for (let i = 1; i < links.length; i++) expect(links[i].top).toBeGreaterThan(links[i - 1].top);

		await page.keyboard.press('Enter');
		await expect(navigation).toBeHidden();
		await menu.click();
		await navigation.getByRole('link', { name: 'My learning' }).click();
		await expect(page).toHaveURL(/\/me$/);
		// A new page starts with the menu folded again.
		await expect(navigation).toBeHidden();
		await a11y();
		// Log out is in the menu too; afterwards the menu offers Log in.
		await logOut(page, a11y);
	});

	test('logging in from a lesson leads back to the lesson, and the login page says why', async ({
		page,
		a11y
	}) => {
		const { email } = await register(page, a11y);
		await a11y();
		await page.context().clearCookies();

		await page.goto(LESSON.path);
		await a11y();
		const logIn = page.getByRole('main').getByRole('link', { name: 'Log in' });
		expect(await logIn.getAttribute('href')).toBe(
			`/login?redirectTo=${encodeURIComponent(LESSON.path)}`
		);
		await logIn.click();
		await expect(
			page.getByText('Log in to save your progress. You come back to the lesson afterwards.')
		).toBeVisible();
		await a11y();
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(new RegExp(`${LESSON.path}$`));
		await expect(page.getByRole('heading', { level: 1, name: LESSON.title })).toBeVisible();
		await a11y();

		// The header's Log in, on a course page, leads back as well.
		await page.context().clearCookies();
		await page.goto(`/courses/${COURSE.slug}`);
		await (await mainNavigation(page)).getByRole('link', { name: 'Log in' }).click();
		await expect(page.getByText('Log in to keep track of your progress.')).toBeVisible();
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}$`));
		await a11y();

		// The quiz asks for a login first, and then opens.
		await page.context().clearCookies();
		await page.goto(`/courses/${COURSE.slug}/quiz`);
		await expect(page).toHaveURL(/\/login\?redirectTo=/);
		await expect(page.getByText('Log in to take the quiz.')).toBeVisible();
		await page.getByLabel('Email').fill('wrong@example.org');
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		// A refused try keeps the reason and the way back.
		await expect(page.getByText('Log in to take the quiz.')).toBeVisible();
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/quiz$`));
		await expect(
			page.getByRole('heading', { level: 1, name: `Quiz: ${COURSE.title}` })
		).toBeVisible();
		await a11y();
	});
});

test('a plain visit to the login page gives no reason, and creating an account instead keeps the way back', async ({
	page,
	a11y
}) => {
	await page.goto('/login');
	await expect(
		page.getByText(/You come back to|^Log in to (see|take|save|keep|join|go on)/)
	).toHaveCount(0);
	await page.goto(`/login?redirectTo=${encodeURIComponent(LESSON.path)}`);
	await expect(
		page.getByRole('main').getByRole('link', { name: 'Create account' })
	).toHaveAttribute('href', `/register?redirectTo=${encodeURIComponent(LESSON.path)}`);
	// Somewhere off the site is no way back, and gives no reason.
	await page.goto(`/login?redirectTo=${encodeURIComponent('//evil.example/courses/x/quiz')}`);
	await expect(page.getByText('Log in to take the quiz.')).toHaveCount(0);
	await expect(
		page.getByRole('main').getByRole('link', { name: 'Create account' })
	).toHaveAttribute('href', '/register');
	await a11y();
});

test('the footer leads to the About page and to contact', async ({ page, a11y }) => {
	await page.goto('/');
	await a11y();
	const footer = page.getByRole('contentinfo');
	await footer.getByRole('link', { name: 'About Spire' }).click();
	await expect(page).toHaveURL(/\/about$/);
	await expect(page.getByRole('heading', { level: 1, name: 'About Spire' })).toBeVisible();
	const origin = page.getByRole('region', { name: 'Where Spire comes from' });
	await expect(origin).toContainText('The First 1000 Days in the Nordic Countries');
	await expect(origin).toContainText('Nordic Council of Ministers');
	await expect(origin).toContainText('Norwegian workshop in June 2021');
	await expect(origin).toContainText(
		'New kindergarten staff should therefore take a required course'
	);
	await a11y();

	await footer.getByRole('link', { name: 'Contact' }).click();
	await expect(page).toHaveURL(/\/about#contact$/);
	const contact = page.getByRole('region', { name: 'Contact' });
	await expect(contact).toBeInViewport();
	// The test server has no SPIRE_CONTACT_EMAIL: a plain sentence instead of an address.
	await expect(contact).toContainText('Ask the person who gave you access to Spire');
	await expect(contact.getByRole('link')).toHaveCount(0);
	for (const name of ['Privacy', 'Accessibility']) {
		await expect(footer.getByRole('link', { name })).toBeVisible();
	}
});
