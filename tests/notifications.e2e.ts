/**
 * A learner with a course due in five days gets the week's reminder, in the header's bell and by
 * e-mail, follows it to the course and marks the rest as read; with JavaScript and without.
 * Reminders are sent by `npm run reminders` with a fixed clock, as a cron job would run it; the
 * server's own scheduler would send the same reminders, once.
 */
import type { Page } from '@playwright/test';
import { COURSE, expect, mailedLink, mailsTo, register, test, waitForMail } from './fixtures';
import { assignCourseToLearner, runRemindersCommand } from './reminders-setup';

const COURSE_ID = 'signs-of-distress';
const DAY = 24 * 60 * 60 * 1000;

/**
 * When a course assigned `days` from `now` is due: the end of that calendar day in UTC, as
 * tests/assign-course.ts sets it. Reminders are timed from it, not from `now`, so the test does
 * not depend on the time of day it runs at.
 */
function dueAfter(now: Date, days: number): Date {
	const due = new Date(now.getTime() + days * DAY);
	due.setUTCHours(23, 59, 59, 999);
	return due;
}

/** The subjects of the reminder mails the address has had, oldest first. */
function remindersMailedTo(email: string) {
	return mailsTo(email)
		.map((mail) => mail.subject)
		.filter((subject) => /^(Due soon|Due within a day|Overdue):/.test(subject));
}

function bell(page: Page) {
	return page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: /^Notifications/ });
}

test('a learner gets a reminder in the bell and by e-mail, follows it, and marks all as read', async ({
	page,
	a11y,
	baseURL
}) => {
	test.slow(); // two commands run with tsx beside the server
	const learner = await register(page, a11y, { name: 'Rhea Reminder' });
	await a11y();
	assignCourseToLearner(baseURL!, learner.email, COURSE_ID, 5);

	// A run reminds everyone in the shared test database, so what it prints counts other tests'
	// learners too: this test looks at its own learner's mails and bell.
	const now = new Date();
	expect(runRemindersCommand(baseURL!, now)).toMatch(
		/Reminders: \d+ sent in the app, \d+ by e-mail\./
	);
	// A second run at the same moment sends this learner nothing again.
	runRemindersCommand(baseURL!, now);

	const mail = await waitForMail(learner.email, { subject: `Due soon: ${COURSE.title}` });
	expect(mail.text).toContain('Hello Rhea Reminder,');
	expect(mailedLink(mail, `/courses/${COURSE.slug}`)).toBe(`/courses/${COURSE.slug}`);
	expect(remindersMailedTo(learner.email)).toEqual([`Due soon: ${COURSE.title}`]);

	await page.goto('/me');
	await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
	await a11y();
	await bell(page).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
	// Loading (and preloading) the page reads nothing.
	await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
	await a11y();
	await page.getByRole('button', { name: `${COURSE.title} is due soon` }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}$`));
	await expect(bell(page)).toHaveAccessibleName('Notifications');
	await a11y();

	// A day before the due date, another reminder; then every unread one is marked read at once.
	runRemindersCommand(baseURL!, new Date(dueAfter(now, 5).getTime() - 12 * 60 * 60 * 1000));
	await waitForMail(learner.email, { subject: `Due within a day: ${COURSE.title}` });
	await page.goto('/notifications');
	await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
	await expect(page.getByText('Unread')).toHaveCount(1);
	await a11y();
	await page.getByRole('button', { name: 'Mark all as read' }).click();
	await expect(page.getByText('Every notification is read.')).toBeVisible();
	await expect(bell(page)).toHaveAccessibleName('Notifications');
	await a11y();

	// E-mail reminders can be turned off; in-app ones still come.
	await page.goto('/account');
	await page.getByLabel('Also send me reminders of due dates by e-mail').uncheck();
	await page.getByRole('button', { name: 'Save reminder setting' }).click();
	await expect(page.getByText('Your reminder setting is saved.')).toBeVisible();
	await a11y();
	await page.reload();
	await expect(page.getByLabel('Also send me reminders of due dates by e-mail')).not.toBeChecked();
	runRemindersCommand(baseURL!, new Date(dueAfter(now, 5).getTime() + 12 * 60 * 60 * 1000));
	await page.goto('/notifications');
	await expect(page.getByRole('button', { name: `${COURSE.title} is overdue` })).toBeVisible();
	expect(remindersMailedTo(learner.email)).toEqual([
		`Due soon: ${COURSE.title}`,
		`Due within a day: ${COURSE.title}`
	]);
	await a11y();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a learner follows a reminder and marks all as read', async ({ page, a11y, baseURL }) => {
		test.slow();
		const learner = await register(page, a11y, { name: 'Nils Nojs' });
		await a11y();
		assignCourseToLearner(baseURL!, learner.email, COURSE_ID, 5);
		const now = new Date();
		runRemindersCommand(baseURL!, now);
		runRemindersCommand(baseURL!, new Date(dueAfter(now, 5).getTime() - 12 * 60 * 60 * 1000));

		await page.goto('/notifications');
		await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
		await a11y();
		const followed = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: `${COURSE.title} is due within a day` }).click();
		expect((await followed).status()).toBe(303);
		await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}$`));
		await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
		await a11y();

		await page.goto('/notifications');
		await a11y();
		await page.getByRole('button', { name: 'Mark all as read' }).click();
		await expect(page).toHaveURL(/\/notifications$/);
		await expect(page.getByText('Every notification is read.')).toBeVisible();
		await expect(bell(page)).toHaveAccessibleName('Notifications');
		await a11y();
	});
});
