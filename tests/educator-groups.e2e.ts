/**
 * An educator puts new staff in a group and gives them the induction course with a due date:
 * a group, an invite link, a learner who joins by it and finds the course on their learning page.
 * The educator is made by an admin, and the first admin with `npm run admin:create`.
 */
import type { Page } from '@playwright/test';
import { educatorWithGroup, organisationWithEducator } from './admin-accounts';
import {
	COURSE,
	PASSWORD,
	chooseCountry,
	expect,
	logIn,
	logOut,
	mailedLink,
	mailsTo,
	register,
	test,
	uniqueEmail,
	waitForMail
} from './fixtures';

/** A date `days` from today as `<input type="date">` takes it. */
function daysFromNow(days: number) {
	return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

test('an educator makes a group, invites a learner by link and assigns the course with a due date', async ({
	page,
	a11y
}) => {
	test.slow(); // three people, three accounts confirmed by mail, and an admin made by command
	const educator = await register(page, a11y, { name: 'Eda Educator' });
	await a11y();
	await logOut(page, a11y);
	const organisation = await organisationWithEducator(page, a11y, educator.email);

	await logIn(page, a11y, educator.email);
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Groups' })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
	await a11y();

	// A name that is too long is refused next to the field and kept.
	await page.getByLabel('Organisation').selectOption({ label: organisation });
	await page.getByLabel('Group name').fill('x'.repeat(1000));
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByLabel('Group name')).toHaveAccessibleDescription(
		/Use at most 120 characters for the group's name\./
	);
	await a11y();
	await page.getByLabel('Group name').fill('New staff, autumn 2026');
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'New staff, autumn 2026' })
	).toBeVisible();
	await a11y();

	await page.getByRole('button', { name: 'Invite link' }).click();
	const copy = page.getByRole('link', { name: 'Copy link' });
	await expect(copy).toBeVisible();
	const inviteLink = (await copy.getAttribute('href'))!;
	expect(inviteLink).toMatch(/\/join\/[a-z2-7]{32}$/);
	await a11y();

	// Assigning nothing is refused next to the course list; the due date stays.
	await page.getByLabel('Due date').fill(daysFromNow(5));
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByRole('group', { name: 'Courses' })).toHaveAccessibleDescription(
		'Choose at least one course.'
	);
	await expect(page.getByLabel('Due date')).toHaveValue(daysFromNow(5));
	await a11y();
	await page.getByRole('checkbox', { name: COURSE.title }).check();
	await page.getByLabel('Due date').fill(daysFromNow(5));
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByText('The course is assigned.')).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: COURSE.title })).toContainText('due');
	await a11y();
	await logOut(page, a11y);

	// A new learner opens the link, creates an account, comes back and joins.
	await page.goto(new URL(inviteLink).pathname);
	await expect(page.getByText('New staff, autumn 2026')).toBeVisible();
	await a11y();
	const learner = await register(page, a11y, { name: 'Noor Nyansatt' });
	await a11y();
	await page.goto(new URL(inviteLink).pathname);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await a11y();
	await page.getByRole('link', { name: 'Go to my learning' }).click();
	const assigned = page.getByRole('region', { name: 'Assigned to you' });
	await expect(assigned.getByRole('link', { name: COURSE.title })).toBeVisible();
	await expect(assigned.getByText('Due soon')).toBeVisible();
	await expect(assigned.getByText('Assigned by Eda Educator')).toBeVisible();
	await a11y();

	// Opening the link again says so instead of joining twice.
	await page.goto(new URL(inviteLink).pathname);
	await expect(page.getByText('You are already in this group.')).toBeVisible();
	await a11y();
	await logOut(page, a11y);

	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	await page.goto('/educate');
	await a11y();
	await page.getByRole('link', { name: 'New staff, autumn 2026' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: learner.name })).toBeVisible();
	await a11y();
});

/** The invite page's path in an invitation mail. */
function invitePathIn(mail: { text: string }) {
	const path = /https?:\/\/[^\s/]+(\/join\/[a-z2-7]{32})/.exec(mail.text)?.[1];
	if (!path) throw new Error(`No invite link in:\n${mail.text}`);
	return path;
}

/** A due date as the pages show it: the end of that day, UTC, in British English. */
function shownDate(day: string) {
	return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
		dateStyle: 'long',
		timeZone: 'UTC'
	});
}

/** Fills in and sends the registration form the page is on. */
async function fillRegistration(page: Page, name: string, email: string, password = PASSWORD) {
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await chooseCountry(page, 'Iceland');
	await page.getByRole('main').getByRole('button', { name: 'Create account' }).click();
}

test('someone invited by e-mail who registers with that address is in the group at once; another address confirms by mail first', async ({
	page,
	a11y
}) => {
	test.slow(); // an admin, an educator and three people invited by mail
	const { educator, groupPath } = await educatorWithGroup(page, a11y, 'Autumn starters');
	const invited = uniqueEmail('invited');
	const forwarded = uniqueEmail('forwarded');
	const since = Date.now();
	await page.getByLabel('E-mail addresses').fill([invited, forwarded, educator.email].join('\n'));
	await page.getByRole('button', { name: 'Send invitations' }).click();
	await expect(page.getByText('3 invitations sent.')).toBeVisible();
	await a11y();
	await logOut(page, a11y);
	const subject = /^You are invited to join /;
	const invitationTo = async (to: string) => {
		const mail = await waitForMail(to, { since });
		expect(mail.subject).toMatch(subject);
		return invitePathIn(mail);
	};

	// The invited address: no "Check your e-mail", signed in and in the group straight away.
	const invitePath = await invitationTo(invited);
	await page.goto(invitePath);
	await expect(page.getByText('This invitation was mailed to you.')).toBeVisible();
	await a11y();
	await page.getByRole('main').getByRole('link', { name: 'Create account' }).click();
	await expect(page.getByText('You are joining the group Autumn starters.')).toBeVisible();
	await a11y();
	await fillRegistration(page, 'Ines Invitert', ` ${invited.toUpperCase()} `);
	await expect(page).toHaveURL(new RegExp(`${invitePath}\\?joined$`));
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
	await a11y();
	expect(mailsTo(invited).map((mail) => mail.subject)).toEqual([expect.stringMatching(subject)]);
	await logOut(page, a11y);

	// Registering from an invitation with another address: confirm by mail, then back to join.
	const other = uniqueEmail('other');
	await page.goto(await invitationTo(forwarded));
	await a11y();
	await page.getByRole('main').getByRole('link', { name: 'Create account' }).click();
	await a11y();
	const registered = Date.now();
	await fillRegistration(page, 'Otto Annen', other);
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await a11y();
	const confirm = await waitForMail(other, {
		since: registered,
		subject: 'Confirm your e-mail address for Spire'
	});
	await page.goto(mailedLink(confirm, '/verify-email'));
	await a11y();
	await page.getByRole('button', { name: 'Confirm and sign in' }).click();
	await expect(page).toHaveURL(/\/join\/[a-z2-7]{32}$/);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await a11y();
	await logOut(page, a11y);

	// An invited address that has an account: the same page as anyone's, and its owner is told.
	await page.goto(await invitationTo(educator.email));
	await a11y();
	await page.getByRole('main').getByRole('link', { name: 'Create account' }).click();
	await a11y();
	const tried = Date.now();
	await fillRegistration(page, 'Someone Else', educator.email, 'another calm harbour');
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })
	).toBeVisible();
	await a11y();
	await waitForMail(educator.email, {
		since: tried,
		subject: 'Someone tried to register with your address'
	});

	// The educator sees both newcomers in the group; only the unused invitation still waits.
	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await page.goto(groupPath);
	const people = page.getByRole('region', { name: /^People in the group/ });
	await expect(people.getByText('Ines Invitert', { exact: true })).toBeVisible();
	await expect(people.getByText('Otto Annen', { exact: true })).toBeVisible();
	const pending = page.getByRole('region', { name: 'Invite by e-mail' });
	await expect(pending.getByText(educator.email, { exact: true })).toBeVisible();
	await expect(pending.getByText(invited, { exact: true })).toHaveCount(0);
	await expect(pending.getByText(forwarded, { exact: true })).toHaveCount(0);
	await a11y();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	/** Clicks and returns the status of the POST it sends (303 for a redirect after a form). */
	async function post(page: Page, click: () => Promise<void>) {
		const response = page.waitForResponse((r) => r.request().method() === 'POST');
		await click();
		return (await response).status();
	}

	test('a learner joins by invite link, and the educator assigns the course to the group and to one person with due dates', async ({
		page,
		a11y
	}) => {
		test.slow(); // an admin, an educator and a learner, all with JavaScript off
		const { educator, groupPath } = await educatorWithGroup(page, a11y, 'Plain forms group');
		expect(await post(page, () => page.getByRole('button', { name: 'Invite link' }).click())).toBe(
			200
		);
		const invitePath = new URL(
			(await page.getByRole('link', { name: 'Copy link' }).getAttribute('href'))!
		).pathname;
		await a11y();
		await logOut(page, a11y);

		// Register from the link, confirm by the mailed link, and land on the invite to join.
		await page.goto(invitePath);
		await a11y();
		await page.getByRole('main').getByRole('link', { name: 'Create account' }).click();
		await expect(page).toHaveURL(/\/register\?redirectTo=%2Fjoin%2F/);
		await a11y();
		const learnerEmail = uniqueEmail('plain-joiner');
		const since = Date.now();
		const registered = await post(page, () => fillRegistration(page, 'Pia Plain', learnerEmail));
		expect(registered).toBe(303);
		await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
		await a11y();
		const mail = await waitForMail(learnerEmail, {
			since,
			subject: 'Confirm your e-mail address for Spire'
		});
		await page.goto(mailedLink(mail, '/verify-email'));
		await a11y();
		expect(
			await post(page, () => page.getByRole('button', { name: 'Confirm and sign in' }).click())
		).toBe(303);
		await expect(page).toHaveURL(new RegExp(`${invitePath}$`));
		await a11y();
		expect(
			await post(page, () => page.getByRole('button', { name: 'Join the group' }).click())
		).toBe(303);
		await expect(page).toHaveURL(new RegExp(`${invitePath}\\?joined$`));
		await expect(page.getByText('You are now in this group.')).toBeVisible();
		await a11y();
		const unknown = await page.goto('/join/abcdefghijklmnopqrstuvwxyz234567');
		expect(unknown?.status()).toBe(404);
		await expect(page.getByText('This invite link does not lead to a group.')).toBeVisible();
		await a11y();
		await logOut(page, a11y);

		await logIn(page, a11y, educator.email);
		await expect(page).toHaveURL(/\/me$/);
		await page.goto(groupPath);
		await a11y();
		const courseId = await page.getByRole('checkbox', { name: COURSE.title }).getAttribute('value');
		const groupDue = '2031-03-20';
		const personalDue = '2031-03-10';
		const ownDue = '2031-03-15';

		// The whole group, with a due date.
		await page.getByRole('checkbox', { name: COURSE.title }).check();
		await page.getByLabel('Due date', { exact: true }).fill(groupDue);
		expect(
			await post(page, () => page.getByRole('button', { name: 'Assign course' }).click())
		).toBe(303);
		await expect(page).toHaveURL(/\?assigned$/);
		await expect(page.getByText('The course is assigned.')).toBeVisible();
		await a11y();

		// One person: nobody ticked is refused next to the choice, and the other values stay.
		await page.getByRole('checkbox', { name: COURSE.title }).check();
		await page.getByLabel('Due date', { exact: true }).fill(personalDue);
		await page.getByRole('radio', { name: 'Only the people ticked' }).check();
		expect(
			await post(page, () => page.getByRole('button', { name: 'Assign course' }).click())
		).toBe(400);
		const target = page.getByRole('group', { name: 'Assign to' });
		await expect(target).toHaveAccessibleDescription(
			'Tick the people to assign the course to, or choose the whole group.'
		);
		await expect(page.getByLabel('Due date', { exact: true })).toHaveValue(personalDue);
		await expect(page.getByRole('checkbox', { name: COURSE.title })).toBeChecked();
		await a11y();
		await page.getByRole('radio', { name: 'Only the people ticked' }).check();
		await page.getByRole('checkbox', { name: 'Pia Plain' }).check();
		expect(
			await post(page, () => page.getByRole('button', { name: 'Assign course' }).click())
		).toBe(303);
		await expect(page).toHaveURL(/\?assigned=people$/);
		await expect(page.getByText('The course is assigned to the people you ticked.')).toBeVisible();
		const assigned = page.getByRole('region', { name: 'Assigned courses' }).getByRole('listitem');
		await expect(assigned).toHaveCount(2);
		await expect(assigned.first()).toContainText(`due ${shownDate(groupDue)}`);
		await expect(assigned.filter({ hasText: 'for Pia Plain' })).toContainText(
			`due ${shownDate(personalDue)}`
		);
		const matrix = page.getByRole('table', { name: /Progress of each person/ });
		await expect(matrix.getByRole('row', { name: /Pia Plain/ })).toContainText('Not started');
		await a11y();

		// Her own due date in the group's assignment, on her page.
		await matrix.getByRole('link', { name: 'Pia Plain' }).click();
		await a11y();
		const dueDates = page.getByRole('region', { name: 'Due dates' });
		await expect(dueDates.getByText('Assigned to the group, due')).toBeVisible();
		await expect(dueDates.getByText('Assigned to Pia Plain alone.')).toBeVisible();
		await dueDates.getByLabel('Due date').first().fill(ownDue);
		expect(
			await post(page, () =>
				dueDates
					.getByRole('button', { name: /^Save due date/ })
					.first()
					.click()
			)
		).toBe(303);
		await expect(page.getByText('The due date is saved.')).toBeVisible();
		await expect(dueDates.getByLabel('Due date').first()).toHaveValue(ownDue);
		await a11y();

		// What a browser's date field cannot send, and people outside the group, are refused.
		const learnerPath = new URL(page.url()).pathname;
		const assignmentId = await dueDates
			.locator('input[name="assignmentId"]')
			.first()
			.getAttribute('value');
		const sendForm = (path: string, fields: Record<string, string>) =>
			page.request.post(path, {
				form: fields,
				headers: { accept: 'text/html', origin: new URL(page.url()).origin },
				maxRedirects: 0
			});
		const badDate = await sendForm(`${learnerPath}?/dueDate`, {
			assignmentId: assignmentId!,
			dueAt: '2031-02-30'
		});
		expect(badDate.status()).toBe(400);
		expect(await badDate.text()).toContain('Enter the due date as a date');
		const stranger = await sendForm(`${groupPath}?/assign`, {
			courseId: courseId!,
			target: 'people',
			personId: 'someone-outside-the-group',
			dueAt: ''
		});
		expect(stranger.status()).toBe(400);
		expect(await stranger.text()).toContain('Someone you ticked is no longer in this group.');

		// Withdrawing the personal assignment leaves the group's, with her own date.
		await page.goto(groupPath);
		const withdraw = page.getByRole('button', { name: /^Withdraw\b.*, for Pia Plain$/ });
		expect(await post(page, () => withdraw.click())).toBe(303);
		await expect(assigned).toHaveCount(1);
		await expect(assigned).not.toContainText('Pia Plain');
		await a11y();
		await logOut(page, a11y);

		await logIn(page, a11y, learnerEmail);
		await expect(page).toHaveURL(/\/me$/);
		const forHer = page.getByRole('region', { name: 'Assigned to you' });
		await expect(forHer.getByRole('link', { name: COURSE.title })).toBeVisible();
		await expect(forHer.getByText(`Due ${shownDate(ownDue)}`)).toBeVisible();
		await a11y();
	});
});
