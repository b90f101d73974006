/**
 * An educator follows a group's progress: a learner joins by the invite link and completes the
 * assigned course; the educator sees it ticked off in the group matrix, sorts and filters it with
 * plain links, opens the learner's detail and downloads both as CSV for a spreadsheet.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { organisationWithEducator } from './admin-accounts';
import { COURSE, answerQuiz, expect, logIn, logOut, register, test } from './fixtures';

type Scan = () => Promise<void>;

/** Every lesson completed with Complete and continue, then the quiz passed, as the learner does it. */
async function completeCourse(page: Page, a11y: Scan) {
	await page.goto(`/courses/${COURSE.slug}`);
	await a11y();
	await page.getByRole('button', { name: 'Start' }).click();
	while (!page.url().endsWith('/quiz')) {
		await expect(page.getByText(/^Lesson \d+ of \d+$/)).toBeVisible();
		await a11y();
		const lesson = page.url();
		await page.getByRole('button', { name: 'Complete and continue' }).click();
		await expect(page).not.toHaveURL(lesson);
		await expect(page.getByRole('status')).toContainText('Lesson completed:');
	}
	await a11y();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await answerQuiz(page, { correctly: true });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText('You have completed the course.')).toBeVisible();
	await a11y();
}

test('an educator sees a learner complete the assigned course in the group matrix and exports it as CSV', async ({
	page,
	a11y
}) => {
	test.slow(); // three accounts, a whole course and two downloads
	const educator = await register(page, a11y, { name: 'Eli Educator' });
	await a11y();
	await logOut(page, a11y);
	const organisation = await organisationWithEducator(
		page,
		a11y,
		educator.email,
		'Solsiden barnehage'
	);

	// The educator makes a group, an invite link and assigns the course with a due date.
	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/educate');
	await a11y();
	await page.getByLabel('Organisation').selectOption({ label: organisation });
	await page.getByLabel('Group name').fill('Nye ansatte, høst 2026');
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Nye ansatte, høst 2026' })
	).toBeVisible();
	await expect(page.getByText("Assign a course to see the group's progress here.")).toBeVisible();
	await a11y();
	await page.getByRole('button', { name: 'Invite link' }).click();
	const inviteLink = (await page.getByRole('link', { name: 'Copy link' }).getAttribute('href'))!;
	await page.getByRole('checkbox', { name: COURSE.title }).check();
	const due = new Date(Date.now() + 14 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
	await page.getByLabel('Due date').fill(due);
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByText('The course is assigned.')).toBeVisible();
	await a11y();
	await logOut(page, a11y);

	// A learner joins by the link and completes the course.
	const learner = await register(page, a11y, { name: 'Åse Ødegård' });
	await a11y();
	await page.goto(new URL(inviteLink).pathname);
	await a11y();
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await a11y();
	await completeCourse(page, a11y);
	await logOut(page, a11y);

	// The educator sees the course ticked off, with the date and the best score.
	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/educate');
	await a11y();
	await page.getByRole('link', { name: 'Nye ansatte, høst 2026' }).click();
	const matrix = page.getByRole('table', {
		name: "Progress of each person in the group's assigned courses"
	});
	const row = matrix
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: learner.name }) });
	await expect(row.getByRole('cell')).toContainText('✓');
	await expect(row.getByRole('cell')).toContainText('Completed');
	await expect(row.getByRole('cell')).toContainText('Best score 100%');
	await expect(matrix.getByRole('row').last()).toContainText('100% (1 of 1)');
	await expect(page.getByRole('img', { name: 'Completion per course' })).toBeVisible();
	await a11y();

	// Sorting and filtering are plain links.
	await page
		.getByRole('navigation', { name: 'Show' })
		.getByRole('link', { name: 'Not started' })
		.click();
	await expect(page).toHaveURL(/\?filter=not-started/);
	await expect(page.getByText('Nobody in the group matches this filter.')).toBeVisible();
	await a11y();
	await page
		.getByRole('navigation', { name: 'Sort by' })
		.getByRole('link', { name: 'Progress' })
		.click();
	await expect(page).toHaveURL(/\?sort=progress&filter=not-started/);
	await page
		.getByRole('navigation', { name: 'Show' })
		.getByRole('link', { name: 'Everyone' })
		.click();
	await expect(page).toHaveURL(/\?sort=progress#/);
	await expect(matrix.getByRole('rowheader', { name: learner.name })).toBeVisible();
	await a11y();

	// The CSV opens in a spreadsheet with æ, ø and å intact: UTF-8 with a byte order mark.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Export CSV' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/progress \d{4}-\d{2}-\d{2}\.csv$/);
	const bytes = await readFile(await download.path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const csv = bytes.subarray(3).toString('utf8');
	expect(csv).toContain(`${learner.name},Completed,100,`);
	expect(csv).toContain(`,${due},100`);

	// The learner's detail: every lesson done, the attempt with each question.
	await matrix.getByRole('link', { name: learner.name }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `${learner.name}: progress` })
	).toBeVisible();
	await expect(page.getByRole('table', { name: `Lessons in ${COURSE.title}` })).not.toContainText(
		'Not completed'
	);
	await expect(page.getByRole('table', { name: /^Attempt 1, .*: 100%, passed$/ })).toContainText(
		'Right'
	);
	await a11y();
	const [detail] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Export CSV' }).click()
	]);
	const detailBytes = await readFile(await detail.path());
	expect([...detailBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(detailBytes.toString('utf8')).toContain(`${COURSE.title},attempt,1,`);
});
