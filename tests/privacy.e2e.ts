import { readFile } from 'node:fs/promises';
import {
	COURSE,
	PASSWORD,
	actionStatus,
	answerQuiz,
	errorSummary,
	expect,
	logIn,
	register,
	test
} from './fixtures';

test('the privacy and accessibility pages pass axe and are linked from every footer and from registration', async ({
	page,
	a11y
}) => {
	await page.goto('/');
	await a11y();
	const footer = page.getByRole('contentinfo');
	await footer.getByRole('link', { name: 'Privacy' }).click();
	await expect(page).toHaveURL(/\/privacy$/);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Privacy: your data in Spire' })
	).toBeVisible();
	// The figures come from the code that enforces them.
	await expect(
		page.getByText('A login ends after 14 days without use, and after 60 days')
	).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'PARAGLIDE_LOCALE' })).toBeVisible();
	await expect(page.getByText('GDPR Article 77')).toBeVisible();
	await a11y();

	await footer.getByRole('link', { name: 'Accessibility' }).click();
	await expect(page).toHaveURL(/\/accessibility$/);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Accessibility statement for Spire' })
	).toBeVisible();
	await expect(page.getByText('Spire partially conforms to WCAG 2.2 level AA.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Tell us about a problem' })).toBeVisible();
	await a11y();

	await page.goto('/register');
	await a11y();
	const form = page
		.locator('form')
		.filter({ has: page.getByRole('button', { name: 'Create account' }) });
	await form.getByRole('link', { name: 'Read how Spire handles your data' }).click();
	await expect(page).toHaveURL(/\/privacy$/);
	await a11y();
});

test('a learner downloads everything Spire stores about them as JSON', async ({
	page,
	context,
	a11y,
	playwright,
	baseURL
}) => {
	const { name, email } = await register(page, a11y, { name: 'Siri Dahl' });
	await a11y();

	// One lesson completed and one quiz attempt submitted.
	await page.goto(`/courses/${COURSE.slug}`);
	await a11y();
	await page.getByRole('button', { name: 'Start' }).click();
	await page.getByRole('button', { name: 'Mark as complete' }).click();
	await expect(page.getByText('You have completed this lesson.')).toBeVisible();
	await a11y();
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page.getByRole('button', { name: 'Submit answers' })).toBeVisible();
	await a11y();
	await answerQuiz(page, { correctly: false });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible();
	await a11y();

	await page.goto('/account');
	await a11y();
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download my data' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^spire-data-\d{4}-\d{2}-\d{2}\.json$/);
	const text = await readFile((await download.path())!, 'utf8');
	const data = JSON.parse(text);

	expect(data.profile).toMatchObject({ name, email, preferredLanguage: 'en' });
	expect(data.progress.lessons).toHaveLength(1);
	expect(data.progress.lessons[0].completedAt).toEqual(expect.any(String));
	expect(data.progress.courseCompletions).toEqual([]);
	expect(data.quizAttempts).toHaveLength(1);
	const [attempt] = data.quizAttempts;
	expect(attempt.passed).toBe(false);
	expect(attempt.answers.length).toBeGreaterThan(0);
	for (const answer of attempt.answers) {
		expect(answer).toEqual({
			questionId: expect.any(String),
			selectedOptionIds: [expect.any(String)],
			correct: false
		});
	}
	expect(data.learningEvents.map((s: { verb: { id: string } }) => s.verb.id)).toEqual([
		'http://adlnet.gov/expapi/verbs/completed',
		'http://adlnet.gov/expapi/verbs/failed'
	]);
	expect(data.learningEvents[0].actor.account.homePage).toBe(baseURL);
	expect(data.certificates).toEqual([]);

	const sessionToken = (await context.cookies()).find((c) => c.name === 'spire_session')!.value;
	expect(text).not.toContain(PASSWORD);
	expect(text).not.toContain(sessionToken);
	expect(text).not.toMatch(/argon2|password/i);

	const response = await page.request.get('/account/export');
	expect(response.headers()).toMatchObject({
		'cache-control': 'no-store',
		'content-type': 'application/json; charset=utf-8'
	});
	expect(response.headers()['content-disposition']).toMatch(
		/^attachment; filename="spire-data-\d{4}-\d{2}-\d{2}\.json"$/
	);

	// Without a session there is nothing to download: the login page is next.
	const anonymous = await playwright.request.newContext({ baseURL });
	const refused = await anonymous.get('/account/export', { maxRedirects: 0 });
	expect(refused.status()).toBe(303);
	expect(refused.headers().location).toBe('/login?redirectTo=%2Faccount%2Fexport');
	await anonymous.dispose();
});

test('a learner deletes their account after giving the password again, and can no longer log in', async ({
	page,
	context,
	a11y
}) => {
	const { email } = await register(page, a11y);
	await a11y();
	await page.goto('/account');
	await a11y();

	const password = page.getByLabel('Your password');
	const deleteButton = page.getByRole('button', { name: 'Delete my account' });
	await expect(page.getByRole('heading', { name: 'Delete my account' })).toBeVisible();
	await expect(page.getByText('Nothing about you is kept in Spire.')).toBeVisible();

	await password.fill('not my password');
	const refused = page.waitForResponse((r) => r.request().method() === 'POST');
	await deleteButton.click();
	expect(await actionStatus(await refused)).toBe(400);
	await expect(password).toHaveAccessibleDescription(/That is not your current password\./);
	await expect(password).toHaveValue('');
	await a11y();

	await password.fill(PASSWORD);
	await deleteButton.click();
	await expect(page).toHaveURL(/\/account\/deleted$/);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Your account is deleted' })
	).toBeVisible();
	await expect(page.getByText('your quiz attempts and every answer you gave')).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })
	).toBeVisible();
	expect((await context.cookies()).find((c) => c.name === 'spire_session')).toBeUndefined();
	await a11y();

	await page.goto('/account');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
	await a11y();
	await logIn(page, a11y, email);
	await expect(errorSummary(page).getByRole('listitem')).toHaveText(
		'The email or password is not right.'
	);
	await expect(page).toHaveURL(/\/login/);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('deleting an account is a plain form post: 400 for a wrong password, then 303 to the confirmation', async ({
		page,
		a11y
	}) => {
		await register(page, a11y);
		await a11y();
		await page.goto('/account');
		await a11y();

		await page.getByLabel('Your password').fill('not my password');
		const refused = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Delete my account' }).click();
		expect((await refused).status()).toBe(400);
		await expect(page.getByLabel('Your password')).toHaveAccessibleDescription(
			/That is not your current password\./
		);
		await a11y();

		await page.getByLabel('Your password').fill(PASSWORD);
		const accepted = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Delete my account' }).click();
		expect((await accepted).status()).toBe(303);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Your account is deleted' })
		).toBeVisible();
		await a11y();
	});
});
