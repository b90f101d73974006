import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import {
	COURSE,
	PASSWORD,
	answerQuiz,
	chooseCountry,
	completeLessons,
	expect,
	mailedLink,
	mainNavigation,
	questionIdsOnPaper,
	test,
	uniqueEmail,
	waitForMail
} from './fixtures';
import { message, type Locale } from './messages';

/** The first lesson of the course, by its URL slug and file name. */
const FIRST_LESSON = (() => {
	const file = readdirSync(COURSE.folder).find((name) => /^01-.+\.md$/.test(name))!;
	return { file, slug: file.replace(/^01-|\.md$/g, '') };
})();

function frontMatter(path: string): Record<string, unknown> {
	const text = readFileSync(path, 'utf8');
	return parse(text.slice(3, text.indexOf('\n---', 3))) as Record<string, unknown>;
}

function translatedCourseTitle(locale: Locale): string {
	return frontMatter(`${COURSE.folder}/${locale}/course.md`).title as string;
}

function translatedLessonTitle(locale: Locale, file: string): string {
	return frontMatter(`${COURSE.folder}/${locale}/${file}`).title as string;
}

/** The header's switcher: the language named in itself, then its button. */
async function switchLanguage(page: Page, from: Locale, to: Locale) {
	const navigation = await mainNavigation(page, from);
	await navigation
		.getByRole('combobox', { name: message(from, 'language_switch_label') })
		.selectOption(to);
	await navigation.getByRole('button', { name: message(from, 'language_switch_button') }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', to);
}

test('registering with Norsk bokmål gives a Norwegian interface, and the profile outranks the cookie', async ({
	page,
	context,
	baseURL,
	a11y
}) => {
	const email = uniqueEmail('norsk');
	const since = Date.now();
	await page.goto('/register');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await a11y();
	await page.getByLabel('Name').fill('Ingrid Dahl');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByLabel('Preferred language').selectOption('nb');
	await chooseCountry(page, 'Norway');
	await page.getByRole('button', { name: 'Create account' }).click();

	await expect(
		page.getByRole('heading', { level: 1, name: message('nb', 'check_email_heading') })
	).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await a11y();

	const mail = await waitForMail(email, { since });
	expect(mail.subject).toBe(message('nb', 'mail_verify_subject'));
	await page.goto(mailedLink(mail, '/verify-email'));
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await a11y();
	await page.getByRole('button', { name: message('nb', 'verify_submit') }).click();
	await expect(page).toHaveURL(/\/courses$/);
	await expect(
		page.getByRole('heading', { level: 1, name: message('nb', 'courses_title') })
	).toBeVisible();
	await a11y();

	// The course and its lessons are in Norwegian too.
	await page
		.getByRole('link', { name: translatedCourseTitle('nb') })
		.first()
		.click();
	await expect(
		page.getByRole('heading', { level: 1, name: translatedCourseTitle('nb') })
	).toBeVisible();
	await a11y();
	await page.goto(`/courses/${COURSE.slug}/${FIRST_LESSON.slug}`);
	await expect(
		page.getByRole('heading', { level: 1, name: translatedLessonTitle('nb', FIRST_LESSON.file) })
	).toBeVisible();
	await expect(page.locator('main [lang="en"]')).toHaveCount(0);
	await a11y();

	// A cookie from another visit (Danish) does not override the learner's own choice.
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'da', url: baseURL! }]);
	await page.goto('/me');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
	await a11y();
});

test.describe('a browser asking for Danish', () => {
	test.use({ locale: 'da-DK' });

	test('gets Danish before any choice is made', async ({ page, a11y }) => {
		await page.goto('/about');
		await expect(page.locator('html')).toHaveAttribute('lang', 'da');
		await expect(
			page.getByRole('heading', { level: 1, name: message('da', 'about_title') })
		).toBeVisible();
		await a11y();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('switching to Danish keeps the page, its address and query', async ({ page, a11y }) => {
		await page.goto('/courses?from=home');
		await a11y();
		await switchLanguage(page, 'en', 'da');
		await expect(page).toHaveURL(/\/courses\?from=home$/);
		await expect(
			page.getByRole('heading', { level: 1, name: message('da', 'courses_title') })
		).toBeVisible();
		await a11y();
		// And back: the switcher is in the page's language now.
		await switchLanguage(page, 'da', 'en');
		await expect(page).toHaveURL(/\/courses\?from=home$/);
		await a11y();
	});
});

test('with JavaScript, what was typed on the page survives the switch (never the password)', async ({
	page,
	a11y
}) => {
	await page.goto('/register');
	await a11y();
	const email = uniqueEmail('kept');
	await page.getByLabel('Name').fill('Mette Holm');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await chooseCountry(page, 'Denmark');
	await switchLanguage(page, 'en', 'da');
	await expect(page).toHaveURL(/\/register$/);
	await expect(page.getByLabel(message('da', 'field_name'), { exact: true })).toHaveValue(
		'Mette Holm'
	);
	await expect(page.getByLabel(message('da', 'field_email'), { exact: true })).toHaveValue(email);
	await expect(page.getByLabel(message('da', 'field_password'), { exact: true })).toHaveValue('');
	await expect(page.getByLabel(message('da', 'field_country'))).toHaveValue('DK');
	await a11y();
});

const MAIN_PAGES = [
	'/',
	'/courses',
	'/courses/signs-of-distress',
	'/about',
	'/privacy',
	'/accessibility',
	'/login',
	'/register'
];

for (const locale of ['en', 'nb', 'da'] as const) {
	test(`<html lang> is ${locale} on the main pages in ${locale}`, async ({
		page,
		context,
		baseURL,
		a11y
	}) => {
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		for (const path of MAIN_PAGES) {
			await page.goto(path);
			await expect(page.locator('html'), path).toHaveAttribute('lang', locale);
			await a11y();
		}
	});
}

test('a Danish learner takes the quiz, reads the result and downloads the certificate, all in Danish', async ({
	page,
	baseURL,
	a11y
}) => {
	test.slow(); // registration, a whole course and a PDF
	const email = uniqueEmail('dansk');
	const since = Date.now();
	await page.goto('/register');
	await a11y();
	await page.getByLabel('Name').fill('Mette Holm');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByLabel('Preferred language').selectOption('da');
	await chooseCountry(page, 'Denmark');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	await a11y();
	const mail = await waitForMail(email, { since });
	expect(mail.subject).toBe(message('da', 'mail_verify_subject'));
	await page.goto(mailedLink(mail, '/verify-email'));
	await a11y();
	await page.getByRole('button', { name: message('da', 'verify_submit') }).click();
	await expect(page).toHaveURL(/\/courses$/);
	await expect(page.getByRole('link', { name: translatedCourseTitle('da') })).toBeVisible();
	await a11y();

	// The quiz: Danish questions, options and result.
	await completeLessons(page.request, baseURL!);
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	await a11y();
	await page.getByRole('button', { name: message('da', 'quiz_start') }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	const translatedBank = parse(readFileSync(`${COURSE.folder}/da/quiz.yaml`, 'utf8')) as {
		questions: Record<string, { prompt: string }>;
	};
	const [firstId] = await questionIdsOnPaper(page);
	await expect(page.getByRole('main').getByRole('group').first().locator('legend')).toContainText(
		translatedBank.questions[firstId].prompt
	);
	await expect(page.locator('main [lang="en"]')).toHaveCount(0);
	await a11y();
	await answerQuiz(page, { correctly: true, locale: 'da' });
	await page.getByRole('button', { name: message('da', 'quiz_submit') }).click();
	await expect(page.getByText(message('da', 'quiz_course_completed'))).toBeVisible();
	// "Du fik 100 % (10 af 10 rigtige).": the Danish sentence, with the Danish percent sign spacing.
	await expect(page.getByText(/^Du fik 100 %/)).toBeVisible();
	await a11y();

	// The certificate: listed under its Danish title, and the PDF in Danish.
	await page.goto('/me');
	const certificates = page.getByRole('region', { name: message('da', 'me_certificates') });
	await expect(certificates.getByRole('link', { name: translatedCourseTitle('da') })).toBeVisible();
	await a11y();
	const folder = mkdtempSync(join(tmpdir(), 'spire-e2e-pdf-da-'));
	try {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			certificates.getByRole('link', { name: message('da', 'certificate_download_pdf') }).click()
		]);
		const pdfPath = join(folder, 'certificate.pdf');
		await download.saveAs(pdfPath);
		// Lines are joined: pdftotext keeps the PDF's line breaks inside a long title.
		const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(
			/\s+/g,
			' '
		);
		expect(text).toContain(message('da', 'certificate_pdf_title'));
		expect(text).toContain(message('da', 'certificate_pdf_completed'));
		expect(text).toContain(translatedCourseTitle('da'));
		expect(text).toContain('Mette Holm');
		expect(text).not.toContain(message('en', 'certificate_pdf_title'));
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
});
