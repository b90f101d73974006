import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, writeTransaction } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { DAY, T0, insertUser, later } from '$lib/server/__fixtures__/learning';
import {
	addToGroup,
	createGroup,
	groupForm,
	groupInReachOf,
	groupsInReachOf,
	isInGroup,
	membersOfGroup,
	membersPage,
	removeFromGroup
} from './groups';
import {
	acceptInvite,
	cancelInvitation,
	currentInviteLink,
	inviteByEmail,
	lookUpInvite,
	makeInviteLink,
	parseEmailList,
	inviteTokenIn,
	pendingInvitations,
	registerFromInvite,
	revokeInviteLinks
} from './invitations';
import { logIn } from './accounts';
import { serverLog } from './log';
import { configureMail, mailSettled, type Mail } from './mail';
import { createOrganisation, makeEducator, membershipsOf } from './organisations';

useTestDatabase();

/** Mails sent since the last call: the log stands in for the SMTP server here. */
const loggedMails: Mail[] = [];
async function mailSettledFor(count: number): Promise<Mail[]> {
	await mailSettled();
	const taken = loggedMails.splice(0);
	expect(taken).toHaveLength(count);
	return taken;
}

async function organisation(name: string, parentId: string | null = null) {
	const result = await createOrganisation({ name, parentId }, T0);
	if (!result.ok) throw new Error(result.reason);
	return result.organisation;
}

async function kindergartenWithEducator() {
	const municipality = await organisation('Fjordvik municipality');
	const kindergarten = await organisation('Lilletun kindergarten', municipality.id);
	const educator = await insertUser('Ingrid Educator');
	await makeEducator(kindergarten.id, educator, T0);
	const group = await createGroup(kindergarten.id, 'New staff, autumn 2026', T0);
	return { municipality, kindergarten, educator: { id: educator, isAdmin: false }, group };
}

describe('group names', () => {
	it('keeps right-to-left and emoji names, and refuses empty and overlong ones', () => {
		const name = (value: string) => groupForm.safeParse({ organisationId: 'org', name: value });
		expect(name('  مجموعة 🌱 ').data?.name).toBe('مجموعة 🌱');
		expect(name('   ').success).toBe(false);
		expect(name('x'.repeat(1000)).success).toBe(false);
		expect(name('a\nb').data?.name).toBe('a b');
	});
});

describe('who reaches a group', () => {
	it('lets the educator of the kindergarten and of the municipality above it in, and no one else', async () => {
		const { municipality, group, educator } = await kindergartenWithEducator();
		const municipalEducator = await insertUser('Per Municipal');
		await makeEducator(municipality.id, municipalEducator, T0);
		const elsewhere = await organisation('Other kindergarten');
		const otherEducator = await insertUser('Other Educator');
		await makeEducator(elsewhere.id, otherEducator, T0);
		const learner = await insertUser('Lea Learner');
		const admin = await insertUser('Ada Admin');

		expect((await groupInReachOf(educator, group.id))?.name).toBe('New staff, autumn 2026');
		expect(
			await groupInReachOf({ id: municipalEducator, isAdmin: false }, group.id)
		).not.toBeNull();
		expect(await groupInReachOf({ id: admin, isAdmin: true }, group.id)).not.toBeNull();
		expect(await groupInReachOf({ id: otherEducator, isAdmin: false }, group.id)).toBeNull();
		expect(await groupInReachOf({ id: learner, isAdmin: false }, group.id)).toBeNull();
		expect(await groupInReachOf(educator, 'no-such-group')).toBeNull();
	});

	it('keeps the educator of another kindergarten under the same municipality out', async () => {
		const { municipality, group } = await kindergartenWithEducator();
		const neighbour = await organisation('Solsiden kindergarten', municipality.id);
		const neighbourEducator = await insertUser('Nils Neighbour');
		await makeEducator(neighbour.id, neighbourEducator, T0);
		const own = await createGroup(neighbour.id, 'Solsiden staff', T0);

		const asNeighbour = { id: neighbourEducator, isAdmin: false };
		expect(await groupInReachOf(asNeighbour, group.id)).toBeNull();
		expect(await groupInReachOf(asNeighbour, own.id)).not.toBeNull();
		expect((await groupsInReachOf(asNeighbour)).map((g) => g.id)).toEqual([own.id]);
	});

	it('lists the groups in reach with how many people are in each', async () => {
		const { group, kindergarten, educator } = await kindergartenWithEducator();
		await createGroup((await organisation('Not mine')).id, 'Hidden', T0);
		const learner = await insertUser();
		await writeTransaction((tx) => addToGroup(tx, group, learner, T0));
		expect(await groupsInReachOf(educator)).toEqual([
			{
				id: group.id,
				name: group.name,
				organisationId: kindergarten.id,
				organisationName: kindergarten.name,
				memberCount: 1
			}
		]);
	});
});

describe('invite links', () => {
	it('lets a learner join the group and its organisation once, by a link that only lives as a hash', async () => {
		const { group, kindergarten } = await kindergartenWithEducator();
		const { token, expiresAt } = await makeInviteLink(group.id, 30, T0);
		expect(expiresAt).toEqual(later(30 * DAY));
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const learner = await insertUser('Noor Learner');

		const first = await acceptInvite(token, learner, later(DAY));
		expect(first).toMatchObject({ ok: true, alreadyMember: false });
		const again = await acceptInvite(token, learner, later(DAY));
		expect(again).toMatchObject({ ok: true, alreadyMember: true });
		expect((await membersOfGroup(group.id)).map((m) => m.name)).toEqual(['Noor Learner']);
		expect(await membershipsOf(learner)).toEqual([
			{ id: kindergarten.id, name: kindergarten.name, role: 'learner' }
		]);
	});

	it('refuses unknown, malformed, expired and revoked links, and a new link ends the old one', async () => {
		const { group } = await kindergartenWithEducator();
		const old = await makeInviteLink(group.id, 7, T0);
		expect(await lookUpInvite('a'.repeat(32), T0)).toEqual({ ok: false, reason: 'unknown' });
		expect(await lookUpInvite('../../etc', T0)).toEqual({ ok: false, reason: 'unknown' });
		expect(await lookUpInvite(old.token, later(8 * DAY))).toEqual({
			ok: false,
			reason: 'expired'
		});

		const fresh = await makeInviteLink(group.id, 30, later(DAY));
		expect(await lookUpInvite(old.token, later(DAY))).toEqual({ ok: false, reason: 'revoked' });
		expect((await lookUpInvite(fresh.token, later(DAY))).ok).toBe(true);
		expect(await currentInviteLink(group.id, later(DAY))).toEqual({
			createdAt: later(DAY),
			expiresAt: later(31 * DAY)
		});

		await revokeInviteLinks(group.id, later(2 * DAY));
		expect(await lookUpInvite(fresh.token, later(2 * DAY))).toEqual({
			ok: false,
			reason: 'revoked'
		});
		expect(await currentInviteLink(group.id, later(2 * DAY))).toBeNull();
		const learner = await insertUser();
		expect(await acceptInvite(fresh.token, learner, later(2 * DAY))).toEqual({
			ok: false,
			reason: 'revoked'
		});
		expect(await isInGroup(group.id, learner)).toBe(false);
	});
});

describe('leaving a group', () => {
	it('takes the person out of the group but keeps them in the organisation', async () => {
		const { group, kindergarten } = await kindergartenWithEducator();
		const learner = await insertUser();
		await writeTransaction((tx) => addToGroup(tx, group, learner, T0));
		expect(await removeFromGroup(group.id, learner)).toBe(true);
		expect(await removeFromGroup(group.id, learner)).toBe(false);
		expect(await isInGroup(group.id, learner)).toBe(false);
		expect((await membershipsOf(learner)).map((m) => m.id)).toEqual([kindergarten.id]);
	});
});

describe('the people of a group, a page at a time', () => {
	it('lists them by name in pages, with the total, and clamps a page that does not exist', async () => {
		const { group } = await kindergartenWithEducator();
		const names = ['Anne Berg', 'bjørn Dahl', 'Carla Nilsen', 'Dag Ødegård', 'Eli Vik'];
		for (const name of [...names].reverse()) {
			const id = await insertUser(name);
			await writeTransaction((tx) => addToGroup(tx, group, id, T0));
		}
		const pageOf = async (page: number) => {
			const result = await membersPage(group.id, page, 2);
			return { ...result, members: result.members.map((member) => member.name) };
		};
		expect(await pageOf(1)).toMatchObject({
			members: ['Anne Berg', 'bjørn Dahl'],
			total: 5,
			page: 1,
			pageCount: 3,
			from: 1
		});
		expect(await pageOf(3)).toMatchObject({ members: ['Eli Vik'], page: 3, from: 5 });
		expect(await pageOf(9)).toMatchObject({ members: ['Eli Vik'], page: 3 });
		expect(await pageOf(0)).toMatchObject({ page: 1 });
		const all = (await membersOfGroup(group.id)).map((member) => member.name);
		expect([...(await pageOf(1)).members, ...(await pageOf(2)).members]).toEqual(all.slice(0, 4));
	});

	it('has one empty page for an empty group', async () => {
		const { group } = await kindergartenWithEducator();
		expect(await membersPage(group.id, 2)).toEqual({
			members: [],
			total: 0,
			page: 1,
			pageCount: 1,
			from: 0
		});
	});
});

describe('invitations by e-mail', () => {
	// No SMTP server: each mail is written to this log, which keeps it for the test to read.
	configureMail({ smtpUrl: undefined, mailFrom: 'Spire <spire@example.org>' });
	const log = Object.assign(Object.create(serverLog()), {
		warn: (fields: Mail) => loggedMails.push(fields),
		info: () => {},
		error: (fields: unknown) => {
			throw new Error(`mail failed: ${JSON.stringify(fields)}`);
		}
	});
	const mail = { origin: 'https://spire.example', log };

	it('keeps the good addresses of a pasted list once each, and reports every bad line', () => {
		const { emails, problems, tooMany } = parseEmailList(
			'ada@example.org, Bo Berg <bo@example.org>\n\nnot an address; ADA@example.org\n  =cmd|x  '
		);
		expect(emails).toEqual(['ada@example.org', 'bo@example.org']);
		expect(problems.map((problem) => problem.line)).toEqual(['not an address', '=cmd|x']);
		expect(tooMany).toBe(false);
		const many = Array.from({ length: 501 }, (_, i) => `p${i}@example.org`).join('\n');
		expect(parseEmailList(many).tooMany).toBe(true);
	});

	it('lists pending invitations, sends a fresh link on resend, and joins by the newest link', async () => {
		const { group, educator } = await kindergartenWithEducator();
		const inGroup = { ...group, organisationName: 'Lilletun kindergarten' };
		const from = { id: educator.id, name: 'Ingrid Educator' };
		expect(
			await inviteByEmail(inGroup, ['ada@example.org', 'bo@example.org'], from, mail, T0)
		).toBe(2);
		expect((await pendingInvitations(group.id)).map((i) => i.email)).toEqual([
			'ada@example.org',
			'bo@example.org'
		]);
		const sent = await mailSettledFor(2);
		const firstLink = sent.find((m) => m.to === 'ada@example.org')!.links[0];
		await inviteByEmail(inGroup, ['Ada@Example.org'], from, mail, later(DAY));
		const [resent] = await mailSettledFor(1);
		const token = (link: string) => link.split('/join/')[1];
		expect(await lookUpInvite(token(firstLink), later(DAY))).toEqual({
			ok: false,
			reason: 'unknown'
		});

		const learner = await insertUser('Ada');
		const accepted = await acceptInvite(token(resent.links[0]), learner, later(DAY));
		expect(accepted).toMatchObject({ ok: true, alreadyMember: false });
		expect((await pendingInvitations(group.id)).map((i) => i.email)).toEqual(['bo@example.org']);
		// Accepted invitations are not sent again.
		expect(await inviteByEmail(inGroup, ['ada@example.org'], from, mail, later(DAY))).toBe(0);
	});

	it('stops a cancelled invitation and one that has expired', async () => {
		const { group, educator } = await kindergartenWithEducator();
		const inGroup = { ...group, organisationName: 'Lilletun kindergarten' };
		const from = { id: educator.id, name: 'Ingrid Educator' };
		await inviteByEmail(inGroup, ['ada@example.org', 'bo@example.org'], from, mail, T0);
		const sent = await mailSettledFor(2);
		const [ada, bo] = ['ada@example.org', 'bo@example.org'].map(
			(to) => sent.find((m) => m.to === to)!.links[0].split('/join/')[1]
		);
		const [adaInvitation] = await pendingInvitations(group.id);
		expect(await cancelInvitation(group.id, adaInvitation.id, later(DAY))).toBe(true);
		expect(await lookUpInvite(ada, later(DAY))).toEqual({ ok: false, reason: 'revoked' });
		expect(await lookUpInvite(bo, later(15 * DAY))).toEqual({ ok: false, reason: 'expired' });
		// Cancelling again changes nothing.
		expect(await cancelInvitation(group.id, adaInvitation.id, later(2 * DAY))).toBe(false);
	});

	it('cancels an invitation only through its own group', async () => {
		const { group, kindergarten, educator } = await kindergartenWithEducator();
		const otherGroup = await createGroup(kindergarten.id, 'Another group', T0);
		const inGroup = { ...group, organisationName: 'Lilletun kindergarten' };
		const from = { id: educator.id, name: 'Ingrid Educator' };
		await inviteByEmail(inGroup, ['ada@example.org'], from, mail, T0);
		const [sent] = await mailSettledFor(1);
		const [invitation] = await pendingInvitations(group.id);

		expect(await cancelInvitation(otherGroup.id, invitation.id, later(DAY))).toBe(false);
		expect(await cancelInvitation(otherGroup.id, 'no-such-invitation', later(DAY))).toBe(false);
		expect((await pendingInvitations(group.id)).map((i) => i.id)).toEqual([invitation.id]);
		expect(await lookUpInvite(sent.links[0].split('/join/')[1], later(DAY))).toMatchObject({
			ok: true
		});
	});

	describe('registering from an invite', () => {
		const PASSWORD = 'violet kettle drums';
		const FROM_OFFICE = { address: '192.0.2.10', trustedDevices: [] };
		const registration = (email: string) => ({
			name: 'Ada Nyansatt',
			email,
			password: PASSWORD,
			locale: 'en' as const
		});

		function accountsOf(email: string) {
			return getDb().select().from(users).where(eq(users.emailNormalized, email));
		}

		/** A group with an invitation mailed to ada@example.org; returns the token of its link. */
		async function invitedAda() {
			const { group, educator } = await kindergartenWithEducator();
			const inGroup = { ...group, organisationName: 'Lilletun kindergarten' };
			await inviteByEmail(inGroup, ['ada@example.org'], { id: educator.id, name: 'I' }, mail, T0);
			const [sent] = await mailSettledFor(1);
			return { group, token: sent.links[0].split('/join/')[1] };
		}

		it('finds the token in the path of an invite page only', () => {
			const token = 'abcdefghijklmnopqrstuvwxyz234567';
			expect(inviteTokenIn(`/join/${token}`)).toBe(token);
			expect(inviteTokenIn(`/join/${token}?joined`)).toBe(token);
			expect(inviteTokenIn(`/join/${token}/x`)).toBeNull();
			expect(inviteTokenIn(`/me?next=/join/${token}`)).toBeNull();
			expect(inviteTokenIn(null)).toBeNull();
		});

		it('counts the address as confirmed when it is the one the invitation was mailed to, and joins at once', async () => {
			const { group, token } = await invitedAda();
			const result = await registerFromInvite(
				registration(' ADA@Example.org '.trim()),
				token,
				mail,
				later(DAY)
			);
			expect(result).toMatchObject({
				signedIn: true,
				user: { email: 'ADA@Example.org' },
				invite: { groupId: group.id }
			});
			// No "check your e-mail": no mail at all, and the password works at once.
			await mailSettledFor(0);
			expect(await logIn('ada@example.org', PASSWORD, FROM_OFFICE, later(DAY))).toMatchObject({
				ok: true
			});
			const [account] = await accountsOf('ada@example.org');
			expect(account.emailVerifiedAt).toEqual(later(DAY));
			expect((await membersOfGroup(group.id)).map((m) => m.name)).toEqual(['Ada Nyansatt']);
			expect(await pendingInvitations(group.id)).toEqual([]);
		});

		it('asks another address to confirm by mail first, with a link that leads back to the invite', async () => {
			const { group, token } = await invitedAda();
			const result = await registerFromInvite(
				registration('bo@example.org'),
				token,
				mail,
				later(DAY)
			);
			expect(result).toEqual({
				signedIn: false,
				outcome: { created: true, userId: expect.any(String) }
			});
			const [sent] = await mailSettledFor(1);
			expect(sent.subject).toBe('Confirm your e-mail address for Spire');
			const link = new URL(sent.links[0]);
			expect(link.pathname).toBe('/verify-email');
			expect(link.searchParams.get('redirectTo')).toBe(`/join/${token}`);
			expect(await logIn('bo@example.org', PASSWORD, FROM_OFFICE, later(DAY))).toMatchObject({
				ok: false,
				reason: 'unverified'
			});
			expect(await membersOfGroup(group.id)).toEqual([]);
			expect((await pendingInvitations(group.id)).map((i) => i.email)).toEqual(['ada@example.org']);
		});

		it("treats a group's shared link as any registration: the address is confirmed by mail", async () => {
			const { group } = await kindergartenWithEducator();
			const { token } = await makeInviteLink(group.id, 30, T0);
			const result = await registerFromInvite(
				registration('ada@example.org'),
				token,
				mail,
				later(DAY)
			);
			expect(result).toMatchObject({ signedIn: false, outcome: { created: true } });
			const [sent] = await mailSettledFor(1);
			expect(new URL(sent.links[0]).searchParams.get('redirectTo')).toBe(`/join/${token}`);
			expect(await membersOfGroup(group.id)).toEqual([]);
		});

		it('tells the owner of an invited address that has an account, and changes nothing', async () => {
			const { group, token } = await invitedAda();
			const owner = await registerFromInvite(
				registration('ada@example.org'),
				(await makeInviteLink(group.id, 30, T0)).token,
				mail,
				T0
			);
			expect(owner.signedIn).toBe(false);
			await mailSettledFor(1);
			const result = await registerFromInvite(
				{ ...registration('Ada@example.org'), password: 'someone elses password' },
				token,
				mail,
				later(DAY)
			);
			expect(result).toEqual({
				signedIn: false,
				outcome: {
					created: false,
					userId: (owner as { outcome: { userId: string } }).outcome.userId
				}
			});
			const [sent] = await mailSettledFor(1);
			expect(sent.subject).toBe('Someone tried to register with your address');
			expect(await membersOfGroup(group.id)).toEqual([]);
			expect(await pendingInvitations(group.id)).toHaveLength(1);
		});

		it('stores one account and one membership when the form is sent twice at once', async () => {
			const { group, token } = await invitedAda();
			const results = await Promise.all([
				registerFromInvite(registration('ada@example.org'), token, mail, later(DAY)),
				registerFromInvite(registration('ada@example.org'), token, mail, later(DAY))
			]);
			expect(results.filter((result) => result.signedIn)).toHaveLength(1);
			expect(await accountsOf('ada@example.org')).toHaveLength(1);
			expect(await membersOfGroup(group.id)).toHaveLength(1);
			// The second one is told like anyone who registers with a taken address.
			expect((await mailSettledFor(1))[0].subject).toBe(
				'Someone tried to register with your address'
			);
		});

		it('does not confirm the address by a cancelled or expired invitation', async () => {
			const { group, token } = await invitedAda();
			const expired = await registerFromInvite(
				registration('ada@example.org'),
				token,
				mail,
				later(15 * DAY)
			);
			expect(expired.signedIn).toBe(false);
			await mailSettledFor(1);
			const [pending] = await pendingInvitations(group.id);
			await cancelInvitation(group.id, pending.id, later(DAY));
			const cancelled = await registerFromInvite(
				registration('ada@example.org'),
				token,
				mail,
				later(DAY)
			);
			expect(cancelled.signedIn).toBe(false);
			await mailSettledFor(1);
			expect(await membersOfGroup(group.id)).toEqual([]);
		});
	});
});
