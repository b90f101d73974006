import type { APIRequestContext, Page } from '@playwright/test';
import { COURSE, actionStatus, answerQuiz, expect, quizBank, register, test } from './fixtures';

/** Starts an attempt and returns its URL. */
async function startAttempt(page: Page, a11y: () => Promise<void>) {
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await page.getByRole('button', { name: /Start the quiz|Retake the quiz/ }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await a11y();
	return new URL(page.url()).pathname;
}

/** A plain form post, as a browser without JavaScript would send it. */
function postForm(
	request: APIRequestContext,
	baseURL: string,
	path: string,
	fields: [string, string][]
) {
	const body = new URLSearchParams(fields).toString();
	return request.post(path, {
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			origin: baseURL
		},
		data: body,
		maxRedirects: 0
	});
}

test('nothing sent before submission tells which answers are correct', async ({ page, a11y }) => {
	await register(page, a11y);
	await a11y();
	const attemptPath = await startAttempt(page, a11y);
	const html = await page.content();
	const data = await (await page.request.get(`${attemptPath}/__data.json`)).text();

	for (const body of [html, data]) {
		expect(body).not.toMatch(/"?correct"?\s*:/);
		expect(body).not.toContain('explanation');
		for (const question of quizBank().values()) {
			// Explanations reveal the answer; none may be in the page before submission.
			expect(body).not.toContain(question.explanation.slice(0, 60));
		}
	}
	// The questions themselves are there.
	expect(await page.getByRole('main').getByRole('group').count()).toBeGreaterThan(0);
});

test('another learner can neither read nor submit an attempt, even with its address', async ({
	page,
	browser,
	baseURL,
	a11y
}) => {
	await register(page, a11y, { name: 'Learner A' });
	await a11y();
	const attemptPath = await startAttempt(page, a11y);

	const other = await browser.newContext();
	const intruder = await other.newPage();
	await register(intruder, async () => {}, { name: 'Learner B' });
	const read = await intruder.goto(attemptPath);
	expect(read?.status()).toBe(404);
	await expect(intruder.getByRole('heading', { name: 'Page not found' })).toBeVisible();
	const data = await intruder.request.get(`${attemptPath}/__data.json`);
	expect(await data.text()).not.toContain('legend');
	expect(await data.text()).toContain('"status":404');

	const firstQuestion = [...quizBank().values()][0];
	const submit = await postForm(intruder.request, baseURL!, `${attemptPath}?/submit`, [
		[`q:${firstQuestion.id}`, firstQuestion.options[0].id]
	]);
	expect(submit.status()).toBe(404);
	await other.close();

	// Learner A's attempt is untouched and can still be submitted.
	await page.reload();
	await a11y();
	await answerQuiz(page, { correctly: true });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText(/You scored 100%/)).toBeVisible();
	await a11y();
});

test('malformed quiz submissions are refused with 4xx and store nothing', async ({
	page,
	baseURL,
	a11y
}) => {
	await register(page, a11y);
	await a11y();
	const attemptPath = await startAttempt(page, a11y);
	const questions = page.getByRole('main').getByRole('group');
	const onPaper: { id: string; optionIds: string[] }[] = [];
	for (let i = 0; i < (await questions.count()); i++) {
		const inputs = questions.nth(i).locator('input');
		const name = (await inputs.first().getAttribute('name'))!;
		const optionIds = await inputs.evaluateAll((els) =>
			els.map((e) => (e as HTMLInputElement).value)
		);
		onPaper.push({ id: name.slice(2), optionIds });
	}
	const bank = [...quizBank().values()];
	const offPaper = bank.find((q) => !onPaper.some((p) => p.id === q.id));
	const complete = onPaper.map((q): [string, string] => [`q:${q.id}`, q.optionIds[0]]);
	const post = (fields: [string, string][]) =>
		postForm(page.request, baseURL!, `${attemptPath}?/submit`, fields);

	// An unknown question id, a question not on this paper, an option from another question, a missing answer.
	expect((await post([...complete, ['q:no-such-question', 'a']])).status()).toBe(400);
	if (offPaper)
		expect((await post([...complete, [`q:${offPaper.id}`, offPaper.options[0].id]])).status()).toBe(
			400
		);
	const foreignOption =
		onPaper[1].optionIds.find((id) => !onPaper[0].optionIds.includes(id)) ?? 'zz';
	expect((await post([[`q:${onPaper[0].id}`, foreignOption], ...complete.slice(1)])).status()).toBe(
		400
	);
	expect((await post(complete.slice(1))).status()).toBe(400);
	// Prototype names as fields or actions, and bodies that are not forms.
	expect((await post([...complete, ['q:__proto__', 'a']])).status()).toBe(400);
	expect((await post([...complete, ['q:constructor', 'a']])).status()).toBe(400);
	expect((await post([...complete, ['extra', 'x']])).status()).toBe(400);
	for (const action of ['constructor', '__proto__', 'toString', 'default']) {
		const response = await postForm(page.request, baseURL!, `${attemptPath}?/${action}`, complete);
		expect(response.status(), `?/${action}`).toBe(404);
	}
	const raw = (contentType: string, data: string) =>
		page.request.post(`${attemptPath}?/submit`, {
			headers: { origin: baseURL!, 'content-type': contentType },
			data,
			maxRedirects: 0
		});
	expect((await raw('text/plain', 'q:x=a')).status()).toBe(415);
	expect((await raw('application/json', '{}')).status()).toBe(415);
	expect((await raw('multipart/form-data', 'no boundary')).status()).toBe(400);
	expect((await raw('multipart/form-data; boundary=zz', '--zz\r\nbroken')).status()).toBe(400);

	// Still open: the attempt page shows the questions, not a result.
	await page.reload();
	await expect(page.getByRole('button', { name: 'Submit answers' })).toBeVisible();

	// A valid submission is stored; the same one again is refused and changes nothing.
	expect((await post(complete)).status()).toBe(303);
	expect((await post(complete)).status()).toBe(409);
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(2); // header + one attempt
	await a11y();
});

test('a double click on Submit answers stores the attempt once', async ({ page, a11y }) => {
	await register(page, a11y);
	await a11y();
	await startAttempt(page, a11y);
	await answerQuiz(page, { correctly: false });
	const responses: number[] = [];
	page.on('response', async (r) => {
		if (r.request().method() === 'POST') responses.push(await actionStatus(r));
	});
	await page.getByRole('button', { name: 'Submit answers' }).dblclick();
	await expect(page.getByText(/You scored/)).toBeVisible();
	await a11y();
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
	await a11y();
	expect(responses.filter((s) => s === 303).length).toBe(1);
});
