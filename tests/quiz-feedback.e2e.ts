/**
 * The quiz as a learner meets it, on a phone and on a desktop: feedback that marks a wrong choice
 * and sends them back to the lesson, an error summary for questions left open (with and without
 * JavaScript), and the finish page once the course is completed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import {
	COURSE,
	answerQuiz,
	completeLessons,
	expect,
	questionIdsOnPaper,
	quizBank,
	register,
	test
} from './fixtures';

const VIEWPORTS = [
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 }
];

type LessonFile = { id: string; slug: string; title: string };

/** The lessons of the course from their files: id, slug (the file name) and title. */
function lessonsOfCourse(): LessonFile[] {
	return readdirSync(COURSE.folder)
		.filter((name) => /^\d{2}-.+\.md$/.test(name))
		.sort()
		.map((name) => {
			const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(COURSE.folder, name), 'utf8'))!;
			const { id, title } = parse(front[1]) as { id: string; title: string };
			return { id, title, slug: name.replace(/^\d{2}-/, '').replace(/\.md$/, '') };
		});
}

function courseObjectives(): string[] {
	const source = readFileSync(join(COURSE.folder, 'course.md'), 'utf8');
	return (parse(/^---\n([\s\S]*?)\n---/.exec(source)![1]) as { objectives: string[] }).objectives;
}

async function startAttempt(page: Page, a11y: () => Promise<void>) {
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await page.getByRole('button', { name: 'Submit answers' }).waitFor();
	await a11y();
}

/** The prompt of each question on the open attempt, in the order shown. */
async function promptsOnPaper(page: Page): Promise<string[]> {
	return (await page.getByRole('main').getByRole('group').locator('legend').allInnerTexts()).map(
		(t) => t.trim()
	);
}

/**
 * An incomplete submission: the error summary takes focus, links to each unanswered question,
 * and a link leads to that question's first option.
 */
async function submitIncompleteQuiz(page: Page, a11y: () => Promise<void>) {
	const prompts = await promptsOnPaper(page);
	const first = page.getByRole('main').getByRole('group').first();
	await first.getByRole('radio').or(first.getByRole('checkbox')).first().check();
	await page.getByRole('button', { name: 'Submit answers' }).click();

	const summary = page.locator('#error-summary');
	await expect(summary.getByRole('heading', { name: 'Please fix the following' })).toBeVisible();
	await expect(summary).toBeFocused();
	const links = summary.getByRole('link');
	await expect(links).toHaveCount(prompts.length - 1);
	await expect(links.first()).toHaveText('Answer question 2');
	await expect(links.last()).toHaveText(`Answer question ${prompts.length}`);
	// The first question's answer is kept, and only the others say they need one.
	await expect(first.locator('input:checked')).toHaveCount(1);
	await expect(page.getByText('Answer this question.')).toHaveCount(prompts.length - 1);
	await a11y();

	await links.first().click();
	const second = page.getByRole('main').getByRole('group').nth(1);
	await expect(second).toHaveAccessibleName(prompts[1]);
	await expect(second.getByRole('radio').or(second.getByRole('checkbox')).first()).toBeFocused();
	await expect(second).toBeInViewport();
}

for (const viewport of VIEWPORTS) {
	test.describe(`at ${viewport.width} px`, () => {
		test.use({ viewport });

		test('feedback marks a wrongly chosen answer, links back to its lesson, and folds the right ones', async ({
			page,
			a11y
		}) => {
			await register(page, a11y);
			await a11y();
			await startAttempt(page, a11y);

			const bank = quizBank();
			const prompts = await promptsOnPaper(page);
			const ids = await questionIdsOnPaper(page);
			const missed = bank.get(ids[0])!;
			const wrongChoice = missed.options.find((o) => !o.correct)!;
			const firstQuestion = page.getByRole('main').getByRole('group').first();

			// The whole answer row is the target: at least 44 px tall, and a click at its far edge,
			// away from the box and the text, chooses the option.
			const lastOption = missed.options.at(-1)!;
			const row = firstQuestion.locator('label', {
				has: page.getByText(lastOption.text, { exact: true })
			});
			const box = (await row.boundingBox())!;
			expect(box.height).toBeGreaterThanOrEqual(44);
			await row.click({ position: { x: box.width - 4, y: box.height - 4 } });
			await expect(firstQuestion.getByLabel(lastOption.text, { exact: true })).toBeChecked();

			// All right except the first question, where the first wrong option is chosen.
			await answerQuiz(page, { correctly: true });
			for (const option of missed.options) {
				const input = firstQuestion.getByLabel(option.text, { exact: true });
				if (option === wrongChoice) await input.check();
				else if ((await input.getAttribute('type')) === 'checkbox') await input.uncheck();
			}
			await page.getByRole('button', { name: 'Submit answers' }).click();
			const score = page.getByText(`(${prompts.length - 1} of ${prompts.length} right)`);
			await expect(score).toBeVisible();
			await expect(score).toBeFocused();

			// The missed question is open: the learner's choice is marked as theirs and wrong, the
			// right answer as correct, with the explanation and a link to the lesson that teaches it.
			const feedback = page.getByRole('region', { name: 'Feedback on each question' });
			// Feedback follows the order of the paper; prompts alone may repeat ("What do you do?").
			const missedItem = feedback.locator('details').nth(0);
			await expect(missedItem).toContainText(missed.prompt);
			await expect(missedItem).toHaveAttribute('open', '');
			await expect(missedItem.locator('summary')).toContainText('✗ Not right');
			const chosen = missedItem
				.getByRole('listitem')
				.filter({ has: page.getByText(wrongChoice.text, { exact: true }) });
			await expect(chosen).toContainText('Your answer');
			await expect(chosen).toContainText('✗ Not right');
			for (const right of missed.options.filter((o) => o.correct)) {
				const item = missedItem
					.getByRole('listitem')
					.filter({ has: page.getByText(right.text, { exact: true }) });
				await expect(item).toContainText('✓ Correct answer');
				await expect(item).not.toContainText('Your answer');
			}
			await expect(missedItem.getByText(missed.explanation)).toBeVisible();
			const lesson = lessonsOfCourse().find((l) => l.id === missed.lesson)!;
			const readAgain = missedItem.getByRole('link', { name: `Read again: ${lesson.title}` });
			await expect(readAgain).toHaveAttribute('href', `/courses/${COURSE.slug}/${lesson.slug}`);

			// The questions answered right are folded: their feedback shows only when opened.
			const rightItems = feedback.locator('details:not([open])');
			await expect(rightItems).toHaveCount(prompts.length - 1);
			const answered = bank.get(ids[1])!;
			const answeredItem = feedback.locator('details').nth(1);
			await expect(answeredItem).toContainText(answered.prompt);
			await expect(answeredItem.locator('summary')).toContainText('✓ Right');
			await expect(answeredItem.getByText(answered.explanation)).toBeHidden();
			await a11y();
			await answeredItem.locator('summary').click();
			await expect(answeredItem.getByText(answered.explanation)).toBeVisible();
			await expect(answeredItem.getByRole('link', { name: /^Read again: / })).toBeVisible();

			await readAgain.click();
			await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible();
			await a11y();
		});

		test('an incomplete quiz shows an error summary that takes focus and links to each open question', async ({
			page,
			a11y
		}) => {
			await register(page, a11y);
			await a11y();
			await startAttempt(page, a11y);
			await submitIncompleteQuiz(page, a11y);

			// Answering the rest submits, and the summary is gone.
			await answerQuiz(page, { correctly: true });
			await page.getByRole('button', { name: 'Submit answers' }).click();
			await expect(page.getByText(/You scored 100%/)).toBeFocused();
			await expect(page.locator('#error-summary')).toHaveCount(0);
			await a11y();
		});

		test('passing the quiz ends the course on a finish page with the certificate and My learning', async ({
			page,
			a11y,
			baseURL
		}) => {
			await register(page, a11y);
			await a11y();
			await completeLessons(page.request, baseURL!);
			await startAttempt(page, a11y);
			await answerQuiz(page, { correctly: true });
			await page.getByRole('button', { name: 'Submit answers' }).click();

			await expect(page.getByRole('heading', { level: 2, name: 'Course completed' })).toBeVisible();
			await expect(page.getByText(/You scored 100%/)).toBeFocused();
			await expect(page.getByText('You have completed the course.')).toBeVisible();
			const learned = page.getByRole('list').filter({ hasText: courseObjectives()[0] });
			await expect(learned.getByRole('listitem')).toHaveCount(courseObjectives().length);
			// The next course in catalog order that the learner has not completed.
			await expect(page.getByText('There is no other course for you yet.')).toHaveCount(0);
			await expect(
				page.getByRole('button', { name: 'Next course: From home to kindergarten' })
			).toBeVisible();
			await expect(page.getByText('Review the first lesson')).toHaveCount(0);

			const certificateLink = page.getByRole('link', { name: 'See your certificate' });
			await expect(certificateLink).toHaveAttribute('href', /^\/certificates\/[\w-]+$/);
			const pdfHref = await page
				.getByRole('link', { name: 'Download certificate (PDF)' })
				.getAttribute('href');
			const pdf = await page.request.get(pdfHref!);
			expect(pdf.status()).toBe(200);
			expect(pdf.headers()['content-type']).toBe('application/pdf');
			await a11y();

			await certificateLink.click();
			await expect(
				page.getByRole('heading', { level: 1, name: `Certificate: ${COURSE.title}` })
			).toBeVisible();
			await a11y();
			await page.goBack();
			await page.getByRole('button', { name: 'Back to My learning' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();
			await a11y();

			// The course page of a completed course leads to the certificate, not back to lesson 1.
			await page.goto(`/courses/${COURSE.slug}`);
			await page.getByRole('button', { name: 'See your certificate' }).click();
			await expect(
				page.getByRole('heading', { level: 1, name: `Certificate: ${COURSE.title}` })
			).toBeVisible();
			await page.goBack();
			await a11y();
		});
	});

	test.describe(`without JavaScript, at ${viewport.width} px`, () => {
		test.use({ viewport, javaScriptEnabled: false });

		test('an incomplete quiz shows an error summary that takes focus and links to each open question', async ({
			page,
			a11y
		}) => {
			await register(page, a11y);
			await a11y();
			await startAttempt(page, a11y);
			await submitIncompleteQuiz(page, a11y);

			await answerQuiz(page, { correctly: false });
			await page.getByRole('button', { name: 'Submit answers' }).click();
			// The result page loads with the score at the top, and focus on it.
			await expect(page.getByText(/You scored 0%/)).toBeFocused();
			// Every answer was wrong, so every question's feedback is open.
			const questions = await page.getByRole('main').locator('details').count();
			expect(questions).toBeGreaterThan(0);
			await expect(page.getByRole('main').locator('details[open]')).toHaveCount(questions);
			await a11y();
		});
	});
}
