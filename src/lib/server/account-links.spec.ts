import { describe, expect, it } from 'vitest';
import { getDb, writeTransaction } from '$lib/server/db';
import { accountLinks } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	LINK_LIFETIME_MS,
	accountLinkWorks,
	consumeAccountLink,
	createAccountLink,
	deleteExpiredAccountLinks,
	type LinkPurpose
} from '$lib/server/account-links';
import { sessionIdFromToken } from '$lib/server/sessions';
import { MINUTE, T0, insertUser, later } from '$lib/server/__fixtures__/learning';

useTestDatabase();

function consume(token: string, purpose: LinkPurpose, now = T0) {
	return writeTransaction((tx) => consumeAccountLink(tx, token, purpose, now));
}

describe('account links', () => {
	it('stores only the SHA-256 of a 160-bit token', async () => {
		const userId = await insertUser();
		const token = await createAccountLink(userId, 'password-reset', T0);
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const rows = await getDb().select().from(accountLinks);
		expect(rows).toEqual([
			{
				id: sessionIdFromToken(token),
				userId,
				purpose: 'password-reset',
				createdAt: T0,
				expiresAt: later(LINK_LIFETIME_MS['password-reset'])
			}
		]);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('works once: opening does not use it up, consuming does', async () => {
		const userId = await insertUser();
		const token = await createAccountLink(userId, 'password-reset', T0);
		expect(await accountLinkWorks(token, 'password-reset', T0)).toBe(true);
		expect(await accountLinkWorks(token, 'password-reset', T0)).toBe(true);
		expect(await consume(token, 'password-reset')).toBe(userId);
		expect(await accountLinkWorks(token, 'password-reset', T0)).toBe(false);
		expect(await consume(token, 'password-reset')).toBeNull();
	});

	it('stops working after one hour for a reset and 24 hours for an address check', async () => {
		const userId = await insertUser();
		const reset = await createAccountLink(userId, 'password-reset', T0);
		const check = await createAccountLink(userId, 'email-verification', T0);
		expect(await accountLinkWorks(reset, 'password-reset', later(59 * MINUTE))).toBe(true);
		expect(await consume(reset, 'password-reset', later(60 * MINUTE))).toBeNull();
		expect(await accountLinkWorks(check, 'email-verification', later(23 * 60 * MINUTE))).toBe(true);
		expect(await consume(check, 'email-verification', later(24 * 60 * MINUTE))).toBeNull();
	});

	it('is only good for its own purpose', async () => {
		const userId = await insertUser();
		const token = await createAccountLink(userId, 'email-verification', T0);
		expect(await accountLinkWorks(token, 'password-reset', T0)).toBe(false);
		expect(await consume(token, 'password-reset')).toBeNull();
		expect(await consume(token, 'email-verification')).toBe(userId);
	});

	it('takes older links of the same purpose along when one is used, and leaves others alone', async () => {
		const ada = await insertUser('Ada');
		const bo = await insertUser('Bo');
		const older = await createAccountLink(ada, 'password-reset', T0);
		const newer = await createAccountLink(ada, 'password-reset', later(MINUTE));
		const check = await createAccountLink(ada, 'email-verification', T0);
		const bos = await createAccountLink(bo, 'password-reset', T0);
		expect(await consume(newer, 'password-reset', later(2 * MINUTE))).toBe(ada);
		expect(await accountLinkWorks(older, 'password-reset', later(2 * MINUTE))).toBe(false);
		expect(await accountLinkWorks(check, 'email-verification', later(2 * MINUTE))).toBe(true);
		expect(await accountLinkWorks(bos, 'password-reset', later(2 * MINUTE))).toBe(true);
	});

	it('refuses malformed tokens without looking them up', async () => {
		for (const token of ['', 'x', 'A'.repeat(32), `${'a'.repeat(32)}'--`, 'a'.repeat(10_000)]) {
			expect(await accountLinkWorks(token, 'password-reset', T0)).toBe(false);
			expect(await consume(token, 'password-reset')).toBeNull();
		}
	});

	it('purges expired links and keeps live ones', async () => {
		const userId = await insertUser();
		await createAccountLink(userId, 'password-reset', T0);
		const live = await createAccountLink(userId, 'email-verification', T0);
		expect(await deleteExpiredAccountLinks(later(2 * 60 * MINUTE))).toBe(1);
		expect(await accountLinkWorks(live, 'email-verification', later(2 * 60 * MINUTE))).toBe(true);
	});
});
