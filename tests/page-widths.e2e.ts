/**
 * Every main page fits a 320 px wide screen without scrolling sideways (WCAG 1.4.10 Reflow), for
 * visitors, learners, educators and admins. Each page also gets a full-page screenshot at 390 px
 * (a phone) and 1280 px (a desktop), attached to the test's output for a reviewer to look at;
 * they are not compared with anything.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Page, TestInfo } from '@playwright/test';
import { createAdminWithCommand, educatorWithGroup, turnOnTwoFactor } from './admin-accounts';
import {
	COURSE,
	PASSWORD,
	answerQuiz,
	expect,
	logIn,
	mainNavigation,
	register,
	test,
	uniqueEmail
} from './fixtures';

const NARROWEST = 320;
const SCREENSHOT_WIDTHS = [
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 }
];

/** The lessons of the first course, in order, from its folder (`01-some-slug.md`). */
const LESSON_SLUGS = readdirSync(COURSE.folder)
	.filter((file) => /^\d+-.+\.md$/.test(file))
	.sort()
	.map((file) => file.replace(/^\d+-/, '').replace(/\.md$/, ''));

type Scan = () => Promise<void>;

/**
 * Whether the page is wider than the screen, and what makes it so: the innermost elements that
 * reach past the right edge or whose text spills out of them, so that a failure says where to look.
 */
function sidewaysScroll(page: Page) {
	return page.evaluate(() => {
		const root = document.scrollingElement ?? document.documentElement;
		const edge = root.clientWidth;
		const spills = (element: Element) => {
			const box = element.getBoundingClientRect();
			if (box.right > edge + 0.5) return true;
			return (
				getComputedStyle(element).overflowX === 'visible' &&
				element.clientWidth > 0 &&
				box.left + element.scrollWidth > edge + 0.5
			);
		};
		const culprits = [...document.body.querySelectorAll('*')].filter(spills);
		const innermost = culprits.filter(
			(element) => !culprits.some((other) => other !== element && element.contains(other))
		);
		const described = innermost.slice(0, 5).map((element) => {
			const id = element.id ? `#${element.id}` : '';
			const classes = [...element.classList].map((c) => `.${c}`).join('');
			const text = (element.textContent ?? '').trim().slice(0, 40);
			return `<${element.tagName.toLowerCase()}${id}${classes}> "${text}"`;
		});
		return { scrollWidth: root.scrollWidth, clientWidth: edge, tooWide: described };
	});
}

/**
 * The page the browser is on: an axe scan and the sideways-scroll check at 320 px, then a
 * screenshot at each width. A page that scrolls sideways fails the test at the end, after every
 * other page was checked too.
 */
async function checkPage(page: Page, testInfo: TestInfo, a11y: Scan, name: string) {
	await page.setViewportSize({ width: NARROWEST, height: 720 });
	await a11y();
	const { scrollWidth, clientWidth, tooWide } = await sidewaysScroll(page);
	expect
		.soft(scrollWidth, `${name} scrolls sideways at ${NARROWEST} px: ${tooWide.join('; ')}`)
		.toBeLessThanOrEqual(clientWidth);
	for (const viewport of SCREENSHOT_WIDTHS) {
		await page.setViewportSize(viewport);
		// Attached from a file, which Playwright copies next to the test's other output; the
		// reporters then name the file instead of carrying the whole image.
		const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
		const file = testInfo.outputPath(`${slug}-${viewport.width}.png`);
		await page.screenshot({ path: file, fullPage: true });
		await testInfo.attach(`${name} at ${viewport.width} px`, {
			path: file,
			contentType: 'image/png'
		});
		await rm(file);
	}
}

async function visit(
	page: Page,
	testInfo: TestInfo,
	a11y: Scan,
	path: string,
	name = path === '/' ? 'home' : path.slice(1)
) {
	await page.goto(path);
	await checkPage(page, testInfo, a11y, name);
}

test('public pages fit a 320 px screen', async ({ page, a11y }, testInfo) => {
	test.slow(); // about twenty pages, each scanned and photographed at two widths
	for (const path of [
		'/',
		'/courses',
		`/courses/${COURSE.slug}`,
		...LESSON_SLUGS.map((slug) => `/courses/${COURSE.slug}/${slug}`),
		`/courses/${COURSE.slug}/card`,
		`/courses/${COURSE.slug}/card?country=NO`,
		'/login',
		`/login?redirectTo=${encodeURIComponent(`/courses/${COURSE.slug}/quiz`)}`,
		'/register',
		'/forgot-password',
		'/reset-password?token=no-such-token',
		'/check-email?after=registration',
		'/about',
		'/privacy',
		'/accessibility',
		'/verify',
		'/verify?code=SPIRE-NOT-A-CODE',
		'/verify/SPIRE-0000-0000-0000-0001-1',
		'/no-such-page'
	]) {
		await visit(page, testInfo, a11y, path);
	}

	// A refused form, with its summary and messages; the header menu open.
	await page.goto('/register');
	await page.getByLabel('Email').fill(`a-very-long-address-${'x'.repeat(60)}@example.org`);
	await page.getByRole('button', { name: 'Create account' }).click();
	await page.getByRole('region', { name: 'Please fix the following' }).waitFor();
	await checkPage(page, testInfo, a11y, 'registration refused');
	await page.setViewportSize({ width: NARROWEST, height: 720 });
	await mainNavigation(page);
	await checkPage(page, testInfo, a11y, 'menu open');
});

test('learner pages fit a 320 px screen', async ({ page, a11y }, testInfo) => {
	test.slow();
	await register(page, a11y, { name: 'Kristiane Marie Johannessen-Bakkevold' });
	await page.setViewportSize({ width: NARROWEST, height: 720 });
	await mainNavigation(page);
	await checkPage(page, testInfo, a11y, 'learner menu open');
	for (const path of [
		'/me',
		'/courses',
		`/courses/${COURSE.slug}`,
		`/courses/${COURSE.slug}/${LESSON_SLUGS[0]}`,
		'/account',
		'/notifications'
	]) {
		await visit(page, testInfo, a11y, path);
	}
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await checkPage(page, testInfo, a11y, 'quiz attempt');
	await answerQuiz(page, { correctly: false });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText(/You scored/)).toBeVisible();
	await checkPage(page, testInfo, a11y, 'quiz result');
	await visit(page, testInfo, a11y, `/courses/${COURSE.slug}/quiz`, 'quiz history');
});

test('educator pages fit a 320 px screen', async ({ page, a11y }, testInfo) => {
	test.slow(); // an admin, an educator with a group, and the educator in the group
	const { groupPath } = await educatorWithGroup(page, a11y, 'Småbarnsavdelingen Solsikken høst');
	await page.getByRole('checkbox', { name: COURSE.title }).check();
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByText('The course is assigned.')).toBeVisible();
	await page.getByRole('button', { name: 'Invite link' }).click();
	const inviteLink = await page.getByRole('link', { name: 'Copy link' }).getAttribute('href');
	await checkPage(page, testInfo, a11y, 'group with a new invite link');
	await page.goto(new URL(inviteLink!).pathname);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await checkPage(page, testInfo, a11y, 'joined');
	await visit(page, testInfo, a11y, '/educate');
	await visit(page, testInfo, a11y, groupPath, 'group');
	await page.getByLabel('E-mail addresses').fill(`not-an-address-${'z'.repeat(80)}\nanother one`);
	await page.getByRole('button', { name: 'Send invitations' }).click();
	await page.getByRole('region', { name: 'Please fix the following' }).waitFor();
	await checkPage(page, testInfo, a11y, 'group with refused invitations');
	await page.goto(groupPath);
	await page.getByRole('table').getByRole('link', { name: 'Eda Educator' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Eda Educator');
	await checkPage(page, testInfo, a11y, 'learner in a group');
	await visit(page, testInfo, a11y, '/account/two-factor');
});

test('admin pages fit a 320 px screen', async ({ page, a11y }, testInfo) => {
	test.slow();
	const email = uniqueEmail('admin-with-a-rather-long-address');
	createAdminWithCommand(email, 'Ada Admin', PASSWORD);
	await logIn(page, a11y, email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/admin/organisations');
	await turnOnTwoFactor(page, a11y);
	await visit(page, testInfo, a11y, '/admin');
	await visit(page, testInfo, a11y, '/admin/organisations');
	await page.getByLabel('Name', { exact: true }).fill('Nordre Aker kommune, barnehageetaten');
	await page.getByRole('button', { name: 'Create organisation' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Nordre Aker');
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Make educator' }).click();
	await expect(page.getByText('is now an educator of this organisation.')).toBeVisible();
	await checkPage(page, testInfo, a11y, 'organisation');
	await visit(page, testInfo, a11y, '/admin/people');
	await visit(page, testInfo, a11y, `/admin/people?q=${encodeURIComponent(email)}`, 'people found');
});
