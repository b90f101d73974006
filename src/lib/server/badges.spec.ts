import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { getDb } from '$lib/server/db';
import { certificates, users } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	STATUS_LIST_SIZE,
	buildCredential,
	encodeStatusList,
	forgetSigningKey,
	identityHash,
	issuerProfile,
	linkedInUrl,
	publishedKeys,
	rotateSigningKey,
	schemaProblems,
	signCredential,
	statusBit,
	statusListCredential,
	verifyCredentialJwt
} from '$lib/server/badges';
import { addMonths, revokeCertificate } from '$lib/server/certificates';
import { completeLesson } from '$lib/server/progress';
import { startAttempt, submitAttempt } from '$lib/server/quizzes';
import {
	DAY,
	T0,
	answersWith,
	insertUser,
	later,
	makeCourse
} from '$lib/server/__fixtures__/learning';

useTestDatabase();
// Each test has a database of its own, so a key cached by an earlier test is not in it.
beforeEach(() => forgetSigningKey());

const ORIGIN = 'https://spire.example';
const course = makeCourse({ certificate: { validMonths: 12 } });

async function issuedCertificate() {
	const userId = await insertUser('Åse Ødegård');
	await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, userId));
	for (const lesson of course.lessons) await completeLesson(userId, course, lesson.id, 60, T0);
	const attempt = await startAttempt(userId, course, T0);
	await submitAttempt(userId, course, attempt.id, answersWith(), T0);
	const [certificate] = await getDb()
		.select()
		.from(certificates)
		.where(eq(certificates.userId, userId));
	return { userId, certificate };
}

function credentialOf(certificate: Awaited<ReturnType<typeof issuedCertificate>>['certificate']) {
	return buildCredential(certificate, 'Ase@Example.org', {
		origin: ORIGIN,
		courseUrl: `${ORIGIN}/courses/test-course`
	});
}

/** Changes one character of the JWT's payload, keeping it valid base64url. */
function tamper(jwt: string) {
	const [header, payload, signature] = jwt.split('.');
	const json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	json.name = `${json.name.slice(0, -1)}X`;
	return [header, Buffer.from(JSON.stringify(json)).toString('base64url'), signature].join('.');
}

describe('the credential', () => {
	it('is an OpenBadgeCredential that passes 1EdTech’s OB 3.0 JSON Schema', async () => {
		const { certificate } = await issuedCertificate();
		const credential = credentialOf(certificate);
		expect(schemaProblems(credential)).toEqual([]);
		expect(credential).toMatchObject({
			type: ['VerifiableCredential', 'OpenBadgeCredential'],
			validFrom: T0.toISOString(),
			validUntil: addMonths(T0, 12).toISOString(),
			issuer: { id: `${ORIGIN}/badges/issuers/spire`, type: ['Profile'], name: 'Spire' },
			credentialSubject: {
				type: ['AchievementSubject'],
				identifier: [
					{
						type: 'IdentityObject',
						hashed: true,
						identityType: 'emailAddress',
						salt: certificate.id,
						identityHash: identityHash('ase@example.org', certificate.id)
					}
				],
				achievement: { type: ['Achievement'], name: 'Test course' }
			},
			credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }
		});
		expect(credential.credentialSubject.achievement.criteria.narrative).toContain('Pass the tests');
		expect(JSON.stringify(credential)).not.toContain('example.org"');
		// A broken credential does not pass.
		expect(schemaProblems({ ...credential, type: ['VerifiableCredential'] })).not.toEqual([]);
	});

	it('is signed with EdDSA, and verifies with jose against the published JWK set', async () => {
		const { certificate } = await issuedCertificate();
		const jwt = await signCredential(credentialOf(certificate));
		const header = decodeProtectedHeader(jwt);
		expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
		const jwks = await publishedKeys();
		expect(jwks.keys).toHaveLength(1);
		expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: header.kid });
		expect(jwks.keys[0]).not.toHaveProperty('d');
		const { payload } = await compactVerify(jwt, createLocalJWKSet(jwks));
		expect(JSON.parse(new TextDecoder().decode(payload)).id).toBe(`urn:uuid:${certificate.id}`);
		await expect(compactVerify(tamper(jwt), createLocalJWKSet(jwks))).rejects.toThrow();
	});

	it('gets a full verdict: valid, then tampered, expired and revoked each fail', async () => {
		const { userId, certificate } = await issuedCertificate();
		const jwt = await signCredential(credentialOf(certificate));
		const ok = await verifyCredentialJwt(jwt, { origin: ORIGIN, now: later(DAY) });
		expect(ok).toMatchObject({
			verified: true,
			checks: {
				signature: { ok: true },
				dates: { ok: true },
				status: { ok: true },
				schema: { ok: true }
			}
		});
		const tampered = await verifyCredentialJwt(tamper(jwt), { origin: ORIGIN, now: later(DAY) });
		expect(tampered).toMatchObject({ verified: false, checks: { signature: { ok: false } } });
		const expired = await verifyCredentialJwt(jwt, { origin: ORIGIN, now: addMonths(T0, 13) });
		expect(expired).toMatchObject({ verified: false, checks: { dates: { ok: false } } });
		await getDb().update(users).set({ isAdmin: true }).where(eq(users.id, userId));
		await revokeCertificate({ id: userId, isAdmin: true }, certificate.id, 'test');
		const revoked = await verifyCredentialJwt(jwt, { origin: ORIGIN, now: later(DAY) });
		expect(revoked).toMatchObject({
			verified: false,
			checks: { signature: { ok: true }, status: { ok: false, detail: 'revoked' } }
		});
	});

	it('answers malformed tokens with a verdict, never an exception', async () => {
		for (const token of [
			'',
			'abc',
			'a.b.c',
			'x'.repeat(100_000),
			'eyJhbGciOiJub25lIn0.e30.',
			'..'
		]) {
			const verdict = await verifyCredentialJwt(token, { origin: ORIGIN });
			expect(verdict.verified, token.slice(0, 20)).toBe(false);
		}
		// Validly signed, but not a credential.
		const notACredential = await signCredential({ hello: 'world' });
		expect(await verifyCredentialJwt(notACredential, { origin: ORIGIN })).toMatchObject({
			verified: false,
			checks: { signature: { ok: true }, schema: { ok: false } }
		});
	});

	it('still verifies after a key rotation, and new credentials use the new key', async () => {
		const { certificate } = await issuedCertificate();
		const before = await signCredential(credentialOf(certificate));
		const kid = await rotateSigningKey();
		const after = await signCredential(credentialOf(certificate));
		expect(decodeProtectedHeader(after).kid).toBe(kid);
		expect(decodeProtectedHeader(before).kid).not.toBe(kid);
		expect((await publishedKeys()).keys).toHaveLength(2);
		for (const jwt of [before, after]) {
			expect((await verifyCredentialJwt(jwt, { origin: ORIGIN, now: later(DAY) })).verified).toBe(
				true
			);
		}
	});
});

describe('status lists and profiles', () => {
	it('encode revoked bits, first index the highest bit, in a 16 KB list', () => {
		const encoded = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
		expect(encoded.startsWith('u')).toBe(true);
		expect(statusBit(encoded, 0)).toBe(true);
		expect(statusBit(encoded, 1)).toBe(false);
		expect(statusBit(encoded, 9)).toBe(true);
		expect(statusBit(encoded, STATUS_LIST_SIZE - 1)).toBe(true);
		expect(() => statusBit(encoded, STATUS_LIST_SIZE)).toThrow();
	});

	it('serve the list credential and the issuer profile', async () => {
		const { certificate } = await issuedCertificate();
		const list = await statusListCredential(ORIGIN, 1, T0);
		expect(list).toMatchObject({
			type: ['VerifiableCredential', 'BitstringStatusListCredential'],
			credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' }
		});
		expect(statusBit(list.credentialSubject.encodedList, certificate.statusIndex)).toBe(false);
		expect(await issuerProfile(ORIGIN, 'spire')).toMatchObject({
			type: ['Profile'],
			name: 'Spire'
		});
		expect(await issuerProfile(ORIGIN, 'no-such-organisation')).toBeNull();
	});

	it('fill LinkedIn’s certification form with the name, issuer, dates, code and address', async () => {
		const { certificate } = await issuedCertificate();
		const url = new URL(linkedInUrl(certificate, ORIGIN));
		expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
		expect(Object.fromEntries(url.searchParams)).toMatchObject({
			startTask: 'CERTIFICATION_NAME',
			name: 'Test course',
			organizationName: 'Spire',
			issueYear: '2025',
			issueMonth: '3',
			expirationYear: '2026',
			expirationMonth: '3',
			certId: expect.stringMatching(/^SPIRE-/),
			certUrl: expect.stringMatching(/^https:\/\/spire\.example\/verify\/SPIRE-/)
		});
	});
});
