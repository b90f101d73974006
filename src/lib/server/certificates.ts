/**
 * Completion certificates: issuing, public codes, states, renewal and revocation.
 *
 * A certificate is a snapshot taken when it is issued (holder's name, course title, version,
 * objectives, hours, completion date, issuer, expiry), stored in the database: later changes to
 * the course files or the person's name never change it. It is issued in the same write
 * transaction as the course completion (`progress.ts`), and its unique `issueKey` makes it happen
 * once per completion and once per renewal, whatever the number of concurrent requests.
 */
import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb, writeTransaction, type Queryable, type Transaction } from '$lib/server/db';
import {
	assignments,
	certificateEvents,
	certificateNames,
	certificates,
	courseCompletions,
	groupMembers,
	organisations,
	users,
	withdrawnStatusIndexes,
	type Certificate
} from '$lib/server/db/schema';
import type { CourseEntry } from '$lib/server/content/catalog';
import { canEducate, organisationsInReachOf } from '$lib/server/organisations';
import { countVerification } from '$lib/server/throttle';

/** Who issues a certificate when no organisation assigned the course. */
export const PLATFORM_ISSUER_NAME = 'Spire';
/** Printed before the code: `SPIRE-7K2M-9QXD-4HTR-P3AB-W`. Not part of the code itself. */
export const CODE_PREFIX = 'SPIRE';
/** Days before expiry from which /me shows a notice and a retake renews the certificate. */
export const RENEWAL_WINDOW_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Codes

/** Crockford's base32 alphabet: no I, L, O (read as 1, 1, 0) and no U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford's check symbols: the alphabet and five more, for the value modulo 37. */
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
/** 16 characters of 5 bits: 80 random bits. */
const CODE_DATA_LENGTH = 16;
/** Anything longer than this is not a code; it is refused before any other work. */
export const CODE_INPUT_MAX_LENGTH = 80;

/** Crockford's check symbol of a data string: its value modulo 37. */
export function checkSymbol(data: string): string {
	let value = 0n;
	for (const char of data) value = value * 32n + BigInt(ALPHABET.indexOf(char));
	return CHECK_ALPHABET[Number(value % 37n)];
}

/** A fresh code: 80 bits from the system's secure random source, and its check symbol. */
export function newCertificateCode(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(10));
	let bits = 0n;
	for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
	let data = '';
	for (let i = CODE_DATA_LENGTH - 1; i >= 0; i--)
		data += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
	return data + checkSymbol(data);
}

/** `SPIRE-7K2M-9QXD-4HTR-P3AB-W`: the code as printed, in groups of four. */
export function formatCode(code: string): string {
	const data = code.slice(0, CODE_DATA_LENGTH);
	const groups = data.match(/.{4}/g) ?? [];
	return [CODE_PREFIX, ...groups, code.slice(CODE_DATA_LENGTH)].join('-');
}

export type ParsedCode =
	| { ok: true; code: string }
	| { ok: false; reason: 'malformed' }
	/** The right shape, but the check symbol does not match: a typo. */
	| { ok: false; reason: 'check' };

/**
 * Reads a code as someone typed it: case, spaces and dashes do not matter, the `SPIRE` prefix is
 * optional, and I, L and O are read as 1, 1 and 0 (Crockford). Full-width and other compatibility
 * forms are folded to plain letters first (NFKC); any other character makes it malformed.
 */
export function parseCode(input: string): ParsedCode {
	if (input.length > CODE_INPUT_MAX_LENGTH) return { ok: false, reason: 'malformed' };
	let text = input
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-‐‑‒–—]/g, '');
	if (text.length === CODE_PREFIX.length + CODE_DATA_LENGTH + 1 && text.startsWith(CODE_PREFIX)) {
		text = text.slice(CODE_PREFIX.length);
	}
	if (text.length !== CODE_DATA_LENGTH + 1) return { ok: false, reason: 'malformed' };
	const mapped = text.replace(/[IL]/g, '1').replace(/O/g, '0');
	const data = mapped.slice(0, CODE_DATA_LENGTH);
	const check = mapped.slice(CODE_DATA_LENGTH);
	if (![...data].every((c) => ALPHABET.includes(c)) || !CHECK_ALPHABET.includes(check)) {
		return { ok: false, reason: 'malformed' };
	}
	if (checkSymbol(data) !== check) return { ok: false, reason: 'check' };
	return { ok: true, code: data + check };
}

// ---------------------------------------------------------------------------------------------
// Names

export const CERTIFICATE_NAME_MAX_LENGTH = 120;

export const certificateNameForm = z.object({
	certificateName: z
		.string()
		.trim()
		.max(CERTIFICATE_NAME_MAX_LENGTH, {
			error: () => m.error_certificate_name_too_long({ max: CERTIFICATE_NAME_MAX_LENGTH })
		})
});

/** The name printed on the person's next certificates, and whether it is their account name. */
export async function certificateName(
	userId: string
): Promise<{ name: string; ownName: string | null }> {
	const [row] = await getDb()
		.select({ accountName: users.name, ownName: certificateNames.name })
		.from(users)
		.leftJoin(certificateNames, eq(certificateNames.userId, users.id))
		.where(eq(users.id, userId));
	return { name: row?.ownName ?? row?.accountName ?? '', ownName: row?.ownName ?? null };
}

/** Sets the name for certificates issued from now on; empty: use the account name. */
export async function setCertificateName(userId: string, name: string, now = new Date()) {
	await writeTransaction(async (tx) => {
		if (!name) {
			await tx.delete(certificateNames).where(eq(certificateNames.userId, userId));
			return;
		}
		await tx
			.insert(certificateNames)
			.values({ userId, name, updatedAt: now })
			.onConflictDoUpdate({ target: certificateNames.userId, set: { name, updatedAt: now } });
	});
}

// ---------------------------------------------------------------------------------------------
// Issuing

/** What a certificate needs from the course: its front matter. */
export type CertificateCourse = Pick<
	CourseEntry,
	'id' | 'title' | 'version' | 'objectives' | 'estimatedMinutes' | 'certificate'
>;

/** `from` plus whole calendar months (UTC); the 31st becomes the month's last day. */
export function addMonths(from: Date, months: number): Date {
	const date = new Date(from);
	const day = date.getUTCDate();
	date.setUTCDate(1);
	date.setUTCMonth(date.getUTCMonth() + months);
	const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
	date.setUTCDate(Math.min(day, lastDay));
	return date;
}

/**
 * The organisation that assigned the course to the person (directly or through one of their
 * groups; the earliest assignment), or null when none did.
 */
async function assigningOrganisation(
	db: Queryable,
	userId: string,
	courseId: string
): Promise<{ id: string; name: string } | null> {
	const [row] = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(assignments)
		.innerJoin(organisations, eq(organisations.id, assignments.organisationId))
		.leftJoin(
			groupMembers,
			and(eq(groupMembers.groupId, assignments.groupId), eq(groupMembers.userId, userId))
		)
		.where(
			and(
				eq(assignments.courseId, courseId),
				isNull(assignments.withdrawnAt),
				or(eq(assignments.userId, userId), eq(groupMembers.userId, userId))
			)
		)
		.orderBy(assignments.createdAt)
		.limit(1);
	return row ?? null;
}

async function nextStatusIndex(tx: Transaction): Promise<number> {
	const [row] = await tx.values<[number | null]>(sql`
		select max(i) from (
			select max(${certificates.statusIndex}) as i from ${certificates}
			union all
			select max(${withdrawnStatusIndexes.statusIndex}) from ${withdrawnStatusIndexes}
		)`);
	return row[0] === null ? 0 : Number(row[0]) + 1;
}

/**
 * Issues a certificate inside the caller's write transaction, unless one with the same issue key
 * exists or the person's address is not confirmed. Returns it, or null.
 */
async function issue(
	tx: Transaction,
	userId: string,
	course: CertificateCourse,
	{
		completedAt,
		issueKey,
		previousId = null,
		now
	}: { completedAt: Date; issueKey: string; previousId?: string | null; now: Date }
): Promise<Certificate | null> {
	const [holder] = await tx
		.select({ name: users.name, ownName: certificateNames.name, verified: users.emailVerifiedAt })
		.from(users)
		.leftJoin(certificateNames, eq(certificateNames.userId, users.id))
		.where(eq(users.id, userId));
	if (!holder?.verified) return null;
	const issuer = await assigningOrganisation(tx, userId, course.id);
	const validMonths = course.certificate?.validMonths;
	const [created] = await tx
		.insert(certificates)
		.values({
			id: crypto.randomUUID(),
			code: newCertificateCode(),
			issueKey,
			userId,
			holderName: holder.ownName ?? holder.name,
			courseId: course.id,
			courseTitle: course.title,
			courseVersion: course.version,
			objectives: [...course.objectives],
			minutes: course.estimatedMinutes,
			completedAt,
			issuerOrganisationId: issuer?.id ?? null,
			issuerName: issuer?.name ?? PLATFORM_ISSUER_NAME,
			issuedAt: now,
			expiresAt: validMonths ? addMonths(completedAt, validMonths) : null,
			previousId,
			statusIndex: await nextStatusIndex(tx)
		})
		.onConflictDoNothing({ target: certificates.issueKey })
		.returning();
	return created ?? null;
}

/**
 * Issues the certificate of a course completion that was just recorded, in the same transaction
 * (called by `completeCourseIfDone`).
 */
export function issueForCompletion(
	tx: Transaction,
	userId: string,
	course: CertificateCourse,
	completedAt: Date
): Promise<Certificate | null> {
	return issue(tx, userId, course, {
		completedAt,
		issueKey: `completion:${userId}:${course.id}`,
		now: completedAt
	});
}

/**
 * A passed retake of a course the person completed before: if their latest certificate of it has
 * expired, or expires within RENEWAL_WINDOW_DAYS, a new one is issued, linked to it. A revoked
 * certificate is not renewed this way. Runs inside the caller's write transaction.
 */
export async function renewIfDue(
	tx: Transaction,
	userId: string,
	course: CertificateCourse,
	now: Date
): Promise<Certificate | null> {
	const [latest] = await tx
		.select()
		.from(certificates)
		.where(and(eq(certificates.userId, userId), eq(certificates.courseId, course.id)))
		.orderBy(desc(certificates.issuedAt))
		.limit(1);
	if (!latest || latest.revokedAt || !latest.expiresAt) return null;
	if (latest.expiresAt.getTime() - now.getTime() > RENEWAL_WINDOW_DAYS * DAY_MS) return null;
	return issue(tx, userId, course, {
		completedAt: now,
		issueKey: `renewal:${latest.id}`,
		previousId: latest.id,
		now
	});
}

/**
 * Issues the certificates that completions recorded before certificates existed (or before the
 * person confirmed their address) should have. Idempotent: run at every start, it issues each
 * once, by the same issue key as a new completion. Completions of courses no longer in the
 * catalog get none. Returns how many it issued.
 */
export async function issueMissingCertificates(
	courses: CertificateCourse[],
	now = new Date()
): Promise<number> {
	const missing = await completionsWithoutCertificate(getDb(), courses);
	if (missing.length === 0) return 0;
	return writeTransaction((tx) => issueEach(tx, missing, courses, now));
}

/**
 * Issues the certificates of a person whose address was just confirmed, for the courses they
 * completed before: inside the transaction that confirms it. Returns how many it issued.
 */
export async function issueOnConfirmedAddress(
	tx: Transaction,
	userId: string,
	courses: CertificateCourse[],
	now: Date
): Promise<number> {
	const missing = await completionsWithoutCertificate(tx, courses, userId);
	return issueEach(tx, missing, courses, now);
}

/** Completions of confirmed addresses, of courses in `courses`, that have no certificate yet. */
function completionsWithoutCertificate(
	db: Queryable,
	courses: CertificateCourse[],
	userId?: string
) {
	return db
		.select({ userId: courseCompletions.userId, courseId: courseCompletions.courseId })
		.from(courseCompletions)
		.innerJoin(users, eq(users.id, courseCompletions.userId))
		.where(
			and(
				userId ? eq(courseCompletions.userId, userId) : undefined,
				isNotNull(users.emailVerifiedAt),
				inArray(
					courseCompletions.courseId,
					courses.map((course) => course.id)
				),
				sql`not exists (select 1 from ${certificates} c where c.issue_key =
					'completion:' || ${courseCompletions.userId} || ':' || ${courseCompletions.courseId})`
			)
		);
}

async function issueEach(
	tx: Transaction,
	missing: { userId: string; courseId: string }[],
	courses: CertificateCourse[],
	now: Date
): Promise<number> {
	const byId = new Map(courses.map((course) => [course.id, course]));
	let issued = 0;
	for (const { userId, courseId } of missing) {
		const [completion] = await tx
			.select({ completedAt: courseCompletions.completedAt })
			.from(courseCompletions)
			.where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseId, courseId)));
		if (!completion) continue; // the account went meanwhile
		const created = await issue(tx, userId, byId.get(courseId)!, {
			completedAt: completion.completedAt,
			issueKey: `completion:${userId}:${courseId}`,
			now
		});
		if (created) issued++;
	}
	return issued;
}

// ---------------------------------------------------------------------------------------------
// States and views

export type CertificateState = 'valid' | 'expired' | 'revoked';

/** Hours as printed, from minutes, to the nearest quarter hour: 95 minutes is 1.5 hours. */
export function hoursOf(minutes: number): number {
	return Math.max(0.25, Math.round((minutes / 60) * 4) / 4);
}

export function certificateState(
	certificate: Pick<Certificate, 'revokedAt' | 'expiresAt'>,
	now = new Date()
): CertificateState {
	if (certificate.revokedAt) return 'revoked';
	if (certificate.expiresAt && certificate.expiresAt <= now) return 'expired';
	return 'valid';
}

/** Whether /me shows the renewal notice: valid, and expiring within RENEWAL_WINDOW_DAYS. */
export function expiresSoon(
	certificate: Pick<Certificate, 'revokedAt' | 'expiresAt'>,
	now = new Date()
): boolean {
	return (
		certificateState(certificate, now) === 'valid' &&
		certificate.expiresAt !== null &&
		certificate.expiresAt.getTime() - now.getTime() <= RENEWAL_WINDOW_DAYS * DAY_MS
	);
}

/** What the public verification page shows: nothing more (no e-mail, no score, no reason). */
export type PublicCertificate = {
	/** As printed: `SPIRE-…`. */
	code: string;
	state: CertificateState;
	holderName: string;
	courseId: string;
	courseTitle: string;
	courseVersion: string;
	minutes: number;
	hours: number;
	completedAt: Date;
	issuedAt: Date;
	expiresAt: Date | null;
	revokedAt: Date | null;
	issuerName: string;
	/** The code of the certificate that renewed this one, if any. */
	renewedBy: string | null;
};

export type Verification =
	| { kind: 'found'; certificate: PublicCertificate }
	| { kind: 'unknown' }
	| { kind: 'malformed' }
	| { kind: 'check' };

const renewals = alias(certificates, 'renewals');

/**
 * A look-up from the public verification page: counted per client address, at most `perMinute`
 * a clock minute (0: no limit), then `verifyCode`.
 */
export async function lookUpCertificate(
	address: string,
	input: string,
	perMinute: number,
	now = new Date()
): Promise<Verification | { kind: 'throttled'; retryAfterSeconds: number }> {
	const rate = await countVerification(address, perMinute, now);
	if (!rate.allowed) return { kind: 'throttled', retryAfterSeconds: rate.retryAfterSeconds };
	return verifyCode(input, now);
}

/**
 * Looks a typed code up. A well-formed code costs one query on the unique index whether it exists
 * or not, and the answer never says how close an unknown code came; a wrong check symbol is told
 * apart (a typo), without looking anything up.
 */
export async function verifyCode(input: string, now = new Date()): Promise<Verification> {
	const parsed = parseCode(input);
	if (!parsed.ok) return { kind: parsed.reason };
	const [row] = await getDb()
		.select({ certificate: certificates, renewedBy: renewals.code })
		.from(certificates)
		.leftJoin(renewals, eq(renewals.previousId, certificates.id))
		.where(eq(certificates.code, parsed.code))
		.orderBy(desc(renewals.issuedAt))
		.limit(1);
	if (!row) return { kind: 'unknown' };
	return { kind: 'found', certificate: toPublic(row.certificate, row.renewedBy, now) };
}

function toPublic(c: Certificate, renewedBy: string | null, now: Date): PublicCertificate {
	return {
		code: formatCode(c.code),
		state: certificateState(c, now),
		holderName: c.holderName,
		courseId: c.courseId,
		courseTitle: c.courseTitle,
		courseVersion: c.courseVersion,
		minutes: c.minutes,
		hours: hoursOf(c.minutes),
		completedAt: c.completedAt,
		issuedAt: c.issuedAt,
		expiresAt: c.expiresAt,
		revokedAt: c.revokedAt,
		issuerName: c.issuerName,
		renewedBy: renewedBy ? formatCode(renewedBy) : null
	};
}

export type OwnCertificate = PublicCertificate & {
	id: string;
	courseId: string;
	expiresSoon: boolean;
};

/** The person's certificates, newest first, with their state. */
export async function certificatesOf(userId: string, now = new Date()): Promise<OwnCertificate[]> {
	const rows = await getDb()
		.select({ certificate: certificates, renewedBy: renewals.code })
		.from(certificates)
		.leftJoin(renewals, eq(renewals.previousId, certificates.id))
		.where(eq(certificates.userId, userId))
		.orderBy(desc(certificates.issuedAt));
	return rows.map((row) => listed(row, now));
}

/** A certificate as /me and the educator's pages list it. */
function listed(
	{ certificate, renewedBy }: { certificate: Certificate; renewedBy: string | null },
	now: Date
): OwnCertificate {
	return {
		...toPublic(certificate, renewedBy, now),
		id: certificate.id,
		courseId: certificate.courseId,
		// A renewed certificate needs no notice: its successor carries on.
		expiresSoon: !renewedBy && expiresSoon(certificate, now)
	};
}

/**
 * The learner's certificates that the viewer may manage: those issued by an organisation in the
 * viewer's reach (every one, for an admin), newest first. For the educator's page of a learner.
 */
export async function certificatesIssuedInReachOf(
	viewer: Viewer,
	learnerId: string,
	now = new Date()
): Promise<OwnCertificate[]> {
	const inReach = viewer.isAdmin ? null : await organisationsInReachOf(viewer);
	if (inReach?.length === 0) return [];
	const rows = await getDb()
		.select({ certificate: certificates, renewedBy: renewals.code })
		.from(certificates)
		.leftJoin(renewals, eq(renewals.previousId, certificates.id))
		.where(
			and(
				eq(certificates.userId, learnerId),
				inReach ? inArray(certificates.issuerOrganisationId, inReach) : undefined
			)
		)
		.orderBy(desc(certificates.issuedAt));
	return rows.map((row) => listed(row, now));
}

/** The person's newest certificate of the course, for the course page; null if none. */
export async function latestCertificateOf(
	userId: string,
	courseId: string
): Promise<{ id: string; code: string } | null> {
	const [row] = await getDb()
		.select({ id: certificates.id, code: certificates.code })
		.from(certificates)
		.where(and(eq(certificates.userId, userId), eq(certificates.courseId, courseId)))
		.orderBy(desc(certificates.issuedAt))
		.limit(1);
	return row ? { id: row.id, code: formatCode(row.code) } : null;
}

export type Viewer = { id: string; isAdmin: boolean };

export type CertificateAccess = {
	certificate: Certificate;
	/** The holder themselves. */
	own: boolean;
	/** An admin, or an educator of the issuing organisation. */
	mayRevoke: boolean;
};

/**
 * The certificate with this id, if the viewer may see it: its holder, an educator of the issuing
 * organisation, or an admin. Anyone else gets null, exactly as for an id that does not exist.
 */
export async function certificateFor(
	viewer: Viewer,
	certificateId: string
): Promise<CertificateAccess | null> {
	if (certificateId.length > 64) return null;
	const [certificate] = await getDb()
		.select()
		.from(certificates)
		.where(eq(certificates.id, certificateId));
	if (!certificate) return null;
	const own = certificate.userId === viewer.id;
	const mayRevoke =
		viewer.isAdmin ||
		(certificate.issuerOrganisationId !== null &&
			(await canEducate(viewer, certificate.issuerOrganisationId)));
	if (!own && !mayRevoke) return null;
	return { certificate, own, mayRevoke };
}

/** The holder's address and interface language: for the credential and the PDF's language. */
export async function holderOf(certificate: Pick<Certificate, 'userId'>) {
	const [row] = await getDb()
		.select({ email: users.email, locale: users.locale })
		.from(users)
		.where(eq(users.id, certificate.userId));
	return row ?? null;
}

/** The revocations and restorations of a certificate, newest first, with who did them. */
export async function certificateHistory(certificateId: string) {
	return getDb()
		.select({
			action: certificateEvents.action,
			reason: certificateEvents.reason,
			at: certificateEvents.at,
			by: users.name
		})
		.from(certificateEvents)
		.leftJoin(users, eq(users.id, certificateEvents.byUserId))
		.where(eq(certificateEvents.certificateId, certificateId))
		.orderBy(desc(certificateEvents.at));
}

// ---------------------------------------------------------------------------------------------
// Revocation

export const REVOCATION_REASON_MAX_LENGTH = 500;

export const revocationForm = z.object({
	reason: z
		.string()
		.trim()
		.min(1, { error: () => m.error_revocation_reason_required() })
		.max(REVOCATION_REASON_MAX_LENGTH, {
			error: () => m.error_revocation_reason_too_long({ max: REVOCATION_REASON_MAX_LENGTH })
		})
});

export type RevocationResult =
	{ ok: true } | { ok: false; reason: 'not-found' | 'already-revoked' | 'not-revoked' };

/**
 * Revokes the certificate, keeping the reason internally, and logs who and when. Only an admin
 * or an educator of the issuing organisation may; to anyone else it does not exist.
 */
export function revokeCertificate(
	viewer: Viewer,
	certificateId: string,
	reason: string,
	now = new Date()
): Promise<RevocationResult> {
	return setRevocation(viewer, certificateId, { reason }, now);
}

/** Undoes a revocation; logged like it. */
export function restoreCertificate(
	viewer: Viewer,
	certificateId: string,
	now = new Date()
): Promise<RevocationResult> {
	return setRevocation(viewer, certificateId, null, now);
}

/**
 * Revokes (`revocation` given) or restores (null) in one write, which only changes a certificate
 * that is not in that state yet, with its entry in the log.
 */
async function setRevocation(
	viewer: Viewer,
	certificateId: string,
	revocation: { reason: string } | null,
	now: Date
): Promise<RevocationResult> {
	const access = await certificateFor(viewer, certificateId);
	if (!access?.mayRevoke) return { ok: false, reason: 'not-found' };
	const revoking = revocation !== null;
	return writeTransaction(async (tx) => {
		const updated = await tx
			.update(certificates)
			.set({ revokedAt: revoking ? now : null, revocationReason: revocation?.reason ?? null })
			.where(
				and(
					eq(certificates.id, certificateId),
					revoking ? isNull(certificates.revokedAt) : isNotNull(certificates.revokedAt)
				)
			)
			.returning({ id: certificates.id });
		if (updated.length === 0) {
			return { ok: false, reason: revoking ? 'already-revoked' : 'not-revoked' } as const;
		}
		await tx.insert(certificateEvents).values({
			id: crypto.randomUUID(),
			certificateId,
			action: revoking ? 'revoked' : 'restored',
			reason: revocation?.reason,
			byUserId: viewer.id,
			at: now
		});
		return { ok: true } as const;
	});
}

// ---------------------------------------------------------------------------------------------
// Account deletion

/**
 * Deletes the person's certificates inside the account deletion's transaction. The public
 * record goes too: its code then answers "Not found", because the name on it is personal data
 * the person asked to erase. Each certificate's status-list bit stays set, so a signed credential
 * they kept no longer checks out as valid.
 */
export async function deleteCertificatesOf(tx: Transaction, userId: string, now: Date) {
	const owned = await tx
		.select({ statusIndex: certificates.statusIndex })
		.from(certificates)
		.where(eq(certificates.userId, userId));
	if (owned.length > 0) {
		await tx
			.insert(withdrawnStatusIndexes)
			.values(owned.map(({ statusIndex }) => ({ statusIndex, withdrawnAt: now })))
			.onConflictDoNothing();
	}
	const ids = tx
		.select({ id: certificates.id })
		.from(certificates)
		.where(eq(certificates.userId, userId));
	await tx.delete(certificateEvents).where(inArray(certificateEvents.certificateId, ids));
	// Renewals point at earlier certificates of the same holder: unlink them before deleting.
	await tx
		.update(certificates)
		.set({ previousId: null })
		.where(and(eq(certificates.userId, userId), isNotNull(certificates.previousId)));
	await tx.delete(certificates).where(eq(certificates.userId, userId));
	await tx.delete(certificateNames).where(eq(certificateNames.userId, userId));
}

/** A certificate as "Download my data" lists it. */
export function exportedCertificate(c: Certificate, now = new Date()) {
	return {
		code: formatCode(c.code),
		state: certificateState(c, now),
		holderName: c.holderName,
		courseId: c.courseId,
		courseTitle: c.courseTitle,
		courseVersion: c.courseVersion,
		objectives: c.objectives,
		minutes: c.minutes,
		completedAt: c.completedAt,
		issuerName: c.issuerName,
		issuedAt: c.issuedAt,
		expiresAt: c.expiresAt,
		revokedAt: c.revokedAt,
		revocationReason: c.revocationReason
	};
}
