/**
 * An educator puts new staff in a group and gives them the induction course with a due date:
 * a group, an invite link, a learner who joins by it and finds the course on their learning page.
 * The educator is made by an admin, and the first admin with `npm run admin:create`.
 */
import type { Browser } from '@playwright/test';
import { organisationWithEducator } from './admin-accounts';
import {
	COURSE,
	PASSWORD,
	confirmAddress,
	expect,
	logIn,
	logOut,
	register,
	test,
	uniqueEmail
} from './fixtures';

/** A date `days` from today as `<input type="date">` takes it. */
function daysFromNow(days: number) {
	return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

test('an educator makes a group, invites a learner by link and assigns the course with a due date', async ({
	page,
	browser,
	a11y
}) => {
	test.slow(); // three people, three accounts confirmed by mail, and an admin made by command
	const educator = await register(page, a11y, { name: 'Eda Educator' });
	await a11y();
	await logOut(page, a11y);
	const organisation = await organisationWithEducator(page, a11y, educator.email);

	await logIn(page, a11y, educator.email);
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Groups' })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
	await a11y();

	// A name that is too long is refused next to the field and kept.
	await page.getByLabel('Organisation').selectOption({ label: organisation });
	await page.getByLabel('Group name').fill('x'.repeat(1000));
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByText("Use at most 120 characters for the group's name.")).toBeVisible();
	await a11y();
	await page.getByLabel('Group name').fill('New staff, autumn 2026');
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'New staff, autumn 2026' })
	).toBeVisible();
	await a11y();

	await page.getByRole('button', { name: 'Invite link' }).click();
	const copy = page.getByRole('link', { name: 'Copy link' });
	await expect(copy).toBeVisible();
	const inviteLink = (await copy.getAttribute('href'))!;
	expect(inviteLink).toMatch(/\/join\/[a-z2-7]{32}$/);
	await a11y();

	// Assigning nothing is refused next to the course list; the due date stays.
	await page.getByLabel('Due date').fill(daysFromNow(5));
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByText('Choose at least one course.')).toBeVisible();
	await expect(page.getByLabel('Due date')).toHaveValue(daysFromNow(5));
	await a11y();
	await page.getByRole('checkbox', { name: COURSE.title }).check();
	await page.getByLabel('Due date').fill(daysFromNow(5));
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByText('The course is assigned.')).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: COURSE.title })).toContainText('due');
	await a11y();
	await logOut(page, a11y);

	// A new learner opens the link, creates an account, comes back and joins.
	await page.goto(new URL(inviteLink).pathname);
	await expect(page.getByText('New staff, autumn 2026')).toBeVisible();
	await a11y();
	const learner = await register(page, a11y, { name: 'Noor Nyansatt' });
	await a11y();
	await page.goto(new URL(inviteLink).pathname);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await a11y();
	await page.getByRole('link', { name: 'Go to my learning' }).click();
	const assigned = page.getByRole('region', { name: 'Assigned to you' });
	await expect(assigned.getByRole('link', { name: COURSE.title })).toBeVisible();
	await expect(assigned.getByText('Due soon')).toBeVisible();
	await expect(assigned.getByText('Assigned by Eda Educator')).toBeVisible();
	await a11y();

	// Opening the link again says so instead of joining twice.
	await page.goto(new URL(inviteLink).pathname);
	await expect(page.getByText('You are already in this group.')).toBeVisible();
	await a11y();
	await logOut(page, a11y);

	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/educate');
	await a11y();
	await page.getByRole('link', { name: 'New staff, autumn 2026' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: learner.name })).toBeVisible();
	await a11y();
	await expectJoinWithoutJavaScript(browser, inviteLink);
});

/** Joining by the link works with JavaScript off, and so does a link that leads nowhere. */
async function expectJoinWithoutJavaScript(browser: Browser, inviteLink: string) {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const email = uniqueEmail('nojs');
	const since = Date.now();
	await page.goto('/register');
	await page.getByLabel('Name').fill('Sam Utenskript');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	// Scanned with JavaScript on by the test's own a11y fixture; this context only checks the flow.
	await confirmAddress(page, async () => {}, email, since);
	await page.goto(new URL(inviteLink).pathname);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	const unknown = await page.goto('/join/abcdefghijklmnopqrstuvwxyz234567');
	expect(unknown?.status()).toBe(404);
	await expect(page.getByText('This invite link does not lead to a group.')).toBeVisible();
	await context.close();
}
