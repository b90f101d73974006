/**
 * The lesson flow, on a phone and on a desktop: a new learner is welcomed on My learning, starts
 * the course, and goes through every lesson with "Complete and continue", which lands on the next
 * lesson and at last on the quiz, each time with "Lesson completed" at the top and focus on the
 * heading. The outline ticks off the lessons done and marks the current one: a sidebar on the
 * desktop, a "Lesson 2 of 7" disclosure on the phone (scanned by axe while open). Without
 * JavaScript the same buttons work as plain form posts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { COURSE, expect, register, test } from './fixtures';

/** The course's lessons in order, slugs and titles, from their files. */
const lessonFiles = readdirSync(COURSE.folder)
	.filter((name) => /^\d{2}-.+\.md$/.test(name))
	.sort();
const course = {
	lessons: lessonFiles.map((name) => name.replace(/^\d{2}-|\.md$/g, '')),
	titles: lessonFiles.map(
		(name) =>
			parse(readFileSync(`${COURSE.folder}/${name}`, 'utf8').split(/^---$/m)[1]).title as string
	)
};

type Scan = () => Promise<void>;

const VIEWPORTS = [
	{ name: 'phone', width: 390, height: 844 },
	{ name: 'desktop', width: 1280, height: 800 }
] as const;

/**
 * The outline as the learner sees it at this width: on a phone the disclosure, opened (and then
 * scanned, open); on a desktop the sidebar. The other one is hidden, so only one is found.
 */
async function openOutline(page: Page, a11y: Scan, phone: boolean) {
	const outline = page.getByRole('navigation', { name: 'Course outline' });
	await expect(outline).toHaveCount(1);
	if (phone) {
		const summary = outline.locator('summary');
		await expect(summary).toHaveText(/^Lesson \d+ of \d+ · About \d+ min left$/);
		await summary.click();
		await expect(outline.locator('details')).toHaveAttribute('open', '');
		await a11y();
	}
	return outline;
}

/** Checks the outline: ✓ (with "Done" for screen readers) on exactly `done`, the current one marked. */
async function expectOutline(
	page: Page,
	a11y: Scan,
	phone: boolean,
	done: string[],
	current: string
) {
	const outline = await openOutline(page, a11y, phone);
	const lessons = outline.getByRole('listitem');
	// The lessons and the quiz.
	await expect(lessons).toHaveCount(course.lessons.length + 1);
	for (const title of course.titles) {
		const item = lessons.filter({ has: page.getByRole('link', { name: title, exact: true }) });
		if (done.includes(title)) {
			await expect(item.getByText('✓', { exact: true })).toBeVisible();
			await expect(item).toContainText(`Done: ${title}`);
		} else await expect(item).not.toContainText(/✓|Done/);
		const link = item.getByRole('link', { name: title, exact: true });
		if (title === current) await expect(link).toHaveAttribute('aria-current', 'page');
		else await expect(link).not.toHaveAttribute('aria-current');
		await expect(item).toContainText(/\d+ min$/);
	}
}

for (const viewport of VIEWPORTS) {
	const phone = viewport.name === 'phone';

	test.describe(`on a ${viewport.name} (${viewport.width} px)`, () => {
		test.use({ viewport: { width: viewport.width, height: viewport.height } });

		test('a new learner starts from My learning and completes and continues through every lesson to the quiz', async ({
			page,
			a11y
		}) => {
			test.slow(); // seven lessons, each scanned, with the outline open on a phone
			await register(page, a11y, { name: 'Kari Nordmann' });
			await a11y();

			// A first visit: a welcome with the course, its lessons and minutes, and Start; no empty
			// sections.
			await page.goto('/me');
			const welcome = page.getByRole('region', { name: 'Welcome, Kari Nordmann' });
			await expect(welcome).toContainText(
				`Your first course is ${COURSE.title}: ${course.lessons.length} lessons, about`
			);
			await expect(page.getByRole('heading', { name: 'In progress' })).toHaveCount(0);
			await expect(page.getByRole('heading', { name: 'Completed' })).toHaveCount(0);
			await a11y();
			await welcome.getByRole('button', { name: `Start: ${COURSE.title}` }).click();

			const done: string[] = [];
			for (const [index, title] of course.titles.entries()) {
				await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
				if (index > 0) {
					await expect(page.getByRole('status')).toHaveText(
						`✓ Lesson completed: ${course.titles[index - 1]}`
					);
					await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
				}
				await expectOutline(page, a11y, phone, done, title);
				await a11y();
				// The main button comes right after the lesson text, before the sources.
				const next = page.getByRole('button', { name: 'Complete and continue' });
				await expect(page.getByRole('button', { name: 'Mark as complete' })).toBeVisible();
				expect(
					await next.evaluate((button) => {
						const sources = document.getElementById('sources-heading')!;
						return Boolean(
							button.compareDocumentPosition(sources) & Node.DOCUMENT_POSITION_FOLLOWING
						);
					})
				).toBe(true);
				await next.click();
				done.push(title);
			}

			// After the last lesson: the quiz page, with the confirmation at its top and focus on its
			// heading.
			await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/quiz$`));
			const heading = page.getByRole('heading', { level: 1, name: `Quiz: ${COURSE.title}` });
			await expect(heading).toBeFocused();
			await expect(page.getByRole('status')).toHaveText(
				`✓ Lesson completed: ${course.titles.at(-1)}`
			);
			await a11y();

			// The confirmation was said once: a reload does not repeat it.
			await page.reload();
			await expect(heading).toBeVisible();
			await expect(page.getByRole('status')).toHaveCount(0);

			// A lesson already done offers Continue, and its outline shows every lesson ticked off.
			await page.goto(`/courses/${COURSE.slug}/${course.lessons[0]}`);
			await expect(page.getByText('You have completed this lesson.')).toBeVisible();
			// Continue leads on as Complete and continue would: every lesson is done, so to the quiz.
			await expect(page.getByRole('button', { name: 'Continue: Quiz' })).toBeVisible();
			await expectOutline(page, a11y, phone, course.titles, course.titles[0]);
			await a11y();

			// The course page leads with progress, the button and the lessons, each marked Done.
			await page.goto(`/courses/${COURSE.slug}`);
			const lessons = page.getByRole('region', { name: 'Lessons' });
			await expect(lessons.getByText('Done', { exact: true })).toHaveCount(course.lessons.length);
			await expect(lessons.getByRole('listitem').first()).toContainText('✓ Done');
			await a11y();

			// The home page's course card shows the progress too.
			await page.goto('/');
			await expect(
				page.getByRole('progressbar', { name: `Progress in ${COURSE.title}` })
			).toHaveAttribute(
				'value',
				String(Math.floor((course.lessons.length / (course.lessons.length + 1)) * 100))
			);
			await a11y();
		});

		test('"Mark as complete" stays on the lesson, with the confirmation in view', async ({
			page,
			a11y
		}) => {
			await register(page, a11y);
			await a11y();
			await page.goto(`/courses/${COURSE.slug}/${course.lessons[1]}`);
			await a11y();
			await page.getByRole('button', { name: 'Mark as complete' }).click();
			await expect(page).toHaveURL(new RegExp(`/${course.lessons[1]}#lesson-done$`));
			await expect(page.getByText('You have completed this lesson.')).toBeInViewport();
			await expectOutline(page, a11y, phone, [course.titles[1]], course.titles[1]);
			await a11y();
		});
	});
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('Complete and continue and Mark as complete work as plain form posts', async ({
		page,
		a11y
	}) => {
		await register(page, a11y, { name: 'Nils Holm' });
		await a11y();

		// The first lesson: Complete and continue leads to the second, with the confirmation at the
		// top of the page.
		await page.goto(`/courses/${COURSE.slug}/${course.lessons[0]}`);
		await a11y();
		let posted = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Complete and continue' }).click();
		expect((await posted).status()).toBe(303);
		await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/${course.lessons[1]}$`));
		await expect(page.getByRole('status')).toHaveText(`✓ Lesson completed: ${course.titles[0]}`);
		await expect(page.getByRole('status')).toBeInViewport();
		await expectOutline(page, a11y, false, [course.titles[0]], course.titles[1]);
		await a11y();

		// Mark as complete stays, and lands at the confirmation.
		posted = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Mark as complete' }).click();
		expect((await posted).status()).toBe(303);
		await expect(page).toHaveURL(new RegExp(`/${course.lessons[1]}#lesson-done$`));
		await expect(page.getByText('You have completed this lesson.')).toBeInViewport();
		await a11y();

		// The last lesson leads to the quiz.
		await page.goto(`/courses/${COURSE.slug}/${course.lessons.at(-1)}`);
		await a11y();
		posted = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Complete and continue' }).click();
		expect((await posted).status()).toBe(303);
		await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/quiz$`));
		await expect(page.getByRole('status')).toHaveText(
			`✓ Lesson completed: ${course.titles.at(-1)}`
		);
		await a11y();
	});
});
