/**
 * Shared browser-test helpers. `test` adds `a11y`, an axe scan of the current page, and checks
 * after every test that each page the test visited was scanned: axe runs on every page of every
 * journey, not only where someone remembered to call it. It also fails a test in which a page
 * failed to hydrate or threw an uncaught error.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import {
	test as base,
	expect,
	type APIRequestContext,
	type Locator,
	type Page,
	type Response as PlaywrightResponse
} from '@playwright/test';
import { parse } from 'yaml';
import { mailedLink, waitForMail } from './mail/mailbox';
import { message, type Locale } from './messages';
import { courseContent } from './routes.mjs';

export { expect };
export { mailedLink, mailsTo, waitForMail } from './mail/mailbox';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Fixtures = { a11y: () => Promise<void> };

function pageKey(url: string) {
	const { pathname } = new URL(url);
	return pathname;
}

export const test = base.extend<Fixtures>({
	a11y: async ({ page, browser, javaScriptEnabled, baseURL }, use) => {
		const visited = new Set<string>();
		const scanned = new Set<string>();
		// A page whose server HTML the browser parses differently (e.g. a <form> inside a <p>)
		// fails to hydrate and is rendered again on the client; uncaught errors are bugs too.
		const brokenPages: string[] = [];
		page.on('console', (message) => {
			if (/failed to hydrate|hydration_mismatch/i.test(message.text()))
				brokenPages.push(`${pageKey(page.url())}: ${message.text().split('\n')[0]}`);
		});
		page.on('pageerror', (error) => brokenPages.push(`${pageKey(page.url())}: ${error.message}`));
		page.on('framenavigated', (frame) => {
			if (frame === page.mainFrame() && frame.url().startsWith('http'))
				visited.add(pageKey(frame.url()));
		});
		// axe runs inside the page; where the test has JavaScript off, the same HTML (minus its
		// scripts) is scanned in a helper page that has it on.
		const scanContext =
			javaScriptEnabled === false ? await browser.newContext({ javaScriptEnabled: true }) : null;
		await use(async () => {
			await page.waitForLoadState('load');
			let target = page;
			if (scanContext) {
				const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
				target = await scanContext.newPage();
				await target.goto(`${baseURL}/healthz`);
				await target.setContent(html, { waitUntil: 'load' });
			}
			const results = await new AxeBuilder({ page: target }).withTags(WCAG_TAGS).analyze();
			if (scanContext) await target.close();
			const summary = results.violations.map(
				(v) =>
					`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
			);
			expect(summary, `axe violations on ${page.url()}`).toEqual([]);
			scanned.add(pageKey(page.url()));
		});
		await scanContext?.close();
		const missed = [...visited].filter((path) => !scanned.has(path));
		expect(missed, 'pages visited without an axe scan').toEqual([]);
		expect(brokenPages, 'pages that failed to hydrate or threw in the browser').toEqual([]);
	}
});

export const COURSE = {
	slug: 'signs-of-distress',
	title: 'Signs of distress in infants and toddlers',
	folder: 'courses/01-signs-of-distress'
};

export function uniqueEmail(label: string) {
	return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.org`;
}

export const PASSWORD = 'a calm harbour at dawn';

/** The registration and /account select; `country` is the option's text, e.g. 'Sweden'. */
export async function chooseCountry(page: Page, country: string) {
	await page.getByLabel('Country where you work').selectOption({ label: country });
}

type Scan = () => Promise<void>;

/**
 * Registers through the form, then confirms the address through the mailed link, which signs
 * the learner in; scans every page on the way when given `a11y`.
 */
export async function register(
	page: Page,
	a11y: Scan,
	{
		name = 'Test Learner',
		email = uniqueEmail('learner'),
		password = PASSWORD,
		country = 'Norway'
	} = {}
) {
	const since = Date.now();
	await page.goto('/register');
	await a11y();
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await chooseCountry(page, country);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await a11y();
	await confirmAddress(page, a11y, email, since);
	return { name, email, password, country };
}

/** Opens the newest address-check link mailed to `email` and confirms it: signed in. */
export async function confirmAddress(page: Page, a11y: Scan, email: string, since = 0) {
	const mail = await waitForMail(email, {
		since,
		subject: 'Confirm your e-mail address for Spire'
	});
	await page.goto(mailedLink(mail, '/verify-email'));
	await a11y();
	await page.getByRole('button', { name: 'Confirm and sign in' }).click();
	await expect(page).toHaveURL(/\/courses$/);
}

export async function logIn(page: Page, a11y: Scan, email: string, password = PASSWORD) {
	await page.goto('/login');
	await a11y();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
}

/** The summary of what is wrong at the top of a refused form (ErrorSummary.svelte). */
export function errorSummary(scope: Page | Locator) {
	return scope.getByRole('region', { name: 'Please fix the following' });
}

/**
 * The header's main navigation, opened first where it is folded behind "Menu" (phone widths), as
 * a person would open it.
 */
export async function mainNavigation(page: Page, locale: Locale = 'en') {
	const menu = page
		.getByRole('banner')
		.locator('summary', { hasText: message(locale, 'nav_menu') });
	if (await menu.isVisible()) {
		if ((await menu.locator('xpath=..').getAttribute('open')) === null) await menu.click();
	}
	const navigation = page.getByRole('navigation', { name: message(locale, 'nav_main') });
	await expect(navigation).toBeVisible();
	return navigation;
}

/** Logs out with the header's button and waits until the page shows the visitor's links. */
export async function logOut(page: Page, a11y: Scan) {
	await (await mainNavigation(page)).getByRole('button', { name: 'Log out' }).click();
	// Signed out once the header has no way out left, whether or not its menu is open.
	await expect(page.getByRole('banner').locator('form[action="/logout"]')).toHaveCount(0);
	await expect((await mainNavigation(page)).getByRole('link', { name: 'Log in' })).toBeVisible();
	await a11y();
}

/**
 * The status a form action answered with. Enhanced (JavaScript) submissions get HTTP 200 with the
 * action's status in the JSON body; plain form posts get it as the HTTP status.
 */
export async function actionStatus(response: PlaywrightResponse): Promise<number> {
	if ((response.headers()['content-type'] ?? '').includes('application/json')) {
		return (await response.json()).status ?? response.status();
	}
	return response.status();
}

type BankQuestion = {
	id: string;
	/** The id of the lesson that teaches the point. */
	lesson: string;
	prompt: string;
	options: { id: string; text: string; correct?: boolean }[];
	explanation: string;
};

/**
 * The quiz bank as the server knows it, by question id: the tests need the answers to pass on
 * purpose. Prompts are not unique (several cases ask "What do you do?"), so look questions up by
 * the id in their inputs' names (`q:<id>`), as `questionIdsOnPaper` reads them.
 */
export function quizBank(folder = COURSE.folder): Map<string, BankQuestion> {
	const bank = parse(readFileSync(`${folder}/quiz.yaml`, 'utf8')) as {
		questions: BankQuestion[];
	};
	return new Map(bank.questions.map((q) => [q.id, q]));
}

/** The ids of the questions on the open attempt, in the order shown. */
export async function questionIdsOnPaper(page: Page): Promise<string[]> {
	const questions = page.getByRole('main').getByRole('group');
	const ids: string[] = [];
	for (let i = 0; i < (await questions.count()); i++) {
		const name = await questions.nth(i).locator('input').first().getAttribute('name');
		ids.push(name!.replace(/^q:/, ''));
	}
	return ids;
}

/**
 * The text of each option as a learner reading `locale` sees it, by question and option id: the
 * translation where the course has one (courses/<course>/<locale>/quiz.yaml), else the English.
 */
function optionTexts(locale: Locale, folder: string): Map<string, Record<string, string>> {
	const texts = new Map<string, Record<string, string>>();
	for (const q of quizBank(folder).values()) {
		texts.set(q.id, Object.fromEntries(q.options.map((o) => [o.id, o.text])));
	}
	if (locale !== 'en') {
		const translated = parse(readFileSync(`${folder}/${locale}/quiz.yaml`, 'utf8')) as {
			questions: Record<string, { options: Record<string, string> }>;
		};
		for (const [id, q] of Object.entries(translated.questions)) {
			texts.set(id, { ...texts.get(id), ...q.options });
		}
	}
	return texts;
}

/**
 * Answers every question on the open attempt, all right or all wrong, by clicking labels, in the
 * language the page is in (`locale`); the bank is the first course's unless `folder` names another
 * course's folder.
 */
export async function answerQuiz(
	page: Page,
	{
		correctly,
		locale = 'en',
		folder = COURSE.folder
	}: { correctly: boolean; locale?: Locale; folder?: string }
) {
	const bank = quizBank(folder);
	const texts = optionTexts(locale, folder);
	// After "Retake the quiz" the new paper arrives by navigation: wait for it before counting.
	await page.getByRole('button', { name: message(locale, 'quiz_submit') }).waitFor();
	const questions = page.getByRole('main').getByRole('group');
	const ids = await questionIdsOnPaper(page);
	expect(ids.length).toBeGreaterThan(0);
	for (const [i, id] of ids.entries()) {
		const question = questions.nth(i);
		const known = bank.get(id);
		if (!known) throw new Error(`Question not in the bank: ${id}`);
		const right = known.options.filter((o) => o.correct);
		const wrong = known.options.filter((o) => !o.correct);
		const choose = new Set(correctly ? right : [wrong[0]]);
		// Sets every option, so choices kept from an earlier, refused submission do not linger.
		for (const option of known.options) {
			const input = question.getByLabel(texts.get(id)![option.id], { exact: true });
			if (choose.has(option)) await input.check();
			else if ((await input.getAttribute('type')) === 'checkbox') await input.uncheck();
		}
	}
}

/** Marks every lesson of a course (`COURSE` unless named) complete with the form each lesson page posts. */
export async function completeLessons(
	request: APIRequestContext,
	baseURL: string,
	courseSlug = COURSE.slug
) {
	const course = courseContent().find((c) => c.slug === courseSlug)!;
	for (const lesson of course.lessons) {
		const response = await request.post(`/courses/${courseSlug}/${lesson}?/complete`, {
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: baseURL
			},
			data: new URLSearchParams({ openedAt: String(Date.now() - 60_000) }).toString(),
			maxRedirects: 0
		});
		expect(response.status(), `completing ${lesson}`).toBe(303);
	}
}
