import type { Page } from '@playwright/test';
import { COURSE, expect, register, test } from './fixtures';

const QUIZ = `/courses/${COURSE.slug}/quiz`;

/** How the server prints a moment in `timeZone` (src/lib/dates.ts): 22 Nov 2026, 15:05. */
function dateTime(moment: Date, timeZone: string) {
	return new Intl.DateTimeFormat('en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(moment);
}

/** Starts a quiz attempt; the moments just before and after it was made. */
async function startAttempt(page: Page, a11y: () => Promise<void>) {
	await page.goto(QUIZ);
	await a11y();
	const before = new Date();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	const after = new Date();
	await a11y();
	return { before, after };
}

/** The attempt's start time as the server's HTML has it, before any script runs. */
async function serverStartedText(page: Page) {
	const html = await (await page.request.get(QUIZ)).text();
	const cell = /<tbody>[\s\S]*?<td\b[^>]*>([\s\S]*?)<\/td>/.exec(html)?.[1] ?? '';
	return cell.replace(/<!--[\s\S]*?-->/g, '').trim();
}

/** The same cell in the page after it has hydrated. */
async function hydratedStartedText(page: Page) {
	await page.goto(QUIZ);
	// Hydration runs as soon as the page's scripts are in; nothing loads after it.
	await page.waitForLoadState('networkidle');
	return (
		await page.getByRole('table').getByRole('row').nth(1).getByRole('cell').first().innerText()
	).trim();
}

/** The formatting of the two moments around an attempt's start (a minute may turn between them). */
function expected(moments: { before: Date; after: Date }, timeZone: string) {
	return [dateTime(moments.before, timeZone), dateTime(moments.after, timeZone)];
}

test.describe('with JavaScript', () => {
	// The browser is in Tokyo: far from Europe/Oslo, and from UTC, the zone of the server.
	test.use({ timezoneId: 'Asia/Tokyo' });

	test('the browser reports its zone once; server HTML and the hydrated page show the same time, in the stored zone', async ({
		page,
		a11y
	}) => {
		const reported = page.waitForResponse(
			(r) => r.url().includes('?/browserTimeZone') && r.request().method() === 'POST'
		);
		await register(page, a11y, { name: 'Hiro Tanaka' });
		expect((await reported).ok()).toBe(true);
		await a11y();

		await page.goto('/account');
		await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Asia/Tokyo');
		await a11y();

		const moments = await startAttempt(page, a11y);
		const server = await serverStartedText(page);
		expect(expected(moments, 'Asia/Tokyo')).toContain(server);
		expect(await hydratedStartedText(page)).toBe(server);
		await a11y();

		// A zone chosen on /account wins over the browser's, on the server and after hydration,
		// and the browser does not report its own zone again.
		let reportedAgain = false;
		page.on('request', (r) => {
			if (r.url().includes('?/browserTimeZone')) reportedAgain = true;
		});
		await page.goto('/account');
		await page.getByRole('combobox', { name: 'Time zone' }).selectOption('America/Sao_Paulo');
		await page.getByRole('button', { name: 'Save time zone' }).click();
		await expect(page.getByText('Your time zone is saved.')).toBeVisible();
		await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue(
			'America/Sao_Paulo'
		);
		await a11y();

		const chosen = await serverStartedText(page);
		expect(expected(moments, 'America/Sao_Paulo')).toContain(chosen);
		expect(chosen).not.toBe(server);
		expect(await hydratedStartedText(page)).toBe(chosen);
		await a11y();
		expect(reportedAgain).toBe(false);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' });

	test('times are in Europe/Oslo until the learner chooses a zone on /account', async ({
		page,
		a11y
	}) => {
		await register(page, a11y, { name: 'Ingrid Lie' });
		await a11y();
		const moments = await startAttempt(page, a11y);
		await page.goto(QUIZ);
		const cell = page.getByRole('table').getByRole('row').nth(1).getByRole('cell').first();
		expect(expected(moments, 'Europe/Oslo')).toContain((await cell.innerText()).trim());
		await a11y();

		await page.goto('/account');
		await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Oslo');
		await page.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Helsinki');
		const posted = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Save time zone' }).click();
		expect((await posted).status()).toBe(200);
		await expect(page.getByText('Your time zone is saved.')).toBeVisible();
		await a11y();

		await page.goto(QUIZ);
		expect(expected(moments, 'Europe/Helsinki')).toContain((await cell.innerText()).trim());
		await a11y();
	});

	test('a zone that is not in the list is refused next to the field, with 400', async ({
		page,
		a11y
	}) => {
		await register(page, a11y, { name: 'Mats Berg' });
		await a11y();
		await page.goto('/account');
		await a11y();
		// A tampered form: the option's value is not a time zone.
		await page
			.getByRole('combobox', { name: 'Time zone' })
			.evaluate((select: HTMLSelectElement) => (select.options[0].value = 'Mars/Olympus_Mons'));
		await page.getByRole('combobox', { name: 'Time zone' }).selectOption({ index: 0 });
		const posted = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Save time zone' }).click();
		expect((await posted).status()).toBe(400);
		await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveAccessibleDescription(
			'Dates and times in Spire are shown in this time zone. Choose a time zone from the list.'
		);
		await expect(
			page.getByRole('link', { name: 'Choose a time zone from the list.' })
		).toBeVisible();
		await a11y();
	});
});
