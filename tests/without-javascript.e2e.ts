import { COURSE, answerQuiz, expect, register, test } from './fixtures';

test.use({ javaScriptEnabled: false });

test('without JavaScript a learner registers, completes a lesson and submits a quiz', async ({
	page,
	a11y
}) => {
	await register(page, a11y, { name: 'Nils Holm' });
	await a11y();

	await page.goto(`/courses/${COURSE.slug}`);
	await a11y();
	await page.getByRole('button', { name: 'Start' }).click();
	const posted = page.waitForResponse((r) => r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Mark as complete' }).click();
	expect((await posted).status()).toBe(303);
	await expect(page.getByText('You have completed this lesson.')).toBeVisible();
	await a11y();

	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await a11y();

	// An incomplete submission is refused with 400, lists and marks the questions left open, and
	// keeps the answers given.
	const first = page.getByRole('main').getByRole('group').first();
	await first.getByRole('radio').or(first.getByRole('checkbox')).first().check();
	const refused = page.waitForResponse((r) => r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Submit answers' }).click();
	expect((await refused).status()).toBe(400);
	await expect(page.getByRole('heading', { name: 'Please fix the following' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Answer question 2' })).toBeVisible();
	await expect(page.getByText('Answer this question.').first()).toBeVisible();
	await expect(
		page.getByRole('main').getByRole('group').first().locator('input:checked')
	).toHaveCount(1);
	await a11y();

	await answerQuiz(page, { correctly: true });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText(/You scored 100%/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Feedback on each question' })).toBeVisible();
	await a11y();
});

test('without JavaScript a bad registration keeps the name and email, never the password', async ({
	page,
	a11y
}) => {
	await page.goto('/register');
	await page.getByLabel('Name').fill('Liv Dahl');
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Password').fill('short');
	const posted = page.waitForResponse((r) => r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Create account' }).click();
	expect((await posted).status()).toBe(400);
	await expect(page.getByLabel('Name')).toHaveValue('Liv Dahl');
	await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
	await expect(page.getByLabel('Email')).toHaveAccessibleDescription(
		'Enter an email address like name@example.org.'
	);
	await expect(page.getByLabel('Password')).toHaveValue('');
	await expect(page.getByLabel('Password')).toHaveAccessibleDescription(
		/Use at least 8 characters\./
	);
	await a11y();
});
