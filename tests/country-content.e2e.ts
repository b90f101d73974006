/**
 * Country by country: lessons show the passages of the reader's country (profile, `?country=`,
 * or the cookie that remembers it), quiz attempts draw only questions for the learner's country,
 * and the action card prints on one A4 page. Passages are found by the heading with the
 * country's name that a reader without a country sees, never by their wording.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { parse } from 'yaml';
import { COURSE, chooseCountry, expect, questionIdsOnPaper, register, test } from './fixtures';

const LESSON = `/courses/${COURSE.slug}/from-wondering-to-action`;
const CARD = `/courses/${COURSE.slug}/card`;
/** The course's last lesson, which ends with the action card. */
const LAST_LESSON = `/courses/${COURSE.slug}/${readdirSync(COURSE.folder)
	.filter((name) => /^\d{2}-.+\.md$/.test(name))
	.sort()
	.at(-1)!
	.replace(/^\d{2}-/, '')
	.replace(/\.md$/, '')}`;
const COUNTRY_NAMES = ['Norway', 'Denmark', 'Sweden', 'Finland', 'Iceland'] as const;

/** A country's passage headings, as shown to a reader without one country. */
function passageHeadings(page: Page, country: string) {
	return page.getByRole('main').getByRole('heading', { level: 3, name: country, exact: true });
}

/**
 * The opening line of each of a country's passages, read while every passage is shown: the
 * text under the heading, which is what a reader of that one country sees without it.
 */
async function passageLines(page: Page, country: string): Promise<string[]> {
	const headings = passageHeadings(page, country);
	const count = await headings.count();
	expect(count, `passages for ${country}`).toBeGreaterThan(0);
	const lines: string[] = [];
	for (let i = 0; i < count; i++) {
		const text = await headings.nth(i).locator('xpath=..').innerText();
		const [, ...rest] = text.split('\n').map((line) => line.trim());
		lines.push(rest.find((line) => line.length > 20) ?? rest.find(Boolean)!);
	}
	return lines;
}

async function expectShown(page: Page, lines: string[]) {
	for (const line of lines) {
		await expect(page.getByRole('main').getByText(line, { exact: false }).first()).toBeVisible();
	}
}

async function expectNotShown(page: Page, lines: string[]) {
	for (const line of lines) {
		await expect(page.getByRole('main').getByText(line, { exact: false })).toHaveCount(0);
	}
}

test('a reader without a country sees every passage under its country name; a Swedish learner sees only the Swedish one', async ({
	page,
	a11y
}) => {
	await page.goto(LESSON);
	await a11y();
	for (const name of COUNTRY_NAMES) await expect(passageHeadings(page, name).first()).toBeVisible();
	await expect(
		page.getByText('This lesson shows the rules for each Nordic country.')
	).toBeVisible();
	const swedish = await passageLines(page, 'Sweden');
	const norwegian = await passageLines(page, 'Norway');

	await register(page, a11y, { country: 'Sweden' });
	await a11y();
	await page.goto(LESSON);
	await a11y();
	await expect(
		page.getByText('You see the rules for Sweden, the country in your profile.')
	).toBeVisible();
	for (const name of COUNTRY_NAMES) await expect(passageHeadings(page, name)).toHaveCount(0);
	await expectShown(page, swedish);
	await expectNotShown(page, norwegian);

	// A profile country wins over an address that names another.
	await page.goto(`${LESSON}?country=NO`);
	await a11y();
	await expectShown(page, swedish);
	await expectNotShown(page, norwegian);

	// Changed on /account, the lesson follows.
	await page.goto('/account');
	await a11y();
	await expect(page.getByLabel('Country where you work')).toHaveValue('SE');
	await chooseCountry(page, 'Norway');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByText('Your profile is saved.')).toBeVisible();
	await a11y();
	await page.goto(LESSON);
	await a11y();
	await expectShown(page, norwegian);
	await expectNotShown(page, swedish);

	// "Another country": every passage again, and the way to choose one.
	await page.goto('/account');
	await chooseCountry(page, 'Another country');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByText('Your profile is saved.')).toBeVisible();
	await a11y();
	await page.goto(LESSON);
	await a11y();
	for (const name of COUNTRY_NAMES) await expect(passageHeadings(page, name).first()).toBeVisible();
	await expect(
		page.getByRole('link', { name: 'Choose your country on your account page to see only yours.' })
	).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('?country=DK shows the Danish passages to a reader without an account, and is remembered', async ({
		page,
		context,
		a11y
	}) => {
		await page.goto(LESSON);
		await a11y();
		const danish = await passageLines(page, 'Denmark');
		const norwegian = await passageLines(page, 'Norway');
		const finnish = await passageLines(page, 'Finland');

		await page.goto(`${LESSON}?country=DK`);
		await a11y();
		await expect(page.getByText('You see the rules for Denmark.')).toBeVisible();
		for (const name of COUNTRY_NAMES) await expect(passageHeadings(page, name)).toHaveCount(0);
		await expectShown(page, danish);
		await expectNotShown(page, norwegian);

		const [cookie] = (await context.cookies()).filter((c) => c.name === 'country');
		expect(cookie).toMatchObject({ value: 'DK', path: '/', sameSite: 'Lax' });
		const days = (cookie.expires * 1000 - Date.now()) / (24 * 60 * 60 * 1000);
		expect(days).toBeGreaterThan(364);
		expect(days).toBeLessThan(366);

		// Remembered: the lesson before it, then on with "Next", both without the address.
		await page.goto(`/courses/${COURSE.slug}`);
		await a11y();
		const lessons = page.getByRole('region', { name: 'Lessons' }).getByRole('link');
		const hrefs = await lessons.evaluateAll((links) =>
			links.map((link) => new URL((link as HTMLAnchorElement).href).pathname)
		);
		await lessons.nth(hrefs.indexOf(LESSON) - 1).click();
		await a11y();
		await page.getByRole('link', { name: /^Next:/ }).click();
		await expect(page).toHaveURL(new RegExp(`${LESSON}$`));
		await a11y();
		await expectShown(page, danish);
		await expectNotShown(page, norwegian);

		// The action card follows the remembered country too.
		await page.goto(CARD);
		await a11y();
		await expect(page.getByText('For staff in Denmark')).toBeVisible();

		// The plain form switches to another country, and back to all of them.
		await page.goto(LESSON);
		await page.getByLabel('Show the rules for:').selectOption({ label: 'Finland' });
		await page.getByRole('button', { name: 'Show', exact: true }).click();
		await expect(page).toHaveURL(/\?country=FI$/);
		await a11y();
		await expectShown(page, finnish);
		await expectNotShown(page, danish);
		await page.getByLabel('Show the rules for:').selectOption({ label: 'All countries' });
		await page.getByRole('button', { name: 'Show', exact: true }).click();
		await a11y();
		for (const name of COUNTRY_NAMES)
			await expect(passageHeadings(page, name).first()).toBeVisible();

		// An unknown country is ignored.
		await page.goto(`${LESSON}?country=XX`);
		await a11y();
		for (const name of COUNTRY_NAMES)
			await expect(passageHeadings(page, name).first()).toBeVisible();
	});
});

type TaggedQuestion = { id: string; prompt: string; countries?: string[] };

test("a Finnish learner's attempt has no question tagged for another country", async ({
	page,
	a11y
}) => {
	const bank = (
		parse(readFileSync(`${COURSE.folder}/quiz.yaml`, 'utf8')) as { questions: TaggedQuestion[] }
	).questions;
	const byId = new Map(bank.map((q) => [q.id, q]));
	// The test means something only if the bank has questions for other countries.
	expect(bank.some((q) => q.countries && !q.countries.includes('FI'))).toBe(true);

	await register(page, a11y, { country: 'Finland' });
	await a11y();
	for (let attempt = 0; attempt < 2; attempt++) {
		await page.goto(`/courses/${COURSE.slug}/quiz`);
		await a11y();
		await page.getByRole('button', { name: /^(Start the quiz|Retake the quiz)$/ }).click();
		await page.getByRole('button', { name: 'Submit answers' }).waitFor();
		await a11y();
		// By id: several case questions share a prompt such as "What do you do?".
		const ids = await questionIdsOnPaper(page);
		expect(ids.length).toBeGreaterThan(0);
		for (const id of ids) {
			const question = byId.get(id);
			expect(question, `in the bank: ${id}`).toBeDefined();
			expect(question!.countries ?? ['FI'], id).toContain('FI');
		}
		if (attempt === 0) {
			// Submit it (all first options), so that the next visit draws a fresh attempt.
			const groups = page.getByRole('main').getByRole('group');
			for (let i = 0; i < (await groups.count()); i++) {
				await groups.nth(i).locator('input').first().check();
			}
			await page.getByRole('button', { name: 'Submit answers' }).click();
			await expect(page.locator('#score')).toBeVisible();
			await a11y();
		}
	}
});

test('the action card is open to everyone, per country, and prints on one A4 page', async ({
	page,
	a11y
}) => {
	await page.goto(`/courses/${COURSE.slug}`);
	await a11y();
	await expect(
		page.getByText('Anyone can read the lessons and the action card without an account.')
	).toBeVisible();
	await page.getByRole('link', { name: 'Print the action card' }).click();
	await expect(page).toHaveURL(new RegExp(`${CARD}$`));
	await a11y();
	// Without a country: a short choice of the five.
	const choice = page.getByRole('navigation', {
		name: 'Choose the country you work in to see its card:'
	});
	await expect(choice.getByRole('link')).toHaveText([...COUNTRY_NAMES]);

	for (const [code, name] of [
		['NO', 'Norway'],
		['DK', 'Denmark'],
		['SE', 'Sweden'],
		['FI', 'Finland'],
		['IS', 'Iceland']
	]) {
		await page.goto(`${CARD}?country=${code}`);
		await a11y();
		const card = page.getByRole('article');
		await expect(card.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(card.getByText(`For staff in ${name}`)).toBeVisible();
		await expect(card.getByRole('list').first().getByRole('listitem').first()).toBeVisible();
		// Phone numbers are links a phone can dial.
		await expect(card.locator('dd a[href^="tel:"]').first()).toBeVisible();

		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('banner')).toBeHidden();
		await expect(page.getByRole('contentinfo')).toBeHidden();
		// Back to the default, which prints with the print stylesheet.
		await page.emulateMedia({ media: null });
		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		const pages = (await PDFDocument.load(pdf)).getPageCount();
		expect(pages, `printed pages of the ${name} card`).toBe(1);
	}
});

test('the last lesson ends with the action card of the reader’s country', async ({
	page,
	a11y
}) => {
	await page.goto(`${LAST_LESSON}?country=IS`);
	await a11y();
	const end = page
		.getByRole('region')
		.filter({ has: page.getByRole('link', { name: 'Print the action card' }) });
	await expect(end).toBeVisible();
	await expect(end.getByText('For staff in Iceland')).toBeVisible();
	await expect(end.getByRole('link', { name: 'Print the action card' })).toHaveAttribute(
		'href',
		`${CARD}?country=IS`
	);
});
