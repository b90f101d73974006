/**
 * Referral practice in module 4, by user story: a learner writes a practice notification of
 * concern, gets feedback that points into the lessons, fixes it, submits it and compares it with
 * the model answer; an educator of the learner's group asks for a revision and approves the next
 * version; only then does the module complete and issue its certificate. Without JavaScript the
 * same forms work, the personal-data guard included. Nobody else reads a submission, and the
 * page follows the learner's language.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { executeInE2eDatabase } from './e2e-database';
import { SECTION_IDS, type SectionId } from '../src/lib/referral-sections';
import {
	answerQuiz,
	completeLessons,
	expect,
	logIn,
	logOut,
	mainNavigation,
	register,
	test
} from './fixtures';
import { message } from './messages';
import { courseContent } from './routes.mjs';

const MODULE = {
	slug: 'notification-of-concern',
	title: 'Writing a notification of concern',
	folder: 'courses/04-notification-of-concern'
};
const moduleContent = courseContent().find((c) => c.slug === MODULE.slug)!;

/** The first exercise: Ida, a clear case, where the parents may be told first. */
const IDA = {
	title: 'Ida, 4 years: sores that do not heal',
	path: `/courses/${MODULE.slug}/exercises/${moduleContent.exercises[0]}`
};
const idaExercise = parse(
	readFileSync(`${MODULE.folder}/exercises/01-ida-sores-that-do-not-heal.yaml`, 'utf8')
) as { modelAnswer: Record<SectionId, string>; checklist: { id: string; text: string }[] };

type Text = Record<SectionId, string>;

type Headings = Record<SectionId, { label: string }>;
const templates = parse(readFileSync('courses/referral-templates.yaml', 'utf8')) as {
	countries: Record<string, Record<string, { headings: Headings }>>;
};

/** Each textarea's label as the page numbers it: "3. What are you worried about? …". */
function labelsOf(country: string, locale: string): Record<SectionId, string> {
	const { headings } = templates.countries[country][locale];
	return Object.fromEntries(
		SECTION_IDS.map((id, i) => [id, `${i + 1}. ${headings[id].label}`])
	) as Record<SectionId, string>;
}
/** The Norwegian form in English: the learners here work in Norway and read English. */
const NO_EN = labelsOf('NO', 'en');

type FeedbackRule = { explanation: string; lesson: string; anchor: string };
function feedbackRules(locale: string): Record<string, FeedbackRule> {
	return (
		parse(readFileSync(`courses/referral-feedback/${locale}.yaml`, 'utf8')) as {
			rules: Record<string, FeedbackRule>;
		}
	).rules;
}
const RULES = feedbackRules('en');

/**
 * A first draft with the classic faults: a judgement and no date among the observations, and
 * the child's words retold instead of quoted. The other sections are as the lessons teach.
 */
const FIRST_DRAFT: Text = {
	reporter:
		"I am Ida's key adult in the group for children aged 3 to 5. I see her five days a week.",
	child: 'Ida, 4 years. She lives with her mother. Her father lives in another town.',
	observations: 'Ida is neglected. Her trousers were wet and smelled of urine.',
	childsWords: 'Ida said that it stings and that her mummy is sick in bed.',
	actionsTaken:
		'5 October: At pick-up I told her mother about the sores and asked her to take Ida to a doctor. She said she would do it that week.',
	strengths:
		'Ida plays well with other children. When she hurts herself, she comes to me for comfort.',
	assessment:
		"My assessment: I am worried that Ida's basic needs for hygiene, food and care are not being met at home at the moment.",
	parentsInformed: 'Yes. We told her mother on 20 October that we are sending this report, and why.'
};
const FIXED_OBSERVATIONS =
	'21 September, 8:10: Ida arrived in the same clothes as on Friday. Her trousers were wet and smelled of urine.\n' +
	'5 October, 9:30: My colleague and I saw red, open sores in her groin.';
const FIXED_CHILDS_WORDS = '12 October, 10:00, in the changing room. Ida said: "It stings."';
const ADDED_IN_VERSION_2 = '12 October, 10:00: The sores were still there, and there were more.';

function field(page: Page, id: SectionId, labels = NO_EN) {
	return page.getByLabel(labels[id], { exact: true });
}

async function fillDraft(page: Page, text: Partial<Text>, labels = NO_EN) {
	for (const [id, value] of Object.entries(text) as [SectionId, string][]) {
		await field(page, id, labels).fill(value);
	}
}

/** The flag's item in the feedback under a section: "“neglected”: This word is a judgement…". */
function flagItem(page: Page, explanation: string) {
	return page.getByRole('listitem').filter({ hasText: explanation });
}

/** The header's bell, named with the number of unread notifications. */
function bell(page: Page) {
	return page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: /^Notifications/ });
}

type Scan = () => Promise<void>;

/**
 * For the shared helpers' pages (register, log in, log out), which a test here passes through
 * again and again: a scan the first time the test is on that address, none after. The states
 * this file is about are scanned with `a11y` itself, each time.
 */
function firstVisits(page: Page, a11y: Scan): Scan {
	const scanned = new Set<string>();
	return async () => {
		const path = new URL(page.url()).pathname;
		if (scanned.has(path)) return;
		scanned.add(path);
		await a11y();
	};
}

/**
 * Makes the account an educator of a new organisation, written straight into the server's
 * database as an admin's "Make educator" writes it: how an admin does that is
 * tests/admin.e2e.ts's story, and the command that makes an admin takes many seconds.
 */
async function educatorOfNewOrganisation(email: string, name: string) {
	const id = crypto.randomUUID();
	const now = Date.now();
	await executeInE2eDatabase({
		sql: 'INSERT INTO organisations (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)',
		args: [id, `${name} ${now}`, now, now]
	});
	const made = await executeInE2eDatabase({
		sql: `INSERT INTO memberships (user_id, organisation_id, role, created_at)
			SELECT id, ?, 'educator', ? FROM users WHERE email_normalized = ?`,
		args: [id, now, email.toLowerCase()]
	});
	expect(made.rowsAffected, `making ${email} an educator`).toBe(1);
}

test('a learner practises, is asked to revise, is approved by their educator, and completes module 4', async ({
	page,
	a11y,
	baseURL
}) => {
	test.slow(); // an educator and a learner; two versions, two reviews and a quiz
	const scan = firstVisits(page, a11y);
	const educator = await register(page, scan, { name: 'Eda Educator' });
	await scan();
	await educatorOfNewOrganisation(educator.email, 'Referral practice kindergarten');
	await page.goto('/educate');
	await a11y();
	await page.getByLabel('Group name').fill('Referral practice group');
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Referral practice group' })
	).toBeVisible();
	await page.getByRole('button', { name: 'Invite link' }).click();
	const inviteLink = (await page.getByRole('link', { name: 'Copy link' }).getAttribute('href'))!;
	await a11y();
	await logOut(page, scan);

	const learner = await register(page, scan, { name: 'Wenche Writer', country: 'Norway' });
	await scan();
	await page.goto(new URL(inviteLink).pathname);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await a11y();

	let firstVersion = '';
	await test.step('the learner writes a draft, gets feedback with lesson links and fixes it', async () => {
		await page.goto(`/courses/${MODULE.slug}`);
		await expect(
			page.getByText('To complete this course, an educator must approve one of your practice')
		).toBeVisible();
		await a11y();
		await page.getByRole('link', { name: IDA.title }).click();
		await expect(page.getByRole('heading', { level: 1, name: IDA.title })).toBeVisible();
		await expect(page.getByRole('note')).toHaveText(
			'This is practice. Never write about a real child or family in Spire.'
		);
		await a11y();

		await fillDraft(page, FIRST_DRAFT);
		await page.getByRole('button', { name: 'Check my draft' }).click();
		await expect(page.getByText('Feedback on your draft: 3 points.')).toBeVisible();
		// Each flag under its section: the sentence marked in place, why, and where to read more.
		await expect(field(page, 'observations')).toHaveAccessibleDescription(
			new RegExp(`“neglected”: ${escape(RULES['interpretive-word'].explanation)}`)
		);
		await expect(page.locator('mark', { hasText: 'Ida is neglected.' })).toBeVisible();
		await expect(
			page.locator('mark', { hasText: 'Her trousers were wet and smelled of urine.' })
		).toBeVisible();
		await expect(flagItem(page, RULES['undated-observation'].explanation)).toBeVisible();
		await expect(field(page, 'childsWords')).toHaveAccessibleDescription(
			new RegExp(escape(RULES['child-words-unquoted'].explanation))
		);
		await a11y(); // with the highlights shown

		// The link leads to the paragraph of the lesson that teaches the point.
		const rule = RULES['interpretive-word'];
		const readMore = flagItem(page, rule.explanation).getByRole('link', {
			name: 'Read more in the lesson'
		});
		await expect(readMore).toHaveAttribute(
			'href',
			`/courses/${MODULE.slug}/${rule.lesson}#${rule.anchor}`
		);
		await readMore.click();
		await expect(page).toHaveURL(
			new RegExp(`/courses/${MODULE.slug}/${rule.lesson}#${rule.anchor}$`)
		);
		await expect(page.locator(`#${rule.anchor}`)).toHaveRole('heading');
		await expect(page.locator(`#${rule.anchor}`)).toHaveText('Words to watch');
		await a11y();

		// Back on the page, the checked draft is there; the fixes are saved by the autosave.
		await page.goBack();
		await expect(field(page, 'observations')).toHaveValue(FIRST_DRAFT.observations);
		// The autosave that carries the last fix: a save every few seconds while someone writes.
		const autosaved = page.waitForResponse(
			(r) =>
				r.request().method() === 'POST' &&
				r.url().endsWith('?/save') &&
				(r.request().postData() ?? '').includes(FIXED_CHILDS_WORDS)
		);
		await fillDraft(page, { observations: FIXED_OBSERVATIONS, childsWords: FIXED_CHILDS_WORDS });
		expect((await autosaved).status()).toBe(200);
		await expect(page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
		await expect(
			page.getByText('No feedback: every section looks the way the lessons teach.')
		).toBeVisible();
		await expect(page.locator('mark')).toHaveCount(0);
		await a11y();
		await page.reload();
		await expect(field(page, 'observations')).toHaveValue(FIXED_OBSERVATIONS);
		await expect(field(page, 'childsWords')).toHaveValue(FIXED_CHILDS_WORDS);
		await expect(field(page, 'parentsInformed')).toHaveValue(FIRST_DRAFT.parentsInformed);
		await a11y();
	});

	await test.step('the learner submits, sees the model answer beside their text, and assesses it', async () => {
		await page.getByRole('button', { name: 'Submit for review' }).click();
		await expect(page).toHaveURL(/\/referrals\/[\w-]+$/);
		firstVersion = new URL(page.url()).pathname;
		await expect(
			page.getByRole('heading', { level: 1, name: `${IDA.title}: Version 1` })
		).toBeVisible();
		await expect(page.getByText('waiting for review', { exact: true })).toBeVisible();
		const observations = page.getByRole('region', { name: NO_EN.observations });
		await expect(observations.getByRole('heading', { name: 'Your text' })).toBeVisible();
		await expect(observations.getByText('5 October, 9:30: My colleague and I saw')).toBeVisible();
		await expect(observations.getByRole('heading', { name: 'Model answer' })).toBeVisible();
		await expect(
			observations.getByText(idaExercise.modelAnswer.observations.split('\n')[0])
		).toBeVisible();
		await a11y();

		const [dated, quoted] = ['every-observation-dated', 'words-quoted'].map(
			(id) => idaExercise.checklist.find((item) => item.id === id)!.text
		);
		await page.getByLabel(dated).check();
		await page.getByLabel(quoted).check();
		await page.getByRole('button', { name: 'Save my self-assessment' }).click();
		await expect(page.getByRole('listitem').filter({ hasText: dated })).toContainText(
			`${dated}: yes`
		);
		const notYet = idaExercise.checklist.find((item) => item.id === 'strengths-named')!.text;
		await expect(page.getByRole('listitem').filter({ hasText: notYet })).toContainText(
			`${notYet}: not yet`
		);
		await a11y();
	});

	await test.step('passing the quiz does not complete the module before an approval', async () => {
		await completeLessons(page.request, baseURL!, MODULE.slug);
		await page.goto(`/courses/${MODULE.slug}/quiz`);
		await a11y();
		await page.getByRole('button', { name: 'Start the quiz' }).click();
		await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
		await answerQuiz(page, { correctly: true, folder: MODULE.folder });
		await page.getByRole('button', { name: 'Submit answers' }).click();
		await expect(page.getByText('You passed. The pass mark is 80%.')).toBeVisible();
		await expect(page.getByText('You have completed the course.')).toHaveCount(0);
		await a11y();
		await page.goto(`/courses/${MODULE.slug}`);
		await expect(
			page.getByText(
				'To complete this course, an educator must approve one of your practice notifications (Meets the standard).'
			)
		).toBeVisible();
		await expect(page.getByText(/^You completed this course on /)).toHaveCount(0);
		const exercises = page.getByRole('region', {
			name: 'Practice: write a notification of concern'
		});
		await expect(exercises.getByRole('listitem').filter({ hasText: IDA.title })).toContainText(
			'(waiting for review)'
		);
		await a11y();
		await logOut(page, scan);
	});

	await test.step('the educator finds it in the queue and asks for a revision', async () => {
		await logIn(page, scan, educator.email);
		await expect(page).toHaveURL(/\/me$/);
		await scan();
		await page.goto('/educate');
		const reviews = page.getByRole('region', { name: 'Notifications to review' });
		await expect(reviews).toContainText('Practice notifications waiting for review: 1.');
		await a11y();
		await reviews.getByRole('link', { name: 'Open the review queue' }).click();
		const row = page.getByRole('row', { name: new RegExp(learner.name) });
		await expect(row).toContainText(`${IDA.title}, Version 1`);
		// Waiting since a moment ago: 0 hours.
		await expect(row.getByRole('cell').last()).toHaveText('0 h');
		await a11y();
		await row.getByRole('link', { name: learner.name }).click();
		await expect(page).toHaveURL(new RegExp(`${firstVersion}$`));
		await expect(page.getByRole('heading', { name: 'Your review' })).toBeVisible();
		await a11y();

		// "Revise" with nothing to change is refused next to the overall comment.
		await page.getByRole('button', { name: 'Revise', exact: true }).click();
		await expect(page.getByLabel('Overall comment')).toHaveAccessibleDescription(
			'Tell the learner what to change: write an overall comment or a comment on a section.'
		);
		await a11y();
		await page
			.getByLabel(`Comment on ${NO_EN.observations} (optional)`)
			.fill('Good dates. Add what you saw on 12 October as well.');
		await page.getByRole('button', { name: 'Revise', exact: true }).click();
		await expect(page).toHaveURL(/\/educate\/reviews$/);
		await expect(page.getByText('Nothing is waiting for review.')).toBeVisible();
		await a11y();
		await logOut(page, scan);
	});

	await test.step('the learner is notified, reads the comment beside the text and revises', async () => {
		await logIn(page, scan, learner.email);
		await expect(page).toHaveURL(/\/me$/);
		await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
		await a11y();
		await bell(page).click();
		await a11y();
		await page
			.getByRole('button', {
				name: `Your educator asks you to revise your referral for “${IDA.title}”. Read the comments.`
			})
			.click();
		await expect(page).toHaveURL(new RegExp(`${firstVersion}$`));
		await expect(page.getByRole('heading', { level: 2, name: 'Revise' })).toBeVisible();
		const observations = page.getByRole('region', { name: NO_EN.observations });
		await expect(
			observations.getByRole('heading', { name: 'Comment from your educator' })
		).toBeVisible();
		await expect(
			observations.getByText('Good dates. Add what you saw on 12 October as well.')
		).toBeVisible();
		await a11y();

		await page.getByRole('link', { name: 'Write a new version' }).click();
		await expect(page.getByText('Your educator asks you to revise.')).toBeVisible();
		await a11y();
		await page.getByRole('button', { name: 'Write a new version' }).click();
		// The new version starts from the last text.
		await expect(field(page, 'observations')).toHaveValue(FIXED_OBSERVATIONS);
		await a11y();
		await field(page, 'observations').fill(`${FIXED_OBSERVATIONS}\n${ADDED_IN_VERSION_2}`);
		await page.getByRole('button', { name: 'Submit for review' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: `${IDA.title}: Version 2` })
		).toBeVisible();
		await a11y();
		await logOut(page, scan);
	});

	await test.step('the educator sees what changed and approves', async () => {
		await logIn(page, scan, educator.email);
		await expect(page).toHaveURL(/\/me$/);
		await scan();
		await page.goto('/educate/reviews');
		const row = page.getByRole('row', { name: new RegExp(learner.name) });
		await expect(row).toContainText(`${IDA.title}, Version 2`);
		await a11y();
		await row.getByRole('link', { name: learner.name }).click();
		const observations = page.getByRole('region', { name: NO_EN.observations });
		await observations.getByText('Changes since version 1').click();
		await expect(observations.locator('ins')).toContainText(
			'The sores were still there, and there were more.'
		);
		await expect(observations.locator('del')).toHaveCount(0);
		// Sections that did not change show no insertions.
		await expect(
			page.getByRole('region', { name: NO_EN.reporter }).locator('ins, del')
		).toHaveCount(0);
		await a11y();
		await page.getByLabel('Overall comment').fill('Clear, dated and concrete. Well done.');
		await page.getByRole('button', { name: 'Meets the standard' }).click();
		await expect(page).toHaveURL(/\/educate\/reviews$/);
		await expect(page.getByText('Nothing is waiting for review.')).toBeVisible();
		await a11y();
		await logOut(page, scan);
	});

	await test.step('with the approval the module completes and issues its certificate', async () => {
		await logIn(page, scan, learner.email);
		await expect(page).toHaveURL(/\/me$/);
		const certificates = page.getByRole('region', { name: 'Your certificates' });
		await expect(certificates.getByRole('link', { name: MODULE.title })).toBeVisible();
		await expect(certificates.getByText('Valid', { exact: true })).toBeVisible();
		await a11y();
		await page.goto(`/courses/${MODULE.slug}`);
		await expect(page.getByText(/^You completed this course on /)).toBeVisible();
		await expect(
			page.getByText(
				'An educator has approved one of your practice notifications: that part of the course is done.'
			)
		).toBeVisible();
		await a11y();
		await page.goto(IDA.path);
		await expect(
			page.getByText('Your notification meets the standard. This exercise is finished.')
		).toBeVisible();
		await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0);
		await a11y();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	/** Clicks and returns the status of the POST it sends (303 for a redirect after a form). */
	async function post(page: Page, click: () => Promise<void>) {
		const response = page.waitForResponse((r) => r.request().method() === 'POST');
		await click();
		return (await response).status();
	}

	test('a learner writes, checks, saves past the personal-data guard and submits', async ({
		page,
		a11y
	}) => {
		const scan = firstVisits(page, a11y);
		await register(page, scan, { name: 'Petra Plain', country: 'Norway' });
		await scan();
		await page.goto(IDA.path);
		await expect(page.getByRole('heading', { level: 1, name: IDA.title })).toBeVisible();
		await a11y();

		// Check my draft: the feedback comes back with the page, and the draft is kept.
		await fillDraft(page, FIRST_DRAFT);
		expect(
			await post(page, () => page.getByRole('button', { name: 'Check my draft' }).click())
		).toBe(200);
		await expect(page.getByText('Feedback on your draft: 3 points.')).toBeVisible();
		await expect(page.locator('mark', { hasText: 'Ida is neglected.' })).toBeVisible();
		await expect(flagItem(page, RULES['interpretive-word'].explanation)).toContainText(
			'“neglected”:'
		);
		await expect(field(page, 'childsWords')).toHaveValue(FIRST_DRAFT.childsWords);
		await a11y(); // with the highlights shown

		// What looks like a real person's identity number blocks saving, and the page says why.
		const withNumber = 'Ida, 4 years, fødselsnummer 241221 50018. She lives with her mother.';
		await field(page, 'child').fill(withNumber);
		await field(page, 'observations').fill(FIXED_OBSERVATIONS);
		expect(await post(page, () => page.getByRole('button', { name: 'Save draft' }).click())).toBe(
			400
		);
		await expect(page.getByRole('alert')).toHaveText(
			'This looks like real personal data: Norwegian national identity number (fødselsnummer). Change it, or confirm that it is made up.'
		);
		const madeUp = page.getByLabel('The details I wrote are made up for this exercise');
		await expect(madeUp).not.toBeChecked();
		await expect(field(page, 'child')).toHaveValue(withNumber);
		await expect(field(page, 'observations')).toHaveValue(FIXED_OBSERVATIONS);
		await a11y(); // with the guard shown
		const stored = await (await page.request.get(IDA.path)).text();
		expect(stored, 'the refused text was not saved').not.toContain('241221 50018');
		expect(stored, 'the checked draft is still the saved one').toContain(FIRST_DRAFT.child);

		// Confirmed as made up, it is saved, and a reload brings it back with the confirmation.
		await madeUp.check();
		expect(await post(page, () => page.getByRole('button', { name: 'Save draft' }).click())).toBe(
			200
		);
		await expect(page.getByText('Draft saved.')).toBeVisible();
		await a11y();
		await page.goto(IDA.path);
		await expect(field(page, 'child')).toHaveValue(withNumber);
		await expect(field(page, 'observations')).toHaveValue(FIXED_OBSERVATIONS);
		await expect(madeUp).toBeChecked();
		await a11y();

		expect(
			await post(page, () => page.getByRole('button', { name: 'Submit for review' }).click())
		).toBe(303);
		await expect(
			page.getByRole('heading', { level: 1, name: `${IDA.title}: Version 1` })
		).toBeVisible();
		await expect(
			page.getByText('The writer confirmed that the details are made up.')
		).toBeVisible();
		await expect(
			page.getByRole('region', { name: NO_EN.child }).getByText(withNumber)
		).toBeVisible();
		await a11y();
	});
});

test('a submission is 404 to another learner and to an educator of another organisation', async ({
	page,
	a11y,
	baseURL
}) => {
	const scan = firstVisits(page, a11y);
	await register(page, scan, { name: 'Olga Owner' });
	await scan();
	// Submitted straight from a new draft, as the writing page's form posts it.
	const submitted = await page.request.post(`${IDA.path}?/submit`, {
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			origin: baseURL!
		},
		data: new URLSearchParams({ ...FIRST_DRAFT, baseRevision: '0' }).toString(),
		maxRedirects: 0
	});
	expect(submitted.status()).toBe(303);
	const submissionPath = submitted.headers().location;
	expect(submissionPath).toMatch(/^\/referrals\/[\w-]+$/);
	expect((await page.goto(submissionPath))?.status()).toBe(200);
	await a11y();
	await logOut(page, scan);

	// Another learner: no such submission, and no review queue.
	await register(page, scan, { name: 'Nils Nosy' });
	expect((await page.goto(submissionPath))?.status()).toBe(404);
	await expect(page.getByText(FIRST_DRAFT.observations)).toHaveCount(0);
	await a11y();
	expect((await page.goto('/educate/reviews'))?.status()).toBe(404);
	await a11y();
	await logOut(page, scan);

	// An educator of an organisation the writer is not in: as if there were no such submission.
	const elsewhere = await register(page, scan, { name: 'Erik Elsewhere' });
	await educatorOfNewOrganisation(elsewhere.email, 'Kindergarten elsewhere');
	expect((await page.goto(submissionPath))?.status()).toBe(404);
	await expect(page.getByText('Olga Owner')).toHaveCount(0);
	await a11y();
	await page.goto('/educate/reviews');
	await expect(page.getByText('Nothing is waiting for review.')).toBeVisible();
	await a11y();
});

test('a learner with Danish as their language writes on the Danish form and gets Danish feedback', async ({
	page,
	a11y
}) => {
	await register(page, a11y, { name: 'Dorte Dansk', country: 'Denmark' });
	await a11y();
	const navigation = await mainNavigation(page);
	await navigation
		.getByRole('combobox', { name: message('en', 'language_switch_label') })
		.selectOption('da');
	await navigation.getByRole('button', { name: message('en', 'language_switch_button') }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	await a11y();

	await page.goto(IDA.path);
	await expect(page.locator('html')).toHaveAttribute('lang', 'da');
	await expect(
		page.getByRole('heading', { level: 2, name: message('da', 'referral_case_heading') })
	).toBeVisible();
	// The Danish form (the learner works in Denmark), in Danish.
	const DK_DA = labelsOf('DK', 'da');
	for (const id of SECTION_IDS) await expect(field(page, id, DK_DA)).toBeVisible();
	await a11y();

	await field(page, 'observations', DK_DA).fill('Ida er omsorgssvigtet.');
	await page.getByRole('button', { name: message('da', 'referral_check_draft') }).click();
	const rule = feedbackRules('da')['interpretive-word'];
	await expect(field(page, 'observations', DK_DA)).toHaveAccessibleDescription(
		new RegExp(`“omsorgssvigtet”: ${escape(rule.explanation)}`)
	);
	await expect(
		flagItem(page, rule.explanation).getByRole('link', {
			name: message('da', 'referral_feedback_read_more')
		})
	).toHaveAttribute('href', `/courses/${MODULE.slug}/${rule.lesson}#${rule.anchor}`);
	await a11y(); // with the highlights shown
});

function escape(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
