/**
 * A large group: its page lists the people 100 at a time, with plain links to the next and the
 * previous ones, while the matrix above keeps a row for everyone. The 120 people are written
 * straight into the test server's database; joining by invite link is tested elsewhere.
 */
import { organisationWithEducator } from './admin-accounts';
import { executeInE2eDatabase } from './e2e-database';
import { expect, logIn, logOut, register, test } from './fixtures';

const PEOPLE = 120;

/** Puts `count` confirmed people, named "Member 001" and on, into the group and its organisation. */
async function fillGroup(groupId: string, count: number) {
	const now = Date.now();
	const prefix = `large-${now}-`;
	await executeInE2eDatabase({
		sql: `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
			insert into users (id, email, email_normalized, name, password_hash, locale, created_at,
				updated_at, email_verified_at)
			select ? || i, ? || i || '@example.org', ? || i || '@example.org',
				'Member ' || substr('00' || i, -3), 'not-a-password-hash', 'en', ?, ?, ?
			from n`,
		args: [count, prefix, prefix, prefix, now, now, now]
	});
	await executeInE2eDatabase({
		sql: `insert into group_members (group_id, user_id, joined_at)
			select ?, id, ? from users where id like ? || '%'`,
		args: [groupId, now, prefix]
	});
	await executeInE2eDatabase({
		sql: `insert into memberships (user_id, organisation_id, role, created_at)
			select id, (select organisation_id from groups where id = ?), 'learner', ?
			from users where id like ? || '%'`,
		args: [groupId, now, prefix]
	});
}

test('an educator pages through the people of a group of 120', async ({ page, a11y }) => {
	test.slow(); // an admin made by command, two-factor, and an educator
	const educator = await register(page, a11y, { name: 'Lars Leader' });
	await a11y();
	await logOut(page, a11y);
	const organisation = await organisationWithEducator(page, a11y, educator.email);

	await logIn(page, a11y, educator.email);
	// Wait for the sign-in to finish: going on at once would cancel its form post.
	await expect(page).toHaveURL(/\/me$/);
	await page.goto('/educate');
	await a11y();
	await page.getByLabel('Organisation').selectOption({ label: organisation });
	await page.getByLabel('Group name').fill('All staff, 2026');
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'All staff, 2026' })).toBeVisible();
	const groupId = new URL(page.url()).pathname.split('/').pop()!;
	await fillGroup(groupId, PEOPLE);

	await page.reload();
	const people = page.getByRole('region', { name: `People in the group (${PEOPLE})` });
	await expect(people.getByRole('listitem')).toHaveCount(100);
	await expect(people.getByText('Member 001', { exact: true })).toBeVisible();
	await expect(people.getByText('Member 101', { exact: true })).toHaveCount(0);
	const pages = people.getByRole('navigation', { name: 'Pages of people in the group' });
	await expect(pages.getByText(`1–100 of ${PEOPLE}`)).toBeVisible();
	await expect(pages.getByRole('link', { name: 'Previous people' })).toHaveCount(0);
	await a11y();

	await pages.getByRole('link', { name: 'More people' }).click();
	await expect(pages.getByText(`101–120 of ${PEOPLE}`)).toBeVisible();
	await expect(page).toHaveURL(/\?people=2#members-heading$/);
	await expect(people.getByRole('listitem')).toHaveCount(PEOPLE - 100);
	await expect(people.getByText('Member 120', { exact: true })).toBeVisible();
	await expect(pages.getByRole('link', { name: 'More people' })).toHaveCount(0);
	await a11y();

	// A page past the end shows the last one; the previous link goes back to the first.
	await page.goto(`/educate/groups/${groupId}?people=99`);
	await expect(pages.getByText(`101–120 of ${PEOPLE}`)).toBeVisible();
	await a11y();
	await pages.getByRole('link', { name: 'Previous people' }).click();
	await expect(pages.getByText(`1–100 of ${PEOPLE}`)).toBeVisible();
	await expect(page).toHaveURL(/\/educate\/groups\/[^?]+#members-heading$/);
	await a11y();
});
