import { answerQuiz, COURSE, expect, logIn, logOut, register, test } from './fixtures';

test('a learner registers, studies every lesson, fails then passes the quiz and sees the course completed', async ({
	page,
	a11y
}) => {
	test.slow(); // a whole course: seven lessons and two quiz attempts

	await page.goto('/');
	await a11y();
	const learner = await register(page, a11y, { name: 'Astrid Berg' });
	await a11y();

	// Log out and in again: the journey begins from a real login.
	await logOut(page, a11y);
	await logIn(page, a11y, learner.email);
	await expect(page).toHaveURL(/\/me$/);
	await expect(page.getByRole('heading', { name: 'My learning' })).toBeVisible();
	await a11y();

	// Catalog → course
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Courses' })
		.click();
	await a11y();
	await page.getByRole('link', { name: COURSE.title }).click();
	await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
	await expect(
		page.getByRole('progressbar', { name: `Progress in ${COURSE.title}` })
	).toHaveAttribute('value', '0');
	await a11y();

	// Every lesson, with Complete and continue after each, from Start to the quiz.
	await page.getByRole('button', { name: 'Start' }).click();
	let lessons = 0;
	for (;;) {
		await expect(page.getByText(/^Lesson \d+ of \d+$/)).toBeVisible();
		// The lesson's own sources (the action card after the last lesson lists its own too).
		await expect(page.getByRole('heading', { level: 2, name: 'Sources' })).toBeVisible();
		await a11y();
		const lesson = page.url();
		await page.getByRole('button', { name: 'Complete and continue' }).click();
		await expect(page).not.toHaveURL(lesson);
		await expect(page.getByRole('status')).toContainText('Lesson completed:');
		lessons++;
		if (page.url().endsWith('/quiz')) break;
	}
	expect(lessons).toBeGreaterThanOrEqual(5);
	await a11y();

	// The course page now offers Continue, which leads to the quiz.
	await page.goto(`/courses/${COURSE.slug}`);
	await expect(page.getByText('Done', { exact: true })).toHaveCount(lessons);
	await a11y();
	await page.getByRole('button', { name: 'Continue' }).click();
	// A GET form: before hydration the browser itself submits it and adds an empty query.
	await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/quiz\\??$`));
	await a11y();

	// Fail on purpose and read the feedback.
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await a11y();
	await answerQuiz(page, { correctly: false });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText(/You scored 0%/)).toBeVisible();
	await expect(page.getByText(/You did not pass this time/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Feedback on each question' })).toBeVisible();
	await expect(page.getByText('Correct answer', { exact: false }).first()).toBeVisible();
	await expect(page.getByText('Why:').first()).toBeVisible();
	await a11y();

	// Retake and pass.
	await page.getByRole('link', { name: 'Retake the quiz' }).click();
	await expect(page.getByRole('table')).toContainText('Not passed');
	await a11y();
	await page.getByRole('button', { name: 'Retake the quiz' }).click();
	await answerQuiz(page, { correctly: true });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText(/You scored 100%/)).toBeVisible();
	await expect(page.getByText('You have completed the course.')).toBeVisible();
	await a11y();

	// My learning shows the course as completed, with the date and best score.
	await page.getByRole('link', { name: 'My learning' }).click();
	const completed = page.getByRole('region', { name: 'Completed' });
	await expect(completed.getByRole('link', { name: COURSE.title })).toBeVisible();
	await expect(completed).toContainText(/Completed on \d{1,2} \w+ \d{4}/);
	await expect(completed).toContainText('Best quiz score: 100%');
	// Nothing is in progress any more, and an empty section is not shown.
	await expect(page.getByRole('region', { name: 'In progress' })).toHaveCount(0);
	await a11y();
});
