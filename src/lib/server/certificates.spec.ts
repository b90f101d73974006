import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import {
	assignments,
	certificateEvents,
	certificates,
	courseCompletions,
	groupMembers,
	groups,
	memberships,
	organisations,
	quizAttempts,
	users,
	withdrawnStatusIndexes
} from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	CODE_PREFIX,
	addMonths,
	certificateFor,
	certificateName,
	certificateState,
	certificatesIssuedInReachOf,
	certificatesOf,
	checkSymbol,
	formatCode,
	issueMissingCertificates,
	lookUpCertificate,
	newCertificateCode,
	parseCode,
	restoreCertificate,
	revokeCertificate,
	setCertificateName,
	verifyCode
} from '$lib/server/certificates';
import { completeLesson } from '$lib/server/progress';
import { startAttempt, submitAttempt } from '$lib/server/quizzes';
import { deleteAccount } from '$lib/server/privacy';
import { registerAccount, verifyEmail } from '$lib/server/accounts';
import { createAccountLink } from '$lib/server/account-links';
import { DEFAULT_VERIFICATION_LIMIT } from '$lib/server/config';
import {
	DAY,
	MINUTE,
	T0,
	answersWith,
	insertUser,
	later,
	makeCourse
} from '$lib/server/__fixtures__/learning';

useTestDatabase();

const course = makeCourse({ certificate: { validMonths: 12 } });

async function verifiedUser(name = 'Åse Ødegård-Bækken') {
	const id = await insertUser(name);
	await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, id));
	return id;
}

/** Every lesson, then a passed quiz: the course is completed at `now`. */
async function completeCourse(userId: string, now = T0, theCourse = course) {
	for (const lesson of theCourse.lessons)
		await completeLesson(userId, theCourse, lesson.id, 60, now);
	const attempt = await startAttempt(userId, theCourse, now);
	const result = await submitAttempt(userId, theCourse, attempt.id, answersWith(), now);
	if (!result.ok) throw new Error(result.reason);
	return result;
}

async function certificateRows(userId: string) {
	return getDb().select().from(certificates).where(eq(certificates.userId, userId));
}

describe('codes', () => {
	it('have 16 Crockford base32 characters (80 bits) and a matching check symbol', () => {
		const codes = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const code = newCertificateCode();
			expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}[0-9A-HJKMNP-TV-Z*~$=U]$/);
			expect(checkSymbol(code.slice(0, 16))).toBe(code[16]);
			codes.add(code);
		}
		expect(codes.size).toBe(200);
	});

	it('computes the check symbol as the value modulo 37 (Crockford)', () => {
		// 0…01 is worth 1; 0…0Z is 31; "10" is 32; "15" is 37, which is 0 modulo 37.
		expect(checkSymbol('0000000000000001')).toBe('1');
		expect(checkSymbol('000000000000000Z')).toBe('Z');
		expect(checkSymbol('0000000000000010')).toBe('*');
		expect(checkSymbol('0000000000000014')).toBe('U');
		expect(checkSymbol('0000000000000015')).toBe('0');
	});

	it('print grouped with the prefix, and read back however they are typed', () => {
		const code = newCertificateCode();
		const printed = formatCode(code);
		expect(printed).toMatch(
			new RegExp(`^${CODE_PREFIX}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$`)
		);
		expect(parseCode(printed)).toEqual({ ok: true, code });
		expect(parseCode(printed.toLowerCase())).toEqual({ ok: true, code });
		expect(parseCode(printed.replaceAll('-', ' '))).toEqual({ ok: true, code });
		expect(parseCode(code)).toEqual({ ok: true, code });
		expect(parseCode(`  ${code.slice(0, 8)} - ${code.slice(8)} `)).toEqual({ ok: true, code });
	});

	it('read I and L as 1 and O as 0', () => {
		const data = '10101010OILOILOI'.replace(/[IL]/g, '1').replace(/O/g, '0');
		const code = data + checkSymbol(data);
		expect(parseCode(`10101010OILOILOI${checkSymbol(data)}`)).toEqual({ ok: true, code });
		expect(parseCode(`10101010oiloiloi${checkSymbol(data)}`)).toEqual({ ok: true, code });
	});

	it('tell a typo (wrong check symbol) from a malformed code', () => {
		const code = newCertificateCode();
		const swapped = code[0] === 'A' ? `B${code.slice(1)}` : `A${code.slice(1)}`;
		expect(parseCode(swapped)).toEqual({ ok: false, reason: 'check' });
		// Two neighbours swapped: the check symbol catches it too (unless they are equal).
		const data = '0123456789ABCDEF';
		const transposed = '1023456789ABCDEF';
		expect(parseCode(transposed + checkSymbol(data))).toEqual({ ok: false, reason: 'check' });
		for (const bad of [
			'',
			'SPIRE',
			`${code}X`,
			code.slice(1),
			'U'.repeat(17),
			'x'.repeat(10_000)
		]) {
			expect(parseCode(bad), bad.slice(0, 20)).toEqual({ ok: false, reason: 'malformed' });
		}
	});

	it('fold full-width letters, and refuse look-alikes from other scripts', () => {
		const code = newCertificateCode();
		const fullWidth = [...code]
			.map((c) => (/[0-9A-Z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
			.join('');
		expect(parseCode(fullWidth)).toEqual({ ok: true, code });
		// Cyrillic А (U+0410) and Greek Ο (U+039F) look like A and O but are not them.
		expect(parseCode(`\u0410${code.slice(1)}`)).toEqual({ ok: false, reason: 'malformed' });
		expect(parseCode(`\u039F${code.slice(1)}`)).toEqual({ ok: false, reason: 'malformed' });
	});
});

describe('issuing', () => {
	it('issues one certificate when the course is completed, with a snapshot of it', async () => {
		const userId = await verifiedUser();
		const result = await completeCourse(userId, later(DAY));
		expect(result.courseCompleted).toBe(true);
		const [row] = await certificateRows(userId);
		expect(row).toMatchObject({
			holderName: 'Åse Ødegård-Bækken',
			courseId: course.id,
			courseTitle: 'Test course',
			courseVersion: '1',
			objectives: ['Pass the tests'],
			minutes: 10,
			completedAt: later(DAY),
			issuerName: 'Spire',
			issuerOrganisationId: null,
			expiresAt: addMonths(later(DAY), 12),
			issueKey: `completion:${userId}:${course.id}`
		});
		expect(parseCode(row.code)).toEqual({ ok: true, code: row.code });
	});

	it('issues none while the address is not confirmed, and the start-up step catches up later', async () => {
		const userId = await insertUser('Bo');
		await completeCourse(userId);
		expect(await certificateRows(userId)).toEqual([]);
		await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, userId));
		expect(await issueMissingCertificates([course], later(DAY))).toBe(1);
		expect(await issueMissingCertificates([course], later(DAY))).toBe(0);
		const [row] = await certificateRows(userId);
		expect(row.completedAt).toEqual(T0);
		expect(row.issuedAt).toEqual(later(DAY));
	});

	it('issues the waiting certificates when the person confirms their address by the mailed link', async () => {
		const userId = await insertUser('Bo');
		await completeCourse(userId);
		expect(await certificateRows(userId)).toEqual([]);
		const token = await createAccountLink(userId, 'email-verification', later(MINUTE));
		expect(await verifyEmail(token, [course], later(DAY))).toMatchObject({ id: userId });
		const [row] = await certificateRows(userId);
		expect(row).toMatchObject({ courseId: course.id, completedAt: T0, issuedAt: later(DAY) });
		expect(await issueMissingCertificates([course], later(2 * DAY))).toBe(0);
	});

	it('gives one certificate for double and concurrent completions', async () => {
		const userId = await verifiedUser();
		for (const lesson of course.lessons) await completeLesson(userId, course, lesson.id, 60, T0);
		const attempts = await Promise.all([
			startAttempt(userId, course, T0),
			startAttempt(userId, course, T0)
		]);
		// Both submissions of the one open attempt, and the last lesson again, all at once.
		await Promise.all([
			submitAttempt(userId, course, attempts[0].id, answersWith(), T0),
			submitAttempt(userId, course, attempts[1].id, answersWith(), T0),
			completeLesson(userId, course, course.lessons[2].id, 60, T0)
		]);
		expect(await certificateRows(userId)).toHaveLength(1);
		// A later backfill and a second pass change nothing.
		expect(await issueMissingCertificates([course])).toBe(0);
		const again = await startAttempt(userId, course, later(MINUTE));
		await submitAttempt(userId, course, again.id, answersWith(), later(MINUTE));
		expect(await certificateRows(userId)).toHaveLength(1);
	});

	it('backfills completions from before certificates, once, for courses still published', async () => {
		const userId = await verifiedUser('Cai');
		await getDb().insert(quizAttempts).values({
			id: 'old-attempt',
			userId,
			courseId: course.id,
			paper: [],
			startedAt: T0,
			submittedAt: T0,
			questionCount: 1,
			passMark: 75,
			passed: true
		});
		await getDb()
			.insert(courseCompletions)
			.values([
				{ userId, courseId: course.id, completedAt: T0, attemptId: 'old-attempt' },
				{ userId, courseId: 'retired-course', completedAt: T0, attemptId: 'old-attempt' }
			]);
		const results = await Promise.all([
			issueMissingCertificates([course]),
			issueMissingCertificates([course])
		]);
		expect(results.sort()).toEqual([0, 1]);
		expect(await certificateRows(userId)).toHaveLength(1);
	});

	it('names the organisation that assigned the course as the issuer', async () => {
		const userId = await verifiedUser();
		await getDb().insert(organisations).values({
			id: 'org-1',
			name: 'Solsikken barnehage',
			createdAt: T0,
			updatedAt: T0
		});
		await getDb().insert(groups).values({
			id: 'g-1',
			organisationId: 'org-1',
			name: 'New staff',
			createdAt: T0,
			updatedAt: T0
		});
		await getDb().insert(groupMembers).values({ groupId: 'g-1', userId, joinedAt: T0 });
		await getDb().insert(assignments).values({
			id: 'a-1',
			organisationId: 'org-1',
			groupId: 'g-1',
			courseId: course.id,
			createdAt: T0
		});
		await completeCourse(userId);
		const [row] = await certificateRows(userId);
		expect(row).toMatchObject({ issuerOrganisationId: 'org-1', issuerName: 'Solsikken barnehage' });
	});

	it('never changes an issued certificate when the course or the name changes', async () => {
		const userId = await verifiedUser('Dag');
		await completeCourse(userId);
		const [before] = await certificateRows(userId);
		await setCertificateName(userId, 'Dag Ærlig Øien');
		await getDb().update(users).set({ name: 'Someone else' }).where(eq(users.id, userId));
		const changed = makeCourse({ title: 'Renamed', version: '2', objectives: ['Other'] });
		await issueMissingCertificates([changed]);
		await completeLesson(userId, changed, changed.lessons[0].id, 60, later(DAY));
		const [after] = await certificateRows(userId);
		expect(after).toEqual(before);
		expect(await certificateName(userId)).toEqual({
			name: 'Dag Ærlig Øien',
			ownName: 'Dag Ærlig Øien'
		});
	});

	it('prints the name on certificates when the person set one', async () => {
		const userId = await verifiedUser('Eva');
		await setCertificateName(userId, 'Eva Ødegård');
		await completeCourse(userId);
		expect((await certificateRows(userId))[0].holderName).toBe('Eva Ødegård');
		await setCertificateName(userId, '');
		expect(await certificateName(userId)).toEqual({ name: 'Eva', ownName: null });
	});
});

describe('states and verification', () => {
	it('is valid, then expired after its months, and revoked when revoked', async () => {
		const userId = await verifiedUser();
		await completeCourse(userId);
		const [row] = await certificateRows(userId);
		const code = formatCode(row.code);
		expect((await verifyCode(code, later(DAY))).kind).toBe('found');
		const valid = await verifyCode(code, later(DAY));
		expect(valid.kind === 'found' && valid.certificate).toMatchObject({
			state: 'valid',
			holderName: 'Åse Ødegård-Bækken',
			courseTitle: 'Test course',
			hours: 0.25,
			issuerName: 'Spire'
		});
		// Only what the issue allows: no e-mail, no score, no reason.
		if (valid.kind === 'found') {
			expect(Object.keys(valid.certificate).sort()).toEqual(
				[
					'code',
					'completedAt',
					// The course's id, so the page can name it in the reader's language.
					'courseId',
					'courseTitle',
					'courseVersion',
					'expiresAt',
					'holderName',
					'hours',
					'issuedAt',
					'issuerName',
					'minutes',
					'renewedBy',
					'revokedAt',
					'state'
				].sort()
			);
		}
		const expired = await verifyCode(code, addMonths(T0, 12));
		expect(expired.kind === 'found' && expired.certificate.state).toBe('expired');
		expect(certificateState(row, later(-1, addMonths(T0, 12)))).toBe('valid');
	});

	it('answers unknown for a well-formed code nobody has, and tells a typo apart', async () => {
		const code = newCertificateCode();
		expect(await verifyCode(code)).toEqual({ kind: 'unknown' });
		const wrongCheck = code.slice(0, 16) + (code[16] === '0' ? '1' : '0');
		expect(await verifyCode(wrongCheck)).toEqual({ kind: 'check' });
		expect(await verifyCode('not a code')).toEqual({ kind: 'malformed' });
	});

	it('limits look-ups per address and minute', async () => {
		const LIMIT = DEFAULT_VERIFICATION_LIMIT;
		const now = new Date('2026-05-01T10:00:10Z');
		for (let i = 0; i < LIMIT; i++) {
			expect((await lookUpCertificate('203.0.113.7', newCertificateCode(), LIMIT, now)).kind).toBe(
				'unknown'
			);
		}
		expect(await lookUpCertificate('203.0.113.7', newCertificateCode(), LIMIT, now)).toEqual({
			kind: 'throttled',
			retryAfterSeconds: 50
		});
		// Another address, and the next minute, are not affected.
		expect((await lookUpCertificate('203.0.113.8', newCertificateCode(), LIMIT, now)).kind).toBe(
			'unknown'
		);
		const nextMinute = new Date('2026-05-01T10:01:00Z');
		expect(
			(await lookUpCertificate('203.0.113.7', newCertificateCode(), LIMIT, nextMinute)).kind
		).toBe('unknown');
	});

	it('does not limit look-ups when the limit is 0', async () => {
		const now = new Date('2026-05-01T10:00:10Z');
		for (let i = 0; i < DEFAULT_VERIFICATION_LIMIT + 5; i++) {
			expect((await lookUpCertificate('203.0.113.9', newCertificateCode(), 0, now)).kind).toBe(
				'unknown'
			);
		}
	});
});

describe('renewal', () => {
	it('issues a linked certificate on a passed retake within 60 days of expiry, once', async () => {
		const userId = await verifiedUser();
		await completeCourse(userId);
		const [first] = await certificateRows(userId);
		// Too early: a retake a year before expiry renews nothing.
		let attempt = await startAttempt(userId, course, later(DAY));
		await submitAttempt(userId, course, attempt.id, answersWith(), later(DAY));
		expect(await certificateRows(userId)).toHaveLength(1);

		const retake = later(-30 * DAY, addMonths(T0, 12));
		expect((await certificatesOf(userId, retake))[0].expiresSoon).toBe(true);
		attempt = await startAttempt(userId, course, retake);
		await submitAttempt(userId, course, attempt.id, answersWith(), retake);
		const rows = await certificateRows(userId);
		expect(rows).toHaveLength(2);
		const renewed = rows.find((r) => r.id !== first.id)!;
		expect(renewed).toMatchObject({
			previousId: first.id,
			completedAt: retake,
			expiresAt: addMonths(retake, 12)
		});
		// The old code's page points at the new one; /me shows no notice for the renewed one.
		const old = await verifyCode(first.code, retake);
		expect(old.kind === 'found' && old.certificate.renewedBy).toBe(formatCode(renewed.code));
		const mine = await certificatesOf(userId, retake);
		expect(mine.map((c) => c.expiresSoon)).toEqual([false, false]);

		// A second pass the same day renews nothing more.
		attempt = await startAttempt(userId, course, retake);
		await submitAttempt(userId, course, attempt.id, answersWith(), retake);
		expect(await certificateRows(userId)).toHaveLength(2);
	});

	it('renews an expired certificate, but not a revoked one', async () => {
		const userId = await verifiedUser();
		await completeCourse(userId);
		const [first] = await certificateRows(userId);
		await getDb().update(users).set({ isAdmin: true }).where(eq(users.id, userId));
		await revokeCertificate({ id: userId, isAdmin: true }, first.id, 'Issued by mistake');
		const afterExpiry = later(DAY, addMonths(T0, 12));
		let attempt = await startAttempt(userId, course, afterExpiry);
		await submitAttempt(userId, course, attempt.id, answersWith(), afterExpiry);
		expect(await certificateRows(userId)).toHaveLength(1);
		await restoreCertificate({ id: userId, isAdmin: true }, first.id);
		attempt = await startAttempt(userId, course, afterExpiry);
		await submitAttempt(userId, course, attempt.id, answersWith(), afterExpiry);
		expect(await certificateRows(userId)).toHaveLength(2);
	});
});

describe('access and revocation', () => {
	async function setUp() {
		const holder = await verifiedUser('Holder');
		const stranger = await verifiedUser('Stranger');
		const educator = await verifiedUser('Educator');
		const otherEducator = await verifiedUser('Other educator');
		for (const [id, name] of [
			['org-a', 'Org A'],
			['org-b', 'Org B']
		]) {
			await getDb().insert(organisations).values({ id, name, createdAt: T0, updatedAt: T0 });
		}
		await getDb()
			.insert(memberships)
			.values([
				{ userId: educator, organisationId: 'org-a', role: 'educator', createdAt: T0 },
				{ userId: otherEducator, organisationId: 'org-b', role: 'educator', createdAt: T0 }
			]);
		await getDb().insert(assignments).values({
			id: 'a-1',
			organisationId: 'org-a',
			userId: holder,
			courseId: course.id,
			createdAt: T0
		});
		await completeCourse(holder);
		const [certificate] = await certificateRows(holder);
		return { holder, stranger, educator, otherEducator, certificate };
	}

	it("shows a certificate to its holder, the issuer's educators and admins only", async () => {
		const { holder, stranger, educator, otherEducator, certificate } = await setUp();
		const as = (id: string, isAdmin = false) => certificateFor({ id, isAdmin }, certificate.id);
		expect(await as(holder)).toMatchObject({ own: true, mayRevoke: false });
		expect(await as(educator)).toMatchObject({ own: false, mayRevoke: true });
		expect(await as(stranger, true)).toMatchObject({ own: false, mayRevoke: true });
		expect(await as(stranger)).toBeNull();
		expect(await as(otherEducator)).toBeNull();
		expect(await certificateFor({ id: holder, isAdmin: false }, 'no-such-id')).toBeNull();
	});

	it("lists a learner's certificates to the issuer's educators and admins, and to nobody else", async () => {
		const { holder, stranger, educator, otherEducator, certificate } = await setUp();
		const listedTo = async (id: string, isAdmin = false) =>
			(await certificatesIssuedInReachOf({ id, isAdmin }, holder)).map((c) => c.id);
		expect(await listedTo(educator)).toEqual([certificate.id]);
		expect(await listedTo(stranger, true)).toEqual([certificate.id]);
		expect(await listedTo(otherEducator)).toEqual([]);
		expect(await listedTo(stranger)).toEqual([]);
	});

	it('is revoked with a reason kept inside, undone, and both logged with who and when', async () => {
		const { holder, educator, otherEducator, certificate } = await setUp();
		expect(await revokeCertificate({ id: holder, isAdmin: false }, certificate.id, 'mine')).toEqual(
			{ ok: false, reason: 'not-found' }
		);
		expect(
			await revokeCertificate({ id: otherEducator, isAdmin: false }, certificate.id, 'no')
		).toEqual({ ok: false, reason: 'not-found' });
		const by = { id: educator, isAdmin: false };
		expect(
			await revokeCertificate(by, certificate.id, 'Quiz taken by someone else', later(DAY))
		).toEqual({
			ok: true
		});
		expect(await revokeCertificate(by, certificate.id, 'again')).toEqual({
			ok: false,
			reason: 'already-revoked'
		});
		const revoked = await verifyCode(certificate.code, later(2 * DAY));
		expect(revoked.kind === 'found' && revoked.certificate).toMatchObject({
			state: 'revoked',
			revokedAt: later(DAY)
		});
		expect(JSON.stringify(revoked)).not.toContain('someone else');
		expect(await restoreCertificate(by, certificate.id, later(3 * DAY))).toEqual({ ok: true });
		expect(await restoreCertificate(by, certificate.id)).toEqual({
			ok: false,
			reason: 'not-revoked'
		});
		const events = await getDb()
			.select()
			.from(certificateEvents)
			.where(eq(certificateEvents.certificateId, certificate.id));
		expect(events.map((e) => [e.action, e.byUserId, e.at, e.reason]).sort()).toEqual([
			['restored', educator, later(3 * DAY), null],
			['revoked', educator, later(DAY), 'Quiz taken by someone else']
		]);
	});

	it('goes with the account: the code is then unknown, and its status bit stays set', async () => {
		const registered = await registerAccount(
			{ name: 'Gro', email: 'gro@example.org', password: 'violet kettle', locale: 'en' },
			T0,
			{ verified: true }
		);
		if (!registered.ok) throw new Error('not registered');
		const holder = registered.user.id;
		await completeCourse(holder);
		const [certificate] = await certificateRows(holder);
		const revoker = { id: holder, isAdmin: true };
		expect(await deleteAccount(holder, 'not my password')).toMatchObject({ ok: false });
		expect(await certificateRows(holder)).toHaveLength(1);
		await revokeCertificate(revoker, certificate.id, 'test');
		expect(await deleteAccount(holder, 'violet kettle')).toEqual({ ok: true });
		expect(await getDb().select().from(certificates)).toEqual([]);
		expect(await getDb().select().from(certificateEvents)).toEqual([]);
		expect(await verifyCode(certificate.code)).toEqual({ kind: 'unknown' });
		expect(await getDb().select().from(withdrawnStatusIndexes)).toEqual([
			{ statusIndex: certificate.statusIndex, withdrawnAt: expect.any(Date) }
		]);
	});
});
