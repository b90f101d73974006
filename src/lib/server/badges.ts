/**
 * Open Badges 3.0: every certificate is also an OpenBadgeCredential on the W3C Verifiable
 * Credentials 2.0 data model, signed as a VC-JWT (VC-JOSE-COSE: the JWT's payload is the
 * credential, header `typ: vc+jwt`) with EdDSA over Ed25519 by `jose`. Revocation shows through a
 * W3C Bitstring Status List credential that Spire serves and signs the same way.
 *
 * Keys: made on first start and stored in `badge_signing_keys`; the public halves are published
 * at `/.well-known/jwks.json` and named by `kid` in each JWT. Rotating makes a new key that signs
 * from then on; retired keys stay published, so credentials signed earlier still check out.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { desc, eq, isNull, sql } from 'drizzle-orm';
import {
	CompactSign,
	base64url,
	calculateJwkThumbprint,
	compactVerify,
	createLocalJWKSet,
	decodeProtectedHeader,
	exportJWK,
	generateKeyPair,
	importJWK,
	type JWK
} from 'jose';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { getDb, writeTransaction } from '$lib/server/db';
import {
	badgeSigningKeys,
	certificates,
	organisations,
	withdrawnStatusIndexes,
	type Certificate
} from '$lib/server/db/schema';
import { PLATFORM_ISSUER_NAME, formatCode } from '$lib/server/certificates';
import achievementCredentialSchema from '$lib/server/vendor/open-badges/ob_v3p0_achievementcredential_schema.json';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const ALG = 'EdDSA';
/** Bits per status list: the spec's minimum (16 KB), so one list hides who is revoked. */
export const STATUS_LIST_SIZE = 131_072;

// ---------------------------------------------------------------------------------------------
// Keys

type StoredKey = { kid: string; privateJwk: JWK; publicJwk: JWK };

async function newKey(): Promise<StoredKey> {
	const { privateKey, publicKey } = await generateKeyPair(ALG, {
		crv: 'Ed25519',
		extractable: true
	});
	const publicJwk = await exportJWK(publicKey);
	const kid = await calculateJwkThumbprint(publicJwk);
	return {
		kid,
		privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
		publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' }
	};
}

let activeKey: Promise<StoredKey> | undefined;

async function loadActiveKey(): Promise<StoredKey> {
	const read = async () => {
		const [row] = await getDb()
			.select()
			.from(badgeSigningKeys)
			.where(isNull(badgeSigningKeys.retiredAt))
			.orderBy(desc(badgeSigningKeys.createdAt))
			.limit(1);
		return row
			? {
					kid: row.kid,
					privateJwk: JSON.parse(row.privateJwk),
					publicJwk: JSON.parse(row.publicJwk)
				}
			: null;
	};
	const existing = await read();
	if (existing) return existing;
	const fresh = await newKey();
	// Two processes may start at once: whichever writes first, both sign with the stored key.
	await writeTransaction(async (tx) => {
		const [any] = await tx
			.select({ kid: badgeSigningKeys.kid })
			.from(badgeSigningKeys)
			.where(isNull(badgeSigningKeys.retiredAt))
			.limit(1);
		if (any) return;
		await tx.insert(badgeSigningKeys).values({
			kid: fresh.kid,
			privateJwk: JSON.stringify(fresh.privateJwk),
			publicJwk: JSON.stringify(fresh.publicJwk),
			createdAt: new Date()
		});
	});
	return (await read())!;
}

/** The key that signs now, made and stored on first use (the server calls it at start). */
export function signingKey(): Promise<StoredKey> {
	if (!activeKey) {
		activeKey = loadActiveKey();
		activeKey.catch(() => (activeKey = undefined));
	}
	return activeKey;
}

/** Forgets the cached key (tests open a new database for every test; rotation). */
export function forgetSigningKey() {
	activeKey = undefined;
}

/**
 * Makes a new signing key and retires the current one, which stays published for checking the
 * credentials it signed. Other server processes pick the new key up when they restart.
 */
export async function rotateSigningKey(now = new Date()): Promise<string> {
	const fresh = await newKey();
	await writeTransaction(async (tx) => {
		await tx
			.update(badgeSigningKeys)
			.set({ retiredAt: now })
			.where(isNull(badgeSigningKeys.retiredAt));
		await tx.insert(badgeSigningKeys).values({
			kid: fresh.kid,
			privateJwk: JSON.stringify(fresh.privateJwk),
			publicJwk: JSON.stringify(fresh.publicJwk),
			createdAt: now
		});
	});
	forgetSigningKey();
	return fresh.kid;
}

/** Every public key, current and retired, as a JWK set. */
export async function publishedKeys(): Promise<{ keys: JWK[] }> {
	await signingKey();
	const rows = await getDb()
		.select({ publicJwk: badgeSigningKeys.publicJwk })
		.from(badgeSigningKeys)
		.orderBy(desc(badgeSigningKeys.createdAt));
	return { keys: rows.map((row) => JSON.parse(row.publicJwk) as JWK) };
}

// ---------------------------------------------------------------------------------------------
// Credentials

export type Origin = string;

/** The issuer's profile id: `spire` for Spire itself, else the organisation's id. */
export function issuerKey(certificate: Pick<Certificate, 'issuerOrganisationId'>) {
	return certificate.issuerOrganisationId ?? 'spire';
}

export function issuerUrl(origin: Origin, key: string) {
	return `${origin}/badges/issuers/${encodeURIComponent(key)}`;
}

export function verificationUrl(origin: Origin, code: string) {
	return `${origin}/verify/${formatCode(code)}`;
}

export function statusListUrl(origin: Origin, list: number) {
	return `${origin}/badges/status/${list}`;
}

/** Where a status index lives: list number (from 1) and the index within it. */
export function statusPosition(statusIndex: number) {
	return {
		list: Math.floor(statusIndex / STATUS_LIST_SIZE) + 1,
		index: statusIndex % STATUS_LIST_SIZE
	};
}

/** `sha256$<hex>` of the address with the salt appended, as IdentityObject asks. */
export function identityHash(email: string, salt: string) {
	const digest = sha256(new TextEncoder().encode(email.trim().toLowerCase() + salt));
	return `sha256$${encodeHexLowerCase(digest)}`;
}

/** The issuer's Open Badges Profile, served as JSON at its stable address. */
export async function issuerProfile(origin: Origin, key: string) {
	let name = PLATFORM_ISSUER_NAME;
	if (key !== 'spire') {
		if (key.length > 64) return null;
		const [organisation] = await getDb()
			.select({ name: organisations.name })
			.from(organisations)
			.where(eq(organisations.id, key));
		if (!organisation) return null;
		name = organisation.name;
	}
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id: issuerUrl(origin, key),
		type: ['Profile'],
		name,
		url: origin
	};
}

/**
 * The unsigned OpenBadgeCredential of a certificate. The holder is named only by a salted hash
 * of their address (the certificate's id is the salt, published with it, as the spec intends).
 */
export function buildCredential(
	certificate: Certificate,
	holderEmail: string,
	{ origin, courseUrl }: { origin: Origin; courseUrl: string }
) {
	const { list, index } = statusPosition(certificate.statusIndex);
	const statusUrl = statusListUrl(origin, list);
	const key = issuerKey(certificate);
	const criteria = certificate.objectives.map((objective) => `- ${objective}`).join('\n');
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id: `urn:uuid:${certificate.id}`,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: certificate.courseTitle,
		issuer: { id: issuerUrl(origin, key), type: ['Profile'], name: certificate.issuerName },
		validFrom: certificate.issuedAt.toISOString(),
		...(certificate.expiresAt ? { validUntil: certificate.expiresAt.toISOString() } : {}),
		awardedDate: certificate.completedAt.toISOString(),
		credentialSubject: {
			type: ['AchievementSubject'],
			identifier: [
				{
					type: 'IdentityObject',
					identityHash: identityHash(holderEmail, certificate.id),
					identityType: 'emailAddress',
					hashed: true,
					salt: certificate.id
				}
			],
			achievement: {
				id: `${courseUrl}#achievement-${encodeURIComponent(certificate.courseVersion)}`,
				type: ['Achievement'],
				achievementType: 'Course',
				name: certificate.courseTitle,
				description: `${certificate.courseTitle} (version ${certificate.courseVersion}), about ${Math.round(certificate.minutes / 6) / 10} hours.`,
				criteria: {
					narrative: `The learner completed every lesson and passed the quiz, and can:\n\n${criteria}`
				},
				version: certificate.courseVersion
			}
		},
		credentialStatus: {
			id: `${statusUrl}#${index}`,
			type: 'BitstringStatusListEntry',
			statusPurpose: 'revocation',
			statusListIndex: String(index),
			statusListCredential: statusUrl
		},
		evidence: [
			{
				id: verificationUrl(origin, certificate.code),
				type: ['Evidence'],
				name: formatCode(certificate.code)
			}
		]
	};
}

export type Credential = ReturnType<typeof buildCredential>;

/** Signs a credential (or any JSON object) as a compact VC-JWT with the active key. */
export async function signCredential(credential: object): Promise<string> {
	const key = await signingKey();
	const privateKey = await importJWK(key.privateJwk, ALG);
	return new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
		.setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'vc+jwt', cty: 'vc' })
		.sign(privateKey);
}

// ---------------------------------------------------------------------------------------------
// Status lists

/** The revoked bits of one list: revoked certificates and those deleted with their holder. */
async function revokedIndexes(list: number): Promise<number[]> {
	const from = (list - 1) * STATUS_LIST_SIZE;
	const to = from + STATUS_LIST_SIZE;
	const rows = await getDb().values<[number]>(sql`
		select ${certificates.statusIndex} from ${certificates}
		where ${certificates.revokedAt} is not null
			and ${certificates.statusIndex} >= ${from} and ${certificates.statusIndex} < ${to}
		union all
		select ${withdrawnStatusIndexes.statusIndex} from ${withdrawnStatusIndexes}
		where ${withdrawnStatusIndexes.statusIndex} >= ${from} and ${withdrawnStatusIndexes.statusIndex} < ${to}
	`);
	return rows.map(([index]) => Number(index) - from);
}

/** The bitstring, GZIP-compressed, multibase base64url (`u…`), first index the highest bit. */
export function encodeStatusList(setIndexes: number[]): string {
	const bytes = new Uint8Array(STATUS_LIST_SIZE / 8);
	for (const index of setIndexes) bytes[index >> 3] |= 0x80 >> (index & 7);
	return `u${base64url.encode(gzipSync(bytes))}`;
}

/** Whether the bit at `index` is set in an encoded list. */
export function statusBit(encodedList: string, index: number): boolean {
	if (!encodedList.startsWith('u')) throw new Error('not a multibase base64url list');
	const bytes = gunzipSync(base64url.decode(encodedList.slice(1)));
	if (index < 0 || index >= bytes.length * 8) throw new Error('index outside the list');
	return (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** The Bitstring Status List credential of list `list`, unsigned. */
export async function statusListCredential(origin: Origin, list: number, now = new Date()) {
	const url = statusListUrl(origin, list);
	return {
		'@context': [VC_CONTEXT],
		id: url,
		type: ['VerifiableCredential', 'BitstringStatusListCredential'],
		issuer: issuerUrl(origin, 'spire'),
		validFrom: now.toISOString(),
		credentialSubject: {
			id: `${url}#list`,
			type: 'BitstringStatusList',
			statusPurpose: 'revocation',
			encodedList: encodeStatusList(await revokedIndexes(list))
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Checking

let validateSchema: ReturnType<Ajv2019['compile']> | undefined;

/** Checks an unsigned credential against 1EdTech's OB 3.0 JSON Schema; returns the problems. */
export function schemaProblems(credential: unknown): string[] {
	if (!validateSchema) {
		const ajv = new Ajv2019({ strict: false, allErrors: true });
		addFormats.default(ajv);
		validateSchema = ajv.compile(achievementCredentialSchema);
	}
	if (validateSchema(credential)) return [];
	return (validateSchema.errors ?? []).map(
		(error) => `${error.instancePath || '(credential)'} ${error.message ?? 'is not valid'}`
	);
}

export type Check = { ok: boolean; detail: string };

export type Verdict = {
	verified: boolean;
	checks: { signature: Check; dates: Check; status: Check; schema: Check };
};

const MAX_JWT_LENGTH = 64 * 1024;

function failed(detail: string): Verdict {
	const no = { ok: false, detail: 'not checked' };
	return {
		verified: false,
		checks: { signature: { ok: false, detail }, dates: no, status: no, schema: no }
	};
}

/**
 * Checks a VC-JWT: its signature against Spire's published keys, its dates at `now`, its
 * revocation bit in Spire's own status list, and the credential against the JSON Schema.
 * Never throws on bad input: a malformed or tampered token is a verdict like any other.
 */
export async function verifyCredentialJwt(
	jwt: string,
	{ origin, now = new Date() }: { origin: Origin; now?: Date }
): Promise<Verdict> {
	const token = jwt.trim();
	if (
		token.length === 0 ||
		token.length > MAX_JWT_LENGTH ||
		!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)
	) {
		return failed('not a compact JWT');
	}
	let payload: Uint8Array;
	try {
		const header = decodeProtectedHeader(token);
		if (header.alg !== ALG) return failed(`algorithm ${String(header.alg)} is not accepted`);
		const verified = await compactVerify(token, createLocalJWKSet(await publishedKeys()), {
			algorithms: [ALG]
		});
		payload = verified.payload;
	} catch (error) {
		const reason = (error as { code?: string }).code ?? 'invalid';
		return failed(`signature does not verify (${reason})`);
	}
	let credential: Record<string, unknown>;
	try {
		credential = JSON.parse(new TextDecoder().decode(payload));
		if (!credential || typeof credential !== 'object' || Array.isArray(credential))
			throw new Error();
	} catch {
		return failed('the payload is not a JSON credential');
	}
	const signature = { ok: true, detail: 'signed by a key in /.well-known/jwks.json' };
	const dates = checkDates(credential, now);
	const status = await checkStatus(credential, origin);
	const problems = schemaProblems(credential);
	const schema = problems.length
		? { ok: false, detail: problems.slice(0, 5).join('; ') }
		: { ok: true, detail: 'valid against the Open Badges 3.0 JSON Schema' };
	return {
		verified: signature.ok && dates.ok && status.ok && schema.ok,
		checks: { signature, dates, status, schema }
	};
}

function checkDates(credential: Record<string, unknown>, now: Date): Check {
	const from = Date.parse(String(credential.validFrom));
	if (Number.isNaN(from)) return { ok: false, detail: 'validFrom is missing or not a date' };
	if (from > now.getTime()) return { ok: false, detail: 'not valid yet' };
	if (credential.validUntil !== undefined) {
		const until = Date.parse(String(credential.validUntil));
		if (Number.isNaN(until)) return { ok: false, detail: 'validUntil is not a date' };
		if (until <= now.getTime()) return { ok: false, detail: `expired on ${credential.validUntil}` };
	}
	return { ok: true, detail: 'within its validity period' };
}

async function checkStatus(credential: Record<string, unknown>, origin: Origin): Promise<Check> {
	const entry = credential.credentialStatus as Record<string, unknown> | undefined;
	if (!entry || entry.type !== 'BitstringStatusListEntry') {
		return { ok: false, detail: 'no BitstringStatusListEntry' };
	}
	const listUrl = String(entry.statusListCredential ?? '');
	const match = new RegExp(
		`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/badges/status/(\\d{1,6})$`
	).exec(listUrl);
	const index = Number(entry.statusListIndex);
	if (!match || !Number.isInteger(index) || index < 0 || index >= STATUS_LIST_SIZE) {
		return { ok: false, detail: 'the status entry does not point into a status list of this site' };
	}
	const list = await statusListCredential(origin, Number(match[1]));
	if (statusBit(list.credentialSubject.encodedList, index)) {
		return { ok: false, detail: 'revoked' };
	}
	return { ok: true, detail: 'not revoked' };
}

/**
 * The credential of a certificate, unsigned, for the holder's JSON download. `courseSlug` is the
 * course's address in the catalog, or null when it is no longer published.
 */
export function credentialOf(
	certificate: Certificate,
	holderEmail: string,
	origin: Origin,
	courseSlug: string | null
) {
	const courseUrl = courseSlug ? `${origin}/courses/${courseSlug}` : `${origin}/courses`;
	return buildCredential(certificate, holderEmail, { origin, courseUrl });
}

/** LinkedIn's "Add licence or certification" form, filled in. */
export function linkedInUrl(certificate: Certificate, origin: Origin): string {
	const params = new URLSearchParams({
		startTask: 'CERTIFICATION_NAME',
		name: certificate.courseTitle,
		organizationName: certificate.issuerName,
		issueYear: String(certificate.issuedAt.getUTCFullYear()),
		issueMonth: String(certificate.issuedAt.getUTCMonth() + 1),
		certUrl: verificationUrl(origin, certificate.code),
		certId: formatCode(certificate.code)
	});
	if (certificate.expiresAt) {
		params.set('expirationYear', String(certificate.expiresAt.getUTCFullYear()));
		params.set('expirationMonth', String(certificate.expiresAt.getUTCMonth() + 1));
	}
	return `https://www.linkedin.com/profile/add?${params}`;
}
