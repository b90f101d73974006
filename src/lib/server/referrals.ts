/**
 * Referral-writing practice: a learner's draft of an exercise, the frozen versions they submit,
 * and the educators' reviews. Who may read what is decided here, per record:
 * - a draft is its writer's alone (no function here hands it to anyone else);
 * - a submission is readable by its writer, the educators of any group the writer is in (within
 *   their reach, see organisationsInReachOf) and admins; for everyone else it does not exist.
 * The feedback rules and the personal-data guard are pure functions of the text
 * (referral-feedback.ts, personal-data.ts); this module stores what they found.
 */
import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { getDb, writeTransaction, type Transaction } from '$lib/server/db';
import {
	groupMembers,
	groups,
	referralDrafts,
	referralReviews,
	referralSubmissions,
	users
} from '$lib/server/db/schema';
import { addNotification } from '$lib/server/notifications';
import { organisationsInReachOf } from '$lib/server/organisations';
import { m } from '$lib/paraglide/messages';
import {
	findPersonalData,
	type PersonalDataMatch,
	type PersonalDataWords
} from '$lib/personal-data';
import { reviewReferral, type FeedbackWords } from '$lib/referral-feedback';
import {
	SECTION_IDS,
	type Exercise,
	type FeedbackCase,
	type Flag,
	type ReferralText,
	type SectionId
} from '$lib/referral-sections';
import type { ContentLocale } from '$lib/server/course-language';
import { personalDataWords } from '$lib/server/personal-data';
import { feedbackWords } from '$lib/server/referral-words';

export type Viewer = { id: string; isAdmin: boolean };

/** The longest text one section (or extra field) may hold: a long report is about 1,500 words. */
export const SECTION_MAX_LENGTH = 8_000;

export type Draft = {
	text: ReferralText;
	revision: number;
	fictionalConfirmed: boolean;
	updatedAt: Date;
};

export function emptyText(): ReferralText {
	return Object.fromEntries(SECTION_IDS.map((id) => [id, ''])) as unknown as ReferralText;
}

/** The stored JSON back as a ReferralText: unknown keys dropped, missing sections empty. */
function asText(stored: Record<string, unknown>): ReferralText {
	const text = emptyText();
	for (const id of SECTION_IDS) {
		if (typeof stored[id] === 'string') text[id] = stored[id] as string;
	}
	const extra = stored.extra;
	if (extra && typeof extra === 'object') {
		text.extra = Object.fromEntries(
			Object.entries(extra).filter(
				(entry): entry is [string, string] => typeof entry[1] === 'string'
			)
		);
	}
	return text;
}

/** The writer's own draft of the exercise, or null when they have none. */
export async function draftOf(userId: string, exerciseId: string): Promise<Draft | null> {
	const [row] = await getDb()
		.select()
		.from(referralDrafts)
		.where(and(eq(referralDrafts.userId, userId), eq(referralDrafts.exerciseId, exerciseId)));
	return row
		? {
				text: asText(row.text),
				revision: row.revision,
				fictionalConfirmed: row.fictionalConfirmedAt !== null,
				updatedAt: row.updatedAt
			}
		: null;
}

export type SaveInput = {
	text: ReferralText;
	/** The revision the page started from: 0 when it had no draft. */
	baseRevision: number;
	/** The writer ticked "the details I wrote are made up". */
	confirmFictional: boolean;
	/** The kinds of personal-data look-alikes the guard found in `text`. */
	personalDataKinds: string[];
};

export type SaveResult =
	| { ok: true; revision: number }
	/** Found something that looks like real personal data, and the writer has not confirmed. */
	| { ok: false; reason: 'personal-data'; kinds: string[] }
	/**
	 * Saved or submitted meanwhile from another tab or device: reload instead of overwriting it.
	 * Also when a version is in and no draft was started from it (a late autosave after submit).
	 */
	| { ok: false; reason: 'stale'; revision: number }
	/** A version meets the standard: the exercise is finished. */
	| { ok: false; reason: 'closed' };

function guardBlocks(input: SaveInput): boolean {
	return input.personalDataKinds.length > 0 && !input.confirmFictional;
}

/**
 * Saves the draft if it is still the one the page started from (compare-and-set on `revision`),
 * so a slow autosave or a second tab never overwrites newer text. Saving the same text twice is
 * harmless: the second save is refused as stale only if something else was saved in between.
 */
export async function saveDraft(
	userId: string,
	exerciseId: string,
	input: SaveInput,
	now = new Date()
): Promise<SaveResult> {
	if (guardBlocks(input)) {
		return { ok: false, reason: 'personal-data', kinds: input.personalDataKinds };
	}
	return writeTransaction(async (tx) => {
		if (await isApproved(tx, userId, exerciseId)) return { ok: false, reason: 'closed' } as const;
		const [current] = await tx
			.select({ revision: referralDrafts.revision })
			.from(referralDrafts)
			.where(and(eq(referralDrafts.userId, userId), eq(referralDrafts.exerciseId, exerciseId)));
		const currentRevision = current?.revision ?? 0;
		// Without a draft, revision 0 is the page's only while nothing is submitted: once a version
		// is in, a new draft starts from it (startRevision), never from a page that predates it.
		if (
			currentRevision !== input.baseRevision ||
			(!current && (await hasSubmitted(tx, userId, exerciseId)))
		) {
			return { ok: false, reason: 'stale', revision: currentRevision } as const;
		}
		const revision = currentRevision + 1;
		const values = {
			text: input.text,
			revision,
			fictionalConfirmedAt: input.confirmFictional ? now : null,
			updatedAt: now
		};
		await tx
			.insert(referralDrafts)
			.values({ userId, exerciseId, ...values })
			.onConflictDoUpdate({
				target: [referralDrafts.userId, referralDrafts.exerciseId],
				set: values
			});
		return { ok: true, revision } as const;
	});
}

async function hasSubmitted(tx: Transaction, userId: string, exerciseId: string): Promise<boolean> {
	const [row] = await tx
		.select({ id: referralSubmissions.id })
		.from(referralSubmissions)
		.where(
			and(eq(referralSubmissions.userId, userId), eq(referralSubmissions.exerciseId, exerciseId))
		)
		.limit(1);
	return row !== undefined;
}

/** Whether one of the writer's versions meets the standard, in `scope`: an exercise or a course. */
async function anyApproved(
	tx: Transaction,
	userId: string,
	scope: { exerciseId: string } | { courseId: string }
): Promise<boolean> {
	const [row] = await tx
		.select({ id: referralSubmissions.id })
		.from(referralSubmissions)
		.innerJoin(referralReviews, eq(referralReviews.submissionId, referralSubmissions.id))
		.where(
			and(
				eq(referralSubmissions.userId, userId),
				'exerciseId' in scope
					? eq(referralSubmissions.exerciseId, scope.exerciseId)
					: eq(referralSubmissions.courseId, scope.courseId),
				eq(referralReviews.verdict, 'meets')
			)
		)
		.limit(1);
	return row !== undefined;
}

function isApproved(tx: Transaction, userId: string, exerciseId: string): Promise<boolean> {
	return anyApproved(tx, userId, { exerciseId });
}

export type SubmitInput = SaveInput & {
	courseId: string;
	templateCountry: string;
	locale: string;
	/** How many feedback flags the rules still raise on `text`. */
	openFlags: number;
};

export type SubmitResult =
	| { ok: true; submissionId: string; version: number }
	| Exclude<SaveResult, { ok: true }>
	/** This draft was submitted already (a double submit): here is that version. */
	| { ok: false; reason: 'already-submitted'; submissionId: string };

/**
 * Freezes the draft as the next version and removes the draft, in one transaction. The page
 * sends the revision it showed: a second submit of the same page finds the draft gone and is
 * answered with the version the first one made, so a double submit stores once.
 */
export async function submitDraft(
	userId: string,
	exerciseId: string,
	input: SubmitInput,
	now = new Date()
): Promise<SubmitResult> {
	if (guardBlocks(input)) {
		return { ok: false, reason: 'personal-data', kinds: input.personalDataKinds };
	}
	return writeTransaction(async (tx): Promise<SubmitResult> => {
		if (await isApproved(tx, userId, exerciseId)) return { ok: false, reason: 'closed' };
		const [draft] = await tx
			.select({ revision: referralDrafts.revision, updatedAt: referralDrafts.updatedAt })
			.from(referralDrafts)
			.where(and(eq(referralDrafts.userId, userId), eq(referralDrafts.exerciseId, exerciseId)));
		const [latest] = await tx
			.select({
				id: referralSubmissions.id,
				version: referralSubmissions.version,
				submittedAt: referralSubmissions.submittedAt
			})
			.from(referralSubmissions)
			.where(
				and(eq(referralSubmissions.userId, userId), eq(referralSubmissions.exerciseId, exerciseId))
			)
			.orderBy(desc(referralSubmissions.version))
			.limit(1);
		// No draft left and a version exists: the same page was submitted twice. This holds for a
		// page that was never saved too (revision 0), which would otherwise be stored again.
		if (!draft && latest)
			return { ok: false, reason: 'already-submitted', submissionId: latest.id };
		const draftRevision = draft?.revision ?? 0;
		if (draftRevision !== input.baseRevision) {
			return { ok: false, reason: 'stale', revision: draftRevision };
		}
		const version = (latest?.version ?? 0) + 1;
		const submissionId = crypto.randomUUID();
		await tx.insert(referralSubmissions).values({
			id: submissionId,
			userId,
			courseId: input.courseId,
			exerciseId,
			version,
			text: input.text,
			templateCountry: input.templateCountry,
			locale: input.locale,
			personalDataKinds: input.personalDataKinds,
			fictionalConfirmedAt: input.personalDataKinds.length > 0 ? now : null,
			openFlags: input.openFlags,
			selfAssessment: null,
			submittedAt: now
		});
		await tx
			.delete(referralDrafts)
			.where(and(eq(referralDrafts.userId, userId), eq(referralDrafts.exerciseId, exerciseId)));
		return { ok: true, submissionId, version };
	});
}

export type Review = {
	reviewerName: string;
	verdict: 'meets' | 'revise';
	overall: string;
	sectionComments: Partial<Record<SectionId, string>>;
	reviewedAt: Date;
};

export type Submission = {
	id: string;
	userId: string;
	courseId: string;
	exerciseId: string;
	version: number;
	text: ReferralText;
	templateCountry: string;
	locale: string;
	personalDataKinds: string[];
	fictionalConfirmed: boolean;
	openFlags: number;
	selfAssessment: Record<string, boolean> | null;
	submittedAt: Date;
	review: Review | null;
};

type SubmissionRow = typeof referralSubmissions.$inferSelect;
type ReviewRow = typeof referralReviews.$inferSelect;

function toSubmission(row: SubmissionRow, review: ReviewRow | null): Submission {
	return {
		id: row.id,
		userId: row.userId,
		courseId: row.courseId,
		exerciseId: row.exerciseId,
		version: row.version,
		text: asText(row.text),
		templateCountry: row.templateCountry,
		locale: row.locale,
		personalDataKinds: row.personalDataKinds,
		fictionalConfirmed: row.fictionalConfirmedAt !== null,
		openFlags: row.openFlags,
		selfAssessment: row.selfAssessment ?? null,
		submittedAt: row.submittedAt,
		review: review
			? {
					reviewerName: review.reviewerName,
					verdict: review.verdict,
					overall: review.overall,
					sectionComments: review.sectionComments as Partial<Record<SectionId, string>>,
					reviewedAt: review.reviewedAt
				}
			: null
	};
}

/** Every version the writer submitted of the exercise, oldest first, each with its review. */
export async function versionsOf(userId: string, exerciseId: string): Promise<Submission[]> {
	const rows = await getDb()
		.select({ submission: referralSubmissions, review: referralReviews })
		.from(referralSubmissions)
		.leftJoin(referralReviews, eq(referralReviews.submissionId, referralSubmissions.id))
		.where(
			and(eq(referralSubmissions.userId, userId), eq(referralSubmissions.exerciseId, exerciseId))
		)
		.orderBy(asc(referralSubmissions.version));
	return rows.map((row) => toSubmission(row.submission, row.review));
}

/** Whether `viewer` may read `writerId`'s submissions as an educator (or admin). */
async function educatesWriter(viewer: Viewer, writerId: string): Promise<boolean> {
	if (viewer.isAdmin) return true;
	const reach = await organisationsInReachOf(viewer);
	if (reach.length === 0) return false;
	const [row] = await getDb()
		.select({ groupId: groupMembers.groupId })
		.from(groupMembers)
		.innerJoin(groups, eq(groups.id, groupMembers.groupId))
		.where(and(eq(groupMembers.userId, writerId), inArray(groups.organisationId, reach)))
		.limit(1);
	return row !== undefined;
}

export type SubmissionAccess = {
	submission: Submission;
	/** Every version of the same exercise by the same writer, oldest first. */
	versions: Submission[];
	writerName: string;
	own: boolean;
	/** An educator of the writer (or an admin), who may review the latest unreviewed version. */
	mayReview: boolean;
};

/**
 * A submission as `viewer` may see it, or null: for the writer, the writer's educators and
 * admins. Null for everyone else, exactly as for an id that does not exist.
 */
export async function submissionFor(
	viewer: Viewer,
	submissionId: string
): Promise<SubmissionAccess | null> {
	const [row] = await getDb()
		.select({ submission: referralSubmissions, writerName: users.name })
		.from(referralSubmissions)
		.innerJoin(users, eq(users.id, referralSubmissions.userId))
		.where(eq(referralSubmissions.id, submissionId));
	if (!row) return null;
	const own = row.submission.userId === viewer.id;
	const educator = !own && (await educatesWriter(viewer, row.submission.userId));
	if (!own && !educator) return null;
	const versions = await versionsOf(row.submission.userId, row.submission.exerciseId);
	const submission = versions.find((v) => v.id === submissionId)!;
	return { submission, versions, writerName: row.writerName, own, mayReview: educator };
}

/**
 * The writer's self-assessment of a version against the checklist. Only the writer, only once
 * per version (a second post of the same form changes nothing).
 */
export async function saveSelfAssessment(
	userId: string,
	submissionId: string,
	answers: Record<string, boolean>
): Promise<'saved' | 'already' | 'not-found'> {
	return writeTransaction(async (tx) => {
		const [row] = await tx
			.select({ selfAssessment: referralSubmissions.selfAssessment })
			.from(referralSubmissions)
			.where(and(eq(referralSubmissions.id, submissionId), eq(referralSubmissions.userId, userId)));
		if (!row) return 'not-found';
		if (row.selfAssessment) return 'already';
		await tx
			.update(referralSubmissions)
			.set({ selfAssessment: answers })
			.where(
				and(eq(referralSubmissions.id, submissionId), isNull(referralSubmissions.selfAssessment))
			);
		return 'saved';
	});
}

/**
 * Starts the next version from the latest submitted text, when the writer has no draft: after a
 * "Revise", or to improve a version nobody has reviewed yet. Not after "Meets the standard".
 */
export async function startRevision(
	userId: string,
	exerciseId: string,
	now = new Date()
): Promise<'started' | 'has-draft' | 'closed' | 'nothing-submitted'> {
	return writeTransaction(async (tx) => {
		if (await isApproved(tx, userId, exerciseId)) return 'closed';
		const [draft] = await tx
			.select({ revision: referralDrafts.revision })
			.from(referralDrafts)
			.where(and(eq(referralDrafts.userId, userId), eq(referralDrafts.exerciseId, exerciseId)));
		if (draft) return 'has-draft';
		const [latest] = await tx
			.select({
				text: referralSubmissions.text,
				confirmed: referralSubmissions.fictionalConfirmedAt
			})
			.from(referralSubmissions)
			.where(
				and(eq(referralSubmissions.userId, userId), eq(referralSubmissions.exerciseId, exerciseId))
			)
			.orderBy(desc(referralSubmissions.version))
			.limit(1);
		if (!latest) return 'nothing-submitted';
		await tx.insert(referralDrafts).values({
			userId,
			exerciseId,
			text: latest.text,
			revision: 1,
			fictionalConfirmedAt: latest.confirmed ? now : null,
			updatedAt: now
		});
		return 'started';
	});
}

export type QueueItem = {
	submissionId: string;
	writerName: string;
	courseId: string;
	exerciseId: string;
	version: number;
	submittedAt: Date;
};

/**
 * Submissions waiting for `viewer`'s review, oldest first: the latest version of each writer's
 * exercise, without a review, from learners in the groups the viewer educates (all, for admins).
 */
export async function reviewQueue(viewer: Viewer): Promise<QueueItem[]> {
	const db = getDb();
	const reach = viewer.isAdmin ? null : await organisationsInReachOf(viewer);
	if (reach && reach.length === 0) return [];
	const learnersInReach = db
		.selectDistinct({ userId: groupMembers.userId })
		.from(groupMembers)
		.innerJoin(groups, eq(groups.id, groupMembers.groupId))
		.where(reach ? inArray(groups.organisationId, reach) : undefined);
	const latestVersions = db
		.select({
			userId: referralSubmissions.userId,
			exerciseId: referralSubmissions.exerciseId,
			version: max(referralSubmissions.version).as('latest_version')
		})
		.from(referralSubmissions)
		.groupBy(referralSubmissions.userId, referralSubmissions.exerciseId)
		.as('latest');
	const rows = await db
		.select({
			submissionId: referralSubmissions.id,
			writerName: users.name,
			courseId: referralSubmissions.courseId,
			exerciseId: referralSubmissions.exerciseId,
			version: referralSubmissions.version,
			submittedAt: referralSubmissions.submittedAt
		})
		.from(referralSubmissions)
		.innerJoin(
			latestVersions,
			and(
				eq(latestVersions.userId, referralSubmissions.userId),
				eq(latestVersions.exerciseId, referralSubmissions.exerciseId),
				eq(latestVersions.version, referralSubmissions.version)
			)
		)
		.innerJoin(users, eq(users.id, referralSubmissions.userId))
		.leftJoin(referralReviews, eq(referralReviews.submissionId, referralSubmissions.id))
		.where(
			and(
				isNull(referralReviews.submissionId),
				inArray(referralSubmissions.userId, learnersInReach),
				sql`${referralSubmissions.userId} <> ${viewer.id}`
			)
		)
		.orderBy(asc(referralSubmissions.submittedAt), asc(referralSubmissions.id));
	return rows;
}

export type ReviewInput = {
	verdict: 'meets' | 'revise';
	overall: string;
	sectionComments: Partial<Record<SectionId, string>>;
};

export type ReviewResult =
	| {
			ok: true;
			writerId: string;
			courseId: string;
			exerciseId: string;
			verdict: 'meets' | 'revise';
	  }
	| { ok: false; reason: 'not-found' }
	/** Reviewed already (by someone else, or a double submit), or a newer version exists. */
	| { ok: false; reason: 'already-reviewed' | 'superseded' };

/**
 * Records the review of one version and notifies the writer, in one transaction. Only the
 * writer's educators (or admins) may; never one's own work. `afterApproval` runs in the same
 * transaction when the verdict is "meets": the course may complete with it.
 */
export async function reviewSubmission(
	viewer: Viewer & { name: string },
	submissionId: string,
	input: ReviewInput,
	notification: { exerciseTitle: string; link: string },
	afterApproval: (tx: Transaction, writerId: string, courseId: string) => Promise<unknown>,
	now = new Date()
): Promise<ReviewResult> {
	const [target] = await getDb()
		.select({
			userId: referralSubmissions.userId,
			exerciseId: referralSubmissions.exerciseId,
			courseId: referralSubmissions.courseId,
			version: referralSubmissions.version
		})
		.from(referralSubmissions)
		.where(eq(referralSubmissions.id, submissionId));
	if (!target || target.userId === viewer.id || !(await educatesWriter(viewer, target.userId))) {
		return { ok: false, reason: 'not-found' };
	}
	return writeTransaction(async (tx): Promise<ReviewResult> => {
		const [newer] = await tx
			.select({ id: referralSubmissions.id })
			.from(referralSubmissions)
			.where(
				and(
					eq(referralSubmissions.userId, target.userId),
					eq(referralSubmissions.exerciseId, target.exerciseId),
					sql`${referralSubmissions.version} > ${target.version}`
				)
			)
			.limit(1);
		if (newer) return { ok: false, reason: 'superseded' };
		const inserted = await tx
			.insert(referralReviews)
			.values({
				submissionId,
				reviewerId: viewer.id,
				reviewerName: viewer.name,
				verdict: input.verdict,
				overall: input.overall,
				sectionComments: input.sectionComments,
				reviewedAt: now
			})
			.onConflictDoNothing()
			.returning({ submissionId: referralReviews.submissionId });
		if (inserted.length === 0) return { ok: false, reason: 'already-reviewed' };
		await addNotification(
			tx,
			{
				userId: target.userId,
				kind: input.verdict === 'meets' ? 'referral-meets-standard' : 'referral-revise',
				params: { exerciseTitle: notification.exerciseTitle },
				link: notification.link
			},
			now
		);
		if (input.verdict === 'meets') await afterApproval(tx, target.userId, target.courseId);
		return {
			ok: true,
			writerId: target.userId,
			courseId: target.courseId,
			exerciseId: target.exerciseId,
			verdict: input.verdict
		};
	});
}

/** Whether the learner has an exercise of the course approved ("Meets the standard"). */
export function hasApprovedExercise(
	tx: Transaction,
	userId: string,
	courseId: string
): Promise<boolean> {
	return anyApproved(tx, userId, { courseId });
}

/** The state of each exercise for the learner, for the course page and the exercise list. */
export type ExerciseState = 'not-started' | 'draft' | 'waiting' | 'revise' | 'approved';

export async function exerciseStates(
	userId: string,
	exerciseIds: string[]
): Promise<Map<string, ExerciseState>> {
	const states = new Map<string, ExerciseState>(exerciseIds.map((id) => [id, 'not-started']));
	if (exerciseIds.length === 0) return states;
	const db = getDb();
	const [drafts, submitted] = await Promise.all([
		db
			.select({ exerciseId: referralDrafts.exerciseId })
			.from(referralDrafts)
			.where(
				and(eq(referralDrafts.userId, userId), inArray(referralDrafts.exerciseId, exerciseIds))
			),
		db
			.select({
				exerciseId: referralSubmissions.exerciseId,
				version: referralSubmissions.version,
				verdict: referralReviews.verdict
			})
			.from(referralSubmissions)
			.leftJoin(referralReviews, eq(referralReviews.submissionId, referralSubmissions.id))
			.where(
				and(
					eq(referralSubmissions.userId, userId),
					inArray(referralSubmissions.exerciseId, exerciseIds)
				)
			)
			.orderBy(asc(referralSubmissions.version))
	]);
	for (const row of submitted) {
		// Later versions overwrite earlier ones; an approval anywhere stays.
		if (states.get(row.exerciseId) === 'approved') continue;
		states.set(
			row.exerciseId,
			row.verdict === 'meets' ? 'approved' : row.verdict === 'revise' ? 'revise' : 'waiting'
		);
	}
	for (const { exerciseId } of drafts) {
		if (states.get(exerciseId) !== 'approved') states.set(exerciseId, 'draft');
	}
	return states;
}

/** Drafts, submissions and the reviews of them, for deleting the account. */
export async function deleteReferralsOf(tx: Transaction, userId: string) {
	const ids = tx
		.select({ id: referralSubmissions.id })
		.from(referralSubmissions)
		.where(eq(referralSubmissions.userId, userId));
	await tx.delete(referralReviews).where(inArray(referralReviews.submissionId, ids));
	await tx.delete(referralSubmissions).where(eq(referralSubmissions.userId, userId));
	await tx.delete(referralDrafts).where(eq(referralDrafts.userId, userId));
	// Reviews the person wrote stay with the learners they were for, under the name kept there.
	await tx
		.update(referralReviews)
		.set({ reviewerId: null })
		.where(eq(referralReviews.reviewerId, userId));
}

/** What "Download my data" lists: drafts and every version with its review. */
export async function referralsExport(userId: string) {
	const db = getDb();
	const [drafts, submitted] = await Promise.all([
		db.select().from(referralDrafts).where(eq(referralDrafts.userId, userId)),
		db
			.select({ submission: referralSubmissions, review: referralReviews })
			.from(referralSubmissions)
			.leftJoin(referralReviews, eq(referralReviews.submissionId, referralSubmissions.id))
			.where(eq(referralSubmissions.userId, userId))
			.orderBy(asc(referralSubmissions.submittedAt))
	]);
	return {
		drafts: drafts.map((d) => ({
			exerciseId: d.exerciseId,
			text: asText(d.text),
			updatedAt: d.updatedAt
		})),
		submissions: submitted.map(({ submission, review }) => {
			// eslint-disable-next-line @typescript-eslint/no-unused-vars
			const { userId: _owner, ...shown } = toSubmission(submission, review);
			return shown;
		})
	};
}

/** What the writing page needs to check a draft in the browser, with the same code as here. */
export type WritingAids = {
	feedbackWords: FeedbackWords;
	personalDataWords: PersonalDataWords;
	caseNames: string[];
	kase: FeedbackCase;
};

export function writingAids(exercise: Exercise, locale: ContentLocale): WritingAids {
	return {
		feedbackWords: feedbackWords(locale),
		personalDataWords: personalDataWords(locale),
		caseNames: [exercise.case.child.name, ...exercise.case.people],
		kase: { parentsToldFirst: exercise.parentsToldFirst }
	};
}

/** The exercise as the writing page shows it: the case and the checklist, no model answer. */
export function exerciseView<E extends Exercise & { path?: string }>(exercise: E) {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { modelAnswer, path, ...shown } = exercise;
	return shown;
}

export type SectionMatch = PersonalDataMatch & { section: SectionId | `extra.${string}` };

/** Everything that looks like real personal data, section by section. */
export function scanReferral(text: ReferralText, aids: WritingAids): SectionMatch[] {
	const options = { caseNames: aids.caseNames, words: aids.personalDataWords };
	const fields: [SectionMatch['section'], string][] = [
		...SECTION_IDS.map((id): [SectionId, string] => [id, text[id]]),
		...Object.entries(text.extra ?? {}).map(([id, value]): [`extra.${string}`, string] => [
			`extra.${id}`,
			value
		])
	];
	return fields.flatMap(([section, value]) =>
		findPersonalData(value, options).map((match) => ({ ...match, section }))
	);
}

export function feedbackOn(text: ReferralText, aids: WritingAids): Flag[] {
	return reviewReferral(text, aids.feedbackWords, aids.kase);
}

const EXTRA_FIELD = /^extra\.([a-z0-9-]{1,40})$/;
const MAX_EXTRA_FIELDS = 10;

export type ReferralForm =
	| {
			ok: true;
			input: SaveInput & { openFlags: number };
			values: Record<string, string>;
			personalData: SectionMatch[];
			flags: Flag[];
	  }
	| { ok: false; values: Record<string, string>; errors: Record<string, string> };

/**
 * Reads the writing form: the eight sections, the template's extra fields (`extra.<id>`), the
 * revision the page started from and the "made up" confirmation. Runs the personal-data guard
 * and the feedback on the text, so that what is stored says what they found.
 */
export function readReferralForm(
	formData: FormData,
	exercise: Exercise,
	locale: ContentLocale
): ReferralForm {
	const values: Record<string, string> = {};
	const errors: Record<string, string> = {};
	const text = emptyText();
	const read = (name: string) => {
		const value = formData.get(name);
		return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
	};
	for (const id of SECTION_IDS) {
		text[id] = read(id);
		values[id] = text[id];
		if (text[id].length > SECTION_MAX_LENGTH) {
			errors[id] = m.referral_error_too_long({ max: SECTION_MAX_LENGTH });
		}
	}
	const extra: Record<string, string> = {};
	for (const key of formData.keys()) {
		const id = EXTRA_FIELD.exec(key)?.[1];
		if (!id || id in extra || Object.keys(extra).length >= MAX_EXTRA_FIELDS) continue;
		extra[id] = read(key);
		values[key] = extra[id];
		if (extra[id].length > SECTION_MAX_LENGTH) {
			errors[key] = m.referral_error_too_long({ max: SECTION_MAX_LENGTH });
		}
	}
	if (Object.keys(extra).length > 0) text.extra = extra;
	const baseRevision = Number(read('baseRevision'));
	const confirmFictional = read('confirmFictional') === 'on';
	values.baseRevision = String(Number.isSafeInteger(baseRevision) ? baseRevision : 0);
	if (confirmFictional) values.confirmFictional = 'on';
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	const aids = writingAids(exercise, locale);
	const personalData = scanReferral(text, aids);
	const flags = feedbackOn(text, aids);
	return {
		ok: true,
		values,
		personalData,
		flags,
		input: {
			text,
			baseRevision: Number.isSafeInteger(baseRevision) && baseRevision >= 0 ? baseRevision : 0,
			confirmFictional,
			personalDataKinds: [...new Set(personalData.map((match) => match.kind))],
			openFlags: flags.length
		}
	};
}

/** The self-assessment form: one checkbox per checklist item, `item.<id>`, ticked or not. */
export function readSelfAssessment(
	formData: FormData,
	exercise: Exercise
): Record<string, boolean> {
	return Object.fromEntries(
		exercise.checklist.map((item) => [item.id, formData.get(`item.${item.id}`) === 'on'])
	);
}

/** The longest comment a reviewer may write, per section and overall. */
export const COMMENT_MAX_LENGTH = 4_000;

export type ReviewForm =
	| { ok: true; input: ReviewInput; values: Record<string, string> }
	| { ok: false; values: Record<string, string>; errors: Record<string, string> };

/**
 * The review form: a comment per section (`comment.<section>`), an overall comment and the
 * verdict, from the button pressed. "Revise" needs at least one comment: the learner must be
 * told what to change.
 */
export function readReviewForm(formData: FormData): ReviewForm {
	const values: Record<string, string> = {};
	const errors: Record<string, string> = {};
	const read = (name: string) => {
		const value = formData.get(name);
		return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
	};
	const sectionComments: Partial<Record<SectionId, string>> = {};
	for (const id of SECTION_IDS) {
		const comment = read(`comment.${id}`);
		values[`comment.${id}`] = comment;
		if (comment.length > COMMENT_MAX_LENGTH) {
			errors[`comment.${id}`] = m.referral_error_too_long({ max: COMMENT_MAX_LENGTH });
		} else if (comment) sectionComments[id] = comment;
	}
	const overall = read('overall');
	values.overall = overall;
	if (overall.length > COMMENT_MAX_LENGTH) {
		errors.overall = m.referral_error_too_long({ max: COMMENT_MAX_LENGTH });
	}
	const verdict = read('verdict');
	if (verdict !== 'meets' && verdict !== 'revise')
		errors.verdict = m.referral_review_error_verdict();
	if (verdict === 'revise' && !overall && Object.keys(sectionComments).length === 0) {
		errors.overall = m.referral_review_error_revise_comment();
	}
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	return {
		ok: true,
		values,
		input: { verdict: verdict as 'meets' | 'revise', overall, sectionComments }
	};
}
