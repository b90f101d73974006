import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, writeTransaction, type Transaction } from '$lib/server/db';
import {
	certificates,
	courseCompletions,
	notifications,
	referralDrafts,
	referralReviews,
	referralSubmissions,
	users
} from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import { SECTION_IDS, type ReferralText } from '$lib/referral-sections';
import {
	SECTION_MAX_LENGTH,
	COMMENT_MAX_LENGTH,
	draftOf,
	emptyText,
	exerciseStates,
	readReferralForm,
	readReviewForm,
	reviewQueue,
	reviewSubmission,
	saveDraft,
	saveSelfAssessment,
	startRevision,
	submissionFor,
	submitDraft,
	versionsOf,
	type ReviewInput,
	type SaveInput,
	type SubmitInput,
	type Viewer
} from '$lib/server/referrals';
import { registerAccount } from '$lib/server/accounts';
import { addToGroup, createGroup, removeFromGroup } from '$lib/server/groups';
import { createOrganisation, makeEducator } from '$lib/server/organisations';
import { completeCourseIfDone, completeLesson } from '$lib/server/progress';
import { startAttempt, submitAttempt } from '$lib/server/quizzes';
import { deleteAccount, exportPersonalData } from '$lib/server/privacy';
import { exerciseEntry } from '$lib/server/__fixtures__/exercise';
import {
	HOUR,
	MINUTE,
	T0,
	answersWith,
	insertUser,
	later,
	makeCourse
} from '$lib/server/__fixtures__/learning';

useTestDatabase();

const EXERCISE = 'fa-ex-mia';
const course = makeCourse({ id: 'writing-course' });

/** A report with a few sections written; the rest empty. */
function report(observations = 'On 15 September at 09:30 Ola and I saw open sores on her legs.') {
	return {
		...emptyText(),
		reporter: 'I am a pedagogue in the toddler group.',
		child: 'Mia, 3 years, in the toddler group since August.',
		observations
	} satisfies ReferralText;
}

function save(
	userId: string,
	text: ReferralText,
	baseRevision: number,
	more: Partial<SaveInput> = {},
	now = T0
) {
	return saveDraft(
		userId,
		EXERCISE,
		{ text, baseRevision, confirmFictional: false, personalDataKinds: [], ...more },
		now
	);
}

function submit(
	userId: string,
	text: ReferralText,
	baseRevision: number,
	{
		exerciseId = EXERCISE,
		now = T0,
		...more
	}: Partial<SubmitInput> & { exerciseId?: string; now?: Date } = {}
) {
	return submitDraft(
		userId,
		exerciseId,
		{
			text,
			baseRevision,
			confirmFictional: false,
			personalDataKinds: [],
			courseId: course.id,
			templateCountry: 'NO',
			locale: 'en',
			openFlags: 0,
			...more
		},
		now
	);
}

/**
 * Submits the next version of the exercise the way the page does: a revision is started from
 * the latest version when there is one, and the page's draft revision is sent along.
 */
async function submitVersion(
	userId: string,
	{
		exerciseId = EXERCISE,
		now = T0,
		text = report(),
		courseId = course.id
	}: { exerciseId?: string; now?: Date; text?: ReferralText; courseId?: string } = {}
): Promise<string> {
	if ((await versionsOf(userId, exerciseId)).length > 0) {
		expect(await startRevision(userId, exerciseId, now)).toBe('started');
	}
	const draft = await draftOf(userId, exerciseId);
	const result = await submit(userId, text, draft?.revision ?? 0, { exerciseId, now, courseId });
	if (!result.ok) throw new Error(`not submitted: ${result.reason}`);
	return result.submissionId;
}

async function organisation(name: string, parentId: string | null = null) {
	const created = await createOrganisation({ name, parentId }, T0);
	if (!created.ok) throw new Error(created.reason);
	return created.organisation;
}

type Reviewer = Viewer & { name: string };

/** A kindergarten with one group and an educator of it. */
async function kindergarten(name: string, parentId: string | null = null) {
	const kindergarten = await organisation(name, parentId);
	const educatorName = `Educator at ${name}`;
	const educatorId = await insertUser(educatorName);
	await makeEducator(kindergarten.id, educatorId, T0);
	const group = await createGroup(kindergarten.id, 'New staff, autumn', T0);
	const educator: Reviewer = { id: educatorId, isAdmin: false, name: educatorName };
	return { kindergarten, group, educator };
}

async function join(group: { id: string; organisationId: string }, userId: string) {
	await writeTransaction((tx) => addToGroup(tx, group, userId, T0));
}

async function learnerIn(group: { id: string; organisationId: string }, name = 'Lea Learner') {
	const id = await insertUser(name);
	await join(group, id);
	return id;
}

const NOTICE = { exerciseTitle: 'Mia, 3 years', link: '/referrals/some-id' };
const REVISE: ReviewInput = {
	verdict: 'revise',
	overall: 'Keep what you saw apart from what you think.',
	sectionComments: { observations: 'Which day was this?' }
};
const MEETS: ReviewInput = { verdict: 'meets', overall: 'Clear and factual.', sectionComments: {} };
const nothingAfterApproval = async () => undefined;

function review(
	reviewer: Reviewer,
	submissionId: string,
	input: ReviewInput,
	afterApproval: (
		tx: Transaction,
		writerId: string,
		courseId: string
	) => Promise<unknown> = nothingAfterApproval,
	now = later(HOUR)
) {
	return reviewSubmission(reviewer, submissionId, input, NOTICE, afterApproval, now);
}

async function notificationsOf(userId: string) {
	return getDb()
		.select({ kind: notifications.kind, params: notifications.params, link: notifications.link })
		.from(notifications)
		.where(eq(notifications.userId, userId));
}

describe('saveDraft', () => {
	it('stores the first save as revision 1 and each following save as the next', async () => {
		const writer = await insertUser();
		expect(await draftOf(writer, EXERCISE)).toBeNull();

		expect(await save(writer, report('First words.'), 0)).toEqual({ ok: true, revision: 1 });
		expect(await draftOf(writer, EXERCISE)).toEqual({
			text: report('First words.'),
			revision: 1,
			fictionalConfirmed: false,
			updatedAt: T0
		});

		const saved = await save(writer, report('Second words.'), 1, {}, later(MINUTE));
		expect(saved).toEqual({ ok: true, revision: 2 });
		expect(await draftOf(writer, EXERCISE)).toMatchObject({
			text: report('Second words.'),
			revision: 2,
			updatedAt: later(MINUTE)
		});
	});

	it('refuses a save from an older revision as stale, and keeps the newer text', async () => {
		const writer = await insertUser();
		await save(writer, report('From the first tab.'), 0);
		await save(writer, report('Newer, from the second tab.'), 1);

		expect(await save(writer, report('Late autosave of the first tab.'), 1)).toEqual({
			ok: false,
			reason: 'stale',
			revision: 2
		});
		expect(await save(writer, report('A page that never saw a draft.'), 0)).toEqual({
			ok: false,
			reason: 'stale',
			revision: 2
		});
		expect(await draftOf(writer, EXERCISE)).toMatchObject({
			text: report('Newer, from the second tab.'),
			revision: 2
		});
	});

	it('refuses personal-data look-alikes without confirmation, and stores nothing', async () => {
		const writer = await insertUser();
		const withNumber = report('Her fødselsnummer is 24122150018.');

		expect(await save(writer, withNumber, 0, { personalDataKinds: ['no-fnr', 'phone'] })).toEqual({
			ok: false,
			reason: 'personal-data',
			kinds: ['no-fnr', 'phone']
		});
		expect(await draftOf(writer, EXERCISE)).toBeNull();

		// An existing draft is not overwritten either.
		await save(writer, report(), 0);
		expect(await save(writer, withNumber, 1, { personalDataKinds: ['no-fnr'] })).toMatchObject({
			ok: false,
			reason: 'personal-data'
		});
		expect(await draftOf(writer, EXERCISE)).toMatchObject({ text: report(), revision: 1 });
	});

	it('stores personal-data look-alikes once the writer confirms they are made up', async () => {
		const writer = await insertUser();
		const withNumber = report('Her fødselsnummer is 24122150018.');

		const saved = await save(writer, withNumber, 0, {
			personalDataKinds: ['no-fnr'],
			confirmFictional: true
		});

		expect(saved).toEqual({ ok: true, revision: 1 });
		expect(await draftOf(writer, EXERCISE)).toMatchObject({
			text: withNumber,
			fictionalConfirmed: true
		});
	});

	it('lets exactly one of two saves from the same revision win', async () => {
		const writer = await insertUser();
		await save(writer, report('Start.'), 0);

		const results = await Promise.all([
			save(writer, report('Autosave.'), 1),
			save(writer, report('Save draft button.'), 1)
		]);

		const won = results.filter((r) => r.ok);
		expect(won).toEqual([{ ok: true, revision: 2 }]);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'stale', revision: 2 }]);
		const winner = results[0].ok ? 'Autosave.' : 'Save draft button.';
		expect(await draftOf(writer, EXERCISE)).toMatchObject({ text: report(winner), revision: 2 });
	});

	it('keeps each writer and each exercise apart', async () => {
		const ada = await insertUser('Ada');
		const bo = await insertUser('Bo');
		await save(ada, report('Ada writes.'), 0);
		await save(bo, report('Bo writes.'), 0);
		await saveDraft(ada, 'fa-ex-other', {
			text: report('Ada, other exercise.'),
			baseRevision: 0,
			confirmFictional: false,
			personalDataKinds: []
		});

		expect((await draftOf(ada, EXERCISE))?.text).toEqual(report('Ada writes.'));
		expect((await draftOf(bo, EXERCISE))?.text).toEqual(report('Bo writes.'));
		expect((await draftOf(ada, 'fa-ex-other'))?.text).toEqual(report('Ada, other exercise.'));
	});

	it('does not bring a draft back after the page was submitted (a late autosave)', async () => {
		const writer = await insertUser();
		// Written and submitted at once, without a save: the page's revision is 0.
		const submitted = await submit(writer, report(), 0);
		expect(submitted.ok).toBe(true);

		expect(await save(writer, report('Typed after pressing submit.'), 0)).toEqual({
			ok: false,
			reason: 'stale',
			revision: 0
		});
		expect(await draftOf(writer, EXERCISE)).toBeNull();
		expect((await exerciseStates(writer, [EXERCISE])).get(EXERCISE)).toBe('waiting');
	});
});

describe('submitDraft', () => {
	it('freezes the text as version 1 and removes the draft', async () => {
		const writer = await insertUser('Sigrid Writer');
		await save(writer, report(), 0);

		const result = await submit(writer, report(), 1, { openFlags: 3, now: later(MINUTE) });

		expect(result).toEqual({ ok: true, submissionId: expect.any(String), version: 1 });
		expect(await draftOf(writer, EXERCISE)).toBeNull();
		const versions = await versionsOf(writer, EXERCISE);
		expect(versions).toEqual([
			{
				id: result.ok ? result.submissionId : '',
				userId: writer,
				courseId: course.id,
				exerciseId: EXERCISE,
				version: 1,
				text: report(),
				templateCountry: 'NO',
				locale: 'en',
				personalDataKinds: [],
				fictionalConfirmed: false,
				openFlags: 3,
				selfAssessment: null,
				submittedAt: later(MINUTE),
				review: null
			}
		]);
	});

	it('answers a second submit of the same page with the first version, and stores once', async () => {
		const writer = await insertUser();
		await save(writer, report(), 0);
		const first = await submit(writer, report(), 1);
		if (!first.ok) throw new Error(first.reason);

		expect(await submit(writer, report(), 1)).toEqual({
			ok: false,
			reason: 'already-submitted',
			submissionId: first.submissionId
		});
		expect(await versionsOf(writer, EXERCISE)).toHaveLength(1);
		expect(await draftOf(writer, EXERCISE)).toBeNull();
	});

	it('stores once when the same page is submitted twice at the same moment', async () => {
		const writer = await insertUser();
		await save(writer, report(), 0);

		const results = await Promise.all([submit(writer, report(), 1), submit(writer, report(), 1)]);

		const [stored] = await versionsOf(writer, EXERCISE);
		expect(await versionsOf(writer, EXERCISE)).toHaveLength(1);
		expect(results).toEqual(
			expect.arrayContaining([
				{ ok: true, submissionId: stored.id, version: 1 },
				{ ok: false, reason: 'already-submitted', submissionId: stored.id }
			])
		);
	});

	it('stores once when a page that was never saved is submitted twice', async () => {
		// Without JavaScript a learner can write everything and press Submit straight away.
		const writer = await insertUser();

		const results = await Promise.all([submit(writer, report(), 0), submit(writer, report(), 0)]);

		const versions = await versionsOf(writer, EXERCISE);
		expect(versions).toHaveLength(1);
		expect(results).toEqual(
			expect.arrayContaining([
				{ ok: true, submissionId: versions[0].id, version: 1 },
				{ ok: false, reason: 'already-submitted', submissionId: versions[0].id }
			])
		);
		expect(await submit(writer, report(), 0)).toEqual({
			ok: false,
			reason: 'already-submitted',
			submissionId: versions[0].id
		});
		expect(await versionsOf(writer, EXERCISE)).toHaveLength(1);
	});

	it('refuses a page whose draft was saved again meanwhile, and keeps the draft', async () => {
		const writer = await insertUser();
		await save(writer, report('Old.'), 0);
		await save(writer, report('Newer, from another tab.'), 1);

		expect(await submit(writer, report('Old.'), 1)).toEqual({
			ok: false,
			reason: 'stale',
			revision: 2
		});
		expect(await versionsOf(writer, EXERCISE)).toEqual([]);
		expect(await draftOf(writer, EXERCISE)).toMatchObject({
			text: report('Newer, from another tab.'),
			revision: 2
		});
	});

	it('refuses personal-data look-alikes without confirmation, and records the confirmation', async () => {
		const writer = await insertUser();
		const withNumber = report('Call her mother on 912 34 567.');

		expect(await submit(writer, withNumber, 0, { personalDataKinds: ['phone'] })).toEqual({
			ok: false,
			reason: 'personal-data',
			kinds: ['phone']
		});
		expect(await versionsOf(writer, EXERCISE)).toEqual([]);

		const result = await submit(writer, withNumber, 0, {
			personalDataKinds: ['phone'],
			confirmFictional: true
		});
		expect(result).toMatchObject({ ok: true, version: 1 });
		expect(await versionsOf(writer, EXERCISE)).toEqual([
			expect.objectContaining({ personalDataKinds: ['phone'], fictionalConfirmed: true })
		]);
	});

	it('numbers the versions after a revision is started: 1, 2, 3', async () => {
		const writer = await insertUser();
		await submitVersion(writer, { text: report('Version one.') });
		await submitVersion(writer, { text: report('Version two.'), now: later(HOUR) });
		await submitVersion(writer, { text: report('Version three.'), now: later(2 * HOUR) });

		const versions = await versionsOf(writer, EXERCISE);
		expect(versions.map((v) => [v.version, v.text.observations])).toEqual([
			[1, 'Version one.'],
			[2, 'Version two.'],
			[3, 'Version three.']
		]);
	});
});

describe('startRevision', () => {
	it('needs a submitted version', async () => {
		const writer = await insertUser();
		expect(await startRevision(writer, EXERCISE)).toBe('nothing-submitted');
		expect(await draftOf(writer, EXERCISE)).toBeNull();
	});

	it('copies the latest version into a new draft, with its confirmation', async () => {
		const writer = await insertUser();
		await submitVersion(writer, { text: report('Version one.') });
		await submitVersion(writer, { text: report('Version two.') });
		await submit(writer, report('Version two.'), 1); // a double submit changes nothing

		expect(await startRevision(writer, EXERCISE, later(HOUR))).toBe('started');
		expect(await draftOf(writer, EXERCISE)).toEqual({
			text: report('Version two.'),
			revision: 1,
			fictionalConfirmed: false,
			updatedAt: later(HOUR)
		});

		const confirmed = await insertUser();
		await submit(confirmed, report(), 0, { personalDataKinds: ['email'], confirmFictional: true });
		await startRevision(confirmed, EXERCISE);
		expect(await draftOf(confirmed, EXERCISE)).toMatchObject({ fictionalConfirmed: true });
	});

	it('leaves a draft that is being written alone', async () => {
		const writer = await insertUser();
		await submitVersion(writer);
		expect(await startRevision(writer, EXERCISE)).toBe('started');
		await save(writer, report('Changed in the new version.'), 1);

		expect(await startRevision(writer, EXERCISE)).toBe('has-draft');
		expect(await draftOf(writer, EXERCISE)).toMatchObject({
			text: report('Changed in the new version.'),
			revision: 2
		});
	});

	it('is closed once a version meets the standard, and so are saving and submitting', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await learnerIn(group);
		const id = await submitVersion(writer);
		expect(await review(educator, id, MEETS)).toMatchObject({ ok: true });

		expect(await startRevision(writer, EXERCISE)).toBe('closed');
		expect(await save(writer, report(), 0)).toEqual({ ok: false, reason: 'closed' });
		expect(await submit(writer, report(), 0)).toEqual({ ok: false, reason: 'closed' });
		expect(await draftOf(writer, EXERCISE)).toBeNull();
		expect(await versionsOf(writer, EXERCISE)).toHaveLength(1);
	});
});

describe('submissionFor', () => {
	async function scene() {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const elsewhere = await kindergarten('Solbakken kindergarten');
		const writer = await learnerIn(group, 'Sigrid Writer');
		const classmate = await learnerIn(group, 'Classmate');
		const submissionId = await submitVersion(writer);
		return { group, educator, elsewhere, writer, classmate, submissionId };
	}

	it('shows the writer their own submission, which they may not review', async () => {
		const { writer, submissionId } = await scene();

		const access = await submissionFor({ id: writer, isAdmin: false }, submissionId);

		expect(access).toMatchObject({
			submission: { id: submissionId, userId: writer, version: 1, text: report() },
			versions: [{ id: submissionId }],
			writerName: 'Sigrid Writer',
			own: true,
			mayReview: false
		});
	});

	it('shows it to an educator of a group the writer is in, and of the municipality above', async () => {
		const municipality = await organisation('Fjordvik municipality');
		const { group, educator } = await kindergarten('Lilletun kindergarten', municipality.id);
		const municipalEducator = await insertUser('Municipal Educator');
		await makeEducator(municipality.id, municipalEducator, T0);
		const writer = await learnerIn(group, 'Sigrid Writer');
		const first = await submitVersion(writer);
		const second = await submitVersion(writer);

		for (const viewer of [educator, { id: municipalEducator, isAdmin: false }]) {
			const access = await submissionFor(viewer, first);
			expect(access).toMatchObject({ own: false, mayReview: true, writerName: 'Sigrid Writer' });
			expect(access?.submission.id).toBe(first);
			expect(access?.versions.map((v) => v.id)).toEqual([first, second]);
		}
	});

	it('shows it to an admin, who may review it', async () => {
		const { submissionId } = await scene();
		const admin = await insertUser('Admin');

		expect(await submissionFor({ id: admin, isAdmin: true }, submissionId)).toMatchObject({
			own: false,
			mayReview: true
		});
	});

	it('gives everyone else nothing, exactly as for an id that does not exist', async () => {
		const { elsewhere, classmate, submissionId, writer } = await scene();
		const stranger = await insertUser('Stranger');

		expect(await submissionFor(elsewhere.educator, submissionId)).toBeNull();
		expect(await submissionFor({ id: classmate, isAdmin: false }, submissionId)).toBeNull();
		expect(await submissionFor({ id: stranger, isAdmin: false }, submissionId)).toBeNull();
		expect(await submissionFor({ id: writer, isAdmin: false }, crypto.randomUUID())).toBeNull();
		expect(await submissionFor({ id: writer, isAdmin: true }, 'not-an-id')).toBeNull();
	});

	it('follows the writer into and out of the educator’s groups', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await insertUser('Sigrid Writer');
		const submissionId = await submitVersion(writer);
		expect(await submissionFor(educator, submissionId)).toBeNull();

		await join(group, writer);
		expect(await submissionFor(educator, submissionId)).toMatchObject({ mayReview: true });

		await removeFromGroup(group.id, writer, T0);
		expect(await submissionFor(educator, submissionId)).toBeNull();
		expect(await review(educator, submissionId, MEETS)).toEqual({ ok: false, reason: 'not-found' });
	});
});

describe('reviewQueue', () => {
	it('lists the latest unreviewed version of each exercise in reach, oldest first', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const elsewhere = await kindergarten('Solbakken kindergarten');
		const ada = await learnerIn(group, 'Ada');
		const bo = await learnerIn(group, 'Bo');
		const cy = await learnerIn(group, 'Cy');
		const outsider = await learnerIn(elsewhere.group, 'Outsider');
		// The educator practises too, in their own group: never in their own queue.
		await join(group, educator.id);

		const adaFirst = await submitVersion(ada, { now: later(2 * HOUR) });
		const boFirst = await submitVersion(bo, { now: later(1 * HOUR) });
		// Bo improves the version before anyone reviews it: only the newer one waits.
		const boSecond = await submitVersion(bo, { now: later(5 * HOUR) });
		const cyFirst = await submitVersion(cy, { now: later(3 * HOUR) });
		await review(educator, cyFirst, REVISE);
		const cySecond = await submitVersion(cy, { now: later(4 * HOUR) });
		const adaOther = await submitVersion(ada, { exerciseId: 'fa-ex-other', now: T0 });
		const reviewed = await learnerIn(group, 'Done');
		await review(educator, await submitVersion(reviewed, { now: later(MINUTE) }), MEETS);
		const outsiderId = await submitVersion(outsider, { now: later(30 * MINUTE) });
		const ownId = await submitVersion(educator.id, { now: later(10 * MINUTE) });

		const queue = await reviewQueue(educator);

		expect(queue.map((item) => item.submissionId)).toEqual([
			adaOther,
			adaFirst,
			cySecond,
			boSecond
		]);
		expect(queue[0]).toEqual({
			submissionId: adaOther,
			writerName: 'Ada',
			courseId: course.id,
			exerciseId: 'fa-ex-other',
			version: 1,
			submittedAt: T0
		});
		expect(queue.find((item) => item.submissionId === boSecond)?.version).toBe(2);
		expect(queue.map((item) => item.submissionId)).not.toContain(boFirst);

		expect((await reviewQueue(elsewhere.educator)).map((item) => item.submissionId)).toEqual([
			outsiderId
		]);
		const admin = { id: await insertUser('Admin'), isAdmin: true };
		expect((await reviewQueue(admin)).map((item) => item.submissionId)).toEqual([
			adaOther,
			ownId,
			outsiderId,
			adaFirst,
			cySecond,
			boSecond
		]);
	});

	it('is empty for someone who educates no one', async () => {
		const { group } = await kindergarten('Lilletun kindergarten');
		const writer = await learnerIn(group);
		const classmate = await learnerIn(group, 'Classmate');
		await submitVersion(writer);

		expect(await reviewQueue({ id: classmate, isAdmin: false })).toEqual([]);
		expect(await reviewQueue({ id: await insertUser('Stranger'), isAdmin: false })).toEqual([]);
	});
});

describe('reviewSubmission', () => {
	async function waiting() {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await learnerIn(group, 'Sigrid Writer');
		const submissionId = await submitVersion(writer);
		return { group, educator, writer, submissionId };
	}

	it('records a Revise with its comments and tells the writer', async () => {
		const { educator, writer, submissionId } = await waiting();
		const afterApproval = vi.fn(nothingAfterApproval);

		const result = await review(educator, submissionId, REVISE, afterApproval, later(HOUR));

		expect(result).toEqual({
			ok: true,
			writerId: writer,
			courseId: course.id,
			exerciseId: EXERCISE,
			verdict: 'revise'
		});
		const [version] = await versionsOf(writer, EXERCISE);
		expect(version.review).toEqual({
			reviewerName: educator.name,
			verdict: 'revise',
			overall: REVISE.overall,
			sectionComments: { observations: 'Which day was this?' },
			reviewedAt: later(HOUR)
		});
		expect(await notificationsOf(writer)).toEqual([
			{ kind: 'referral-revise', params: { exerciseTitle: 'Mia, 3 years' }, link: NOTICE.link }
		]);
		expect(await notificationsOf(educator.id)).toEqual([]);
		expect(afterApproval).not.toHaveBeenCalled();
		expect((await exerciseStates(writer, [EXERCISE])).get(EXERCISE)).toBe('revise');
	});

	it('records Meets the standard, tells the writer, and runs what follows an approval', async () => {
		const { educator, writer, submissionId } = await waiting();
		const afterApproval = vi.fn(nothingAfterApproval);

		expect(await review(educator, submissionId, MEETS, afterApproval)).toMatchObject({
			ok: true,
			verdict: 'meets'
		});

		expect(afterApproval).toHaveBeenCalledOnce();
		expect(afterApproval).toHaveBeenCalledWith(expect.anything(), writer, course.id);
		expect(await notificationsOf(writer)).toEqual([
			{
				kind: 'referral-meets-standard',
				params: { exerciseTitle: 'Mia, 3 years' },
				link: NOTICE.link
			}
		]);
	});

	it('stores nothing when what follows an approval fails', async () => {
		const { educator, writer, submissionId } = await waiting();
		const failing = async () => {
			throw new Error('certificate could not be issued');
		};

		await expect(review(educator, submissionId, MEETS, failing)).rejects.toThrow('certificate');

		expect((await versionsOf(writer, EXERCISE))[0].review).toBeNull();
		expect(await notificationsOf(writer)).toEqual([]);
	});

	it('takes one review per version: a second one is told it is already reviewed', async () => {
		const { group, educator, writer, submissionId } = await waiting();
		const colleague: Reviewer = {
			id: await insertUser('Colleague'),
			isAdmin: false,
			name: 'Colleague'
		};
		await makeEducator(group.organisationId, colleague.id, T0);

		expect(await review(educator, submissionId, REVISE)).toMatchObject({ ok: true });
		expect(await review(colleague, submissionId, MEETS)).toEqual({
			ok: false,
			reason: 'already-reviewed'
		});
		expect(await review(educator, submissionId, REVISE)).toEqual({
			ok: false,
			reason: 'already-reviewed'
		});
		expect((await versionsOf(writer, EXERCISE))[0].review).toMatchObject({
			reviewerName: educator.name,
			verdict: 'revise'
		});
		expect(await notificationsOf(writer)).toHaveLength(1);
	});

	it('stores one review when two arrive at once', async () => {
		const { educator, writer, submissionId } = await waiting();
		const afterApproval = vi.fn(nothingAfterApproval);

		const results = await Promise.all([
			review(educator, submissionId, MEETS, afterApproval),
			review(educator, submissionId, MEETS, afterApproval)
		]);

		expect(results).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ ok: true }),
				{ ok: false, reason: 'already-reviewed' }
			])
		);
		expect(await getDb().select().from(referralReviews)).toHaveLength(1);
		expect(await notificationsOf(writer)).toHaveLength(1);
		expect(afterApproval).toHaveBeenCalledOnce();
	});

	it('refuses an older version once a newer one is in', async () => {
		const { educator, writer, submissionId } = await waiting();
		const newer = await submitVersion(writer);

		expect(await review(educator, submissionId, MEETS)).toEqual({
			ok: false,
			reason: 'superseded'
		});
		expect(await getDb().select().from(referralReviews)).toEqual([]);
		expect(await review(educator, newer, MEETS)).toMatchObject({ ok: true });
	});

	it('does not exist for anyone out of reach, nor for the writer', async () => {
		const { group, writer, submissionId } = await waiting();
		const elsewhere = await kindergarten('Solbakken kindergarten');
		const classmate = await learnerIn(group, 'Classmate');
		const admin: Reviewer = { id: await insertUser('Admin'), isAdmin: true, name: 'Admin' };
		const adminsOwn = await submitVersion(admin.id);

		for (const [reviewer, id] of [
			[elsewhere.educator, submissionId],
			[{ id: classmate, isAdmin: false, name: 'Classmate' }, submissionId],
			[{ id: writer, isAdmin: false, name: 'Sigrid Writer' }, submissionId],
			[{ id: writer, isAdmin: true, name: 'Sigrid Writer' }, submissionId],
			[admin, adminsOwn],
			[admin, crypto.randomUUID()]
		] as const) {
			expect(await review(reviewer, id, MEETS)).toEqual({ ok: false, reason: 'not-found' });
		}
		expect(await getDb().select().from(referralReviews)).toEqual([]);
		expect(await review(admin, submissionId, MEETS)).toMatchObject({ ok: true });
	});
});

describe('completing a course that requires an approved exercise', () => {
	async function verifiedLearnerIn(group: { id: string; organisationId: string }) {
		const id = await learnerIn(group, 'Sigrid Writer');
		await getDb().update(users).set({ emailVerifiedAt: T0 }).where(eq(users.id, id));
		return id;
	}

	async function finishLessonsAndQuiz(userId: string, theCourse: typeof course, now = T0) {
		for (const lesson of theCourse.lessons) {
			await completeLesson(userId, theCourse, lesson.id, 60, now);
		}
		const attempt = await startAttempt(userId, theCourse, now);
		const result = await submitAttempt(userId, theCourse, attempt.id, answersWith(), now);
		if (!result.ok) throw new Error(result.reason);
		return result;
	}

	async function completionsOf(userId: string) {
		return getDb()
			.select({ courseId: courseCompletions.courseId, completedAt: courseCompletions.completedAt })
			.from(courseCompletions)
			.where(eq(courseCompletions.userId, userId));
	}

	async function certificatesOf(userId: string) {
		return getDb()
			.select({ courseId: certificates.courseId })
			.from(certificates)
			.where(eq(certificates.userId, userId));
	}

	const strict = makeCourse({ id: 'writing-course', requiresApprovedExercise: true });
	const completeOnApproval = (tx: Transaction, writerId: string, courseId: string) => {
		expect(courseId).toBe(strict.id);
		return completeCourseIfDone(tx, writerId, strict, later(2 * HOUR));
	};

	it('waits for the approval, then completes and issues the certificate', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await verifiedLearnerIn(group);

		const passed = await finishLessonsAndQuiz(writer, strict);
		expect(passed.courseCompleted).toBe(false);
		expect(await completionsOf(writer)).toEqual([]);

		// A Revise, and an approval of an exercise of another course, do not count.
		const first = await submitVersion(writer);
		await review(educator, first, REVISE, completeOnApproval);
		const elsewhere = await submitVersion(writer, {
			exerciseId: 'other-course-exercise',
			courseId: 'another-course'
		});
		await review(educator, elsewhere, MEETS, (tx, writerId) =>
			completeCourseIfDone(tx, writerId, strict, later(HOUR))
		);
		expect(await completionsOf(writer)).toEqual([]);
		expect(await certificatesOf(writer)).toEqual([]);

		const second = await submitVersion(writer);
		expect(await review(educator, second, MEETS, completeOnApproval)).toMatchObject({ ok: true });

		expect(await completionsOf(writer)).toEqual([
			{ courseId: strict.id, completedAt: later(2 * HOUR) }
		]);
		expect(await certificatesOf(writer)).toEqual([{ courseId: strict.id }]);
	});

	it('completes at the passed quiz when the exercise was approved first', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await verifiedLearnerIn(group);
		await review(educator, await submitVersion(writer), MEETS, completeOnApproval);
		expect(await completionsOf(writer)).toEqual([]);

		const passed = await finishLessonsAndQuiz(writer, strict, later(3 * HOUR));

		expect(passed.courseCompleted).toBe(true);
		expect(await completionsOf(writer)).toEqual([
			{ courseId: strict.id, completedAt: later(3 * HOUR) }
		]);
		expect(await certificatesOf(writer)).toEqual([{ courseId: strict.id }]);
	});

	it('changes nothing for a course that does not ask for it', async () => {
		const { group } = await kindergarten('Lilletun kindergarten');
		const writer = await verifiedLearnerIn(group);

		const passed = await finishLessonsAndQuiz(writer, course);

		expect(passed.courseCompleted).toBe(true);
		expect(await completionsOf(writer)).toEqual([{ courseId: course.id, completedAt: T0 }]);
		expect(await certificatesOf(writer)).toEqual([{ courseId: course.id }]);
	});
});

describe('saveSelfAssessment', () => {
	it('takes the writer’s answers once', async () => {
		const writer = await insertUser();
		const id = await submitVersion(writer);
		const answers = { dated: true, quoted: false, done: true };

		expect(await saveSelfAssessment(writer, id, answers)).toBe('saved');
		expect(await saveSelfAssessment(writer, id, { dated: false })).toBe('already');

		expect((await versionsOf(writer, EXERCISE))[0].selfAssessment).toEqual(answers);
	});

	it('takes one of two that arrive at once', async () => {
		const writer = await insertUser();
		const id = await submitVersion(writer);

		const results = await Promise.all([
			saveSelfAssessment(writer, id, { dated: true }),
			saveSelfAssessment(writer, id, { dated: false })
		]);

		expect([...results].sort()).toEqual(['already', 'saved']);
		const stored = (await versionsOf(writer, EXERCISE))[0].selfAssessment;
		expect(stored).toEqual({ dated: results[0] === 'saved' });
	});

	it('does not exist for anyone but the writer', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await learnerIn(group);
		const id = await submitVersion(writer);

		expect(await saveSelfAssessment(educator.id, id, { dated: true })).toBe('not-found');
		expect(await saveSelfAssessment(writer, crypto.randomUUID(), { dated: true })).toBe(
			'not-found'
		);
		expect((await versionsOf(writer, EXERCISE))[0].selfAssessment).toBeNull();
	});
});

describe('exerciseStates', () => {
	it('tells not started, draft, waiting, revise and approved apart', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await learnerIn(group);
		const [untouched, drafted, waitingOne, revised, approved, revising] = [
			'ex-untouched',
			'ex-drafted',
			'ex-waiting',
			'ex-revised',
			'ex-approved',
			'ex-revising'
		];
		await saveDraft(writer, drafted, {
			text: report(),
			baseRevision: 0,
			confirmFictional: false,
			personalDataKinds: []
		});
		await submitVersion(writer, { exerciseId: waitingOne });
		await review(educator, await submitVersion(writer, { exerciseId: revised }), REVISE);
		await review(educator, await submitVersion(writer, { exerciseId: approved }), MEETS);
		await review(educator, await submitVersion(writer, { exerciseId: revising }), REVISE);
		await startRevision(writer, revising);
		// Another learner's work does not count.
		const other = await learnerIn(group, 'Other');
		await submitVersion(other, { exerciseId: untouched });

		const states = await exerciseStates(writer, [
			untouched,
			drafted,
			waitingOne,
			revised,
			approved,
			revising
		]);

		expect(Object.fromEntries(states)).toEqual({
			[untouched]: 'not-started',
			[drafted]: 'draft',
			[waitingOne]: 'waiting',
			[revised]: 'revise',
			[approved]: 'approved',
			[revising]: 'draft'
		});
		expect(await exerciseStates(writer, [])).toEqual(new Map());
	});

	it('follows the latest version: a Revise and a new version wait again', async () => {
		const { group, educator } = await kindergarten('Lilletun kindergarten');
		const writer = await learnerIn(group);
		await review(educator, await submitVersion(writer), REVISE);
		await submitVersion(writer);

		expect((await exerciseStates(writer, [EXERCISE])).get(EXERCISE)).toBe('waiting');
	});
});

describe('deleting an account and exporting personal data', () => {
	async function account(name: string, email: string) {
		const result = await registerAccount(
			{ name, email, password: 'violet kettle', locale: 'en' },
			T0
		);
		if (!result.ok) throw new Error('registration failed');
		return result.user.id;
	}

	async function rowsOf(userId: string) {
		const db = getDb();
		const drafts = await db.select().from(referralDrafts).where(eq(referralDrafts.userId, userId));
		const submissions = await db
			.select()
			.from(referralSubmissions)
			.where(eq(referralSubmissions.userId, userId));
		return { drafts, submissions };
	}

	async function practice() {
		const { group } = await kindergarten('Lilletun kindergarten');
		const educatorId = await account('Ingrid Educator', 'ingrid@example.org');
		await makeEducator(group.organisationId, educatorId, T0);
		const educator: Reviewer = { id: educatorId, isAdmin: false, name: 'Ingrid Educator' };
		const ada = await account('Ada', 'ada@example.org');
		const bo = await account('Bo', 'bo@example.org');
		for (const id of [ada, bo]) await join(group, id);
		const adaFirst = await submitVersion(ada, { text: report('Ada, version one.') });
		await review(educator, adaFirst, REVISE);
		const adaSecond = await submitVersion(ada, {
			text: report('Ada, version two.'),
			now: later(HOUR)
		});
		await saveDraft(
			ada,
			'fa-ex-other',
			{
				text: report('Ada, a draft.'),
				baseRevision: 0,
				confirmFictional: false,
				personalDataKinds: []
			},
			T0
		);
		const boFirst = await submitVersion(bo, { text: report('Bo, version one.') });
		await review(educator, boFirst, REVISE);
		expect(await startRevision(bo, EXERCISE, later(HOUR))).toBe('started');
		await save(bo, report('Bo, a draft.'), 1, {}, later(HOUR));
		return { educator, ada, bo, adaFirst, adaSecond, boFirst };
	}

	it('deletes the learner’s drafts, submissions and the reviews of them, and no one else’s', async () => {
		const { ada, bo, adaFirst } = await practice();
		const boBefore = await rowsOf(bo);
		const boVersions = await versionsOf(bo, EXERCISE);

		expect(await deleteAccount(ada, 'violet kettle')).toEqual({ ok: true });

		expect(await rowsOf(ada)).toEqual({ drafts: [], submissions: [] });
		expect(
			await getDb().select().from(referralReviews).where(eq(referralReviews.submissionId, adaFirst))
		).toEqual([]);
		expect(await rowsOf(bo)).toEqual(boBefore);
		expect(await versionsOf(bo, EXERCISE)).toEqual(boVersions);
	});

	it('keeps the reviews an educator wrote, under their name, when the educator goes', async () => {
		const { educator, bo } = await practice();

		expect(await deleteAccount(educator.id, 'violet kettle')).toEqual({ ok: true });

		const [boFirst] = await versionsOf(bo, EXERCISE);
		expect(boFirst.review).toMatchObject({ reviewerName: 'Ingrid Educator', verdict: 'revise' });
		const reviews = await getDb().select().from(referralReviews);
		expect(reviews).toHaveLength(2);
		expect(reviews.every((row) => row.reviewerId === null)).toBe(true);
	});

	it('exports the learner’s drafts and every version with its review, and nothing of others', async () => {
		const { ada, adaFirst, adaSecond } = await practice();

		const exported = await exportPersonalData(ada, { homePage: 'https://spire.example', now: T0 });

		expect(exported?.referralPractice).toEqual({
			drafts: [{ exerciseId: 'fa-ex-other', text: report('Ada, a draft.'), updatedAt: T0 }],
			submissions: [
				expect.objectContaining({
					id: adaFirst,
					exerciseId: EXERCISE,
					version: 1,
					text: report('Ada, version one.'),
					review: expect.objectContaining({ verdict: 'revise', reviewerName: 'Ingrid Educator' })
				}),
				expect.objectContaining({
					id: adaSecond,
					version: 2,
					text: report('Ada, version two.'),
					review: null
				})
			]
		});
		const json = JSON.stringify(exported);
		expect(json).not.toContain('Bo, ');
		expect(json).not.toContain('"userId"');
	});
});

describe('readReferralForm', () => {
	const exercise = exerciseEntry();

	function formWith(fields: Record<string, string>) {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		return form;
	}

	const written = {
		reporter: 'I am a pedagogue in the toddler group.',
		child: 'Mia, 3 years.',
		observations: 'On 15 September at 09:30 Ola and I saw open sores on her legs.',
		childsWords: 'Mia said: "It stings."',
		actionsTaken: 'On 22 September we spoke with her father, Tor.',
		strengths: 'Mia plays well with the other children.',
		assessment: 'I am worried that Mia is not looked after well enough.',
		parentsInformed: 'Her father was told on 22 September that we would report.'
	};

	it('reads the sections, the extra fields, the revision and the confirmation', () => {
		const form = readReferralForm(
			formWith({
				...written,
				reporter: 'Line one\r\nline two',
				'extra.interpreter': 'Norwegian',
				'extra.NotAField': 'ignored',
				baseRevision: '3',
				confirmFictional: 'on'
			}),
			exercise,
			'en'
		);

		expect(form.ok).toBe(true);
		if (!form.ok) return;
		expect(form.input.text).toEqual({
			...written,
			reporter: 'Line one\nline two',
			extra: { interpreter: 'Norwegian' }
		});
		expect(form.input.baseRevision).toBe(3);
		expect(form.input.confirmFictional).toBe(true);
		expect(form.values).toMatchObject({ baseRevision: '3', confirmFictional: 'on' });
		expect(form.input.personalDataKinds).toEqual([]);
	});

	it('takes a missing or odd revision as 0', () => {
		for (const revision of [undefined, '', 'abc', '-2', '1.5', '1e400']) {
			const fields: Record<string, string> = { ...written };
			if (revision !== undefined) fields.baseRevision = revision;
			const form = readReferralForm(formWith(fields), exercise, 'en');
			expect(form.ok && form.input.baseRevision, String(revision)).toBe(0);
		}
	});

	it('refuses a section that is too long, next to the field, and keeps every value', () => {
		const long = 'x'.repeat(SECTION_MAX_LENGTH + 1);
		const form = readReferralForm(
			formWith({
				...written,
				observations: long,
				'extra.interpreter': long,
				baseRevision: '2',
				confirmFictional: 'on'
			}),
			exercise,
			'en'
		);

		expect(form.ok).toBe(false);
		if (form.ok) return;
		expect(Object.keys(form.errors).sort()).toEqual(['extra.interpreter', 'observations']);
		expect(form.values).toMatchObject({
			...written,
			observations: long,
			'extra.interpreter': long,
			baseRevision: '2',
			confirmFictional: 'on'
		});
	});

	it('takes a section of exactly the longest length', () => {
		const form = readReferralForm(
			formWith({ ...written, observations: 'x'.repeat(SECTION_MAX_LENGTH) }),
			exercise,
			'en'
		);
		expect(form.ok).toBe(true);
	});

	it('finds a Norwegian fødselsnummer with a valid checksum, by section', () => {
		const child = 'Mia, 3 years, fødselsnummer 24122150018.';
		const form = readReferralForm(formWith({ ...written, child }), exercise, 'nb');

		expect(form.ok).toBe(true);
		if (!form.ok) return;
		expect(form.input.personalDataKinds).toContain('no-fnr');
		expect(form.personalData).toContainEqual(
			expect.objectContaining({ kind: 'no-fnr', section: 'child', text: '24122150018' })
		);
		const match = form.personalData.find((found) => found.kind === 'no-fnr')!;
		expect(child.slice(match.start, match.end)).toBe('24122150018');
	});

	it('does not take eleven digits with a wrong checksum for a fødselsnummer', () => {
		const form = readReferralForm(
			formWith({ ...written, child: 'Mia, 3 years, number 24122150019.' }),
			exercise,
			'nb'
		);
		expect(form.ok && form.input.personalDataKinds).not.toContain('no-fnr');
	});

	it('counts the feedback flags it finds', () => {
		const empty = readReferralForm(formWith({}), exercise, 'en');
		expect(empty.ok).toBe(true);
		if (!empty.ok) return;
		// One flag per section: empty, or for two of them the missing statement in particular.
		expect(empty.flags.map((flag) => flag.section)).toEqual([...SECTION_IDS]);
		expect(empty.input.openFlags).toBe(SECTION_IDS.length);

		const vague = readReferralForm(
			formWith({ ...written, observations: 'She is obviously neglected.' }),
			exercise,
			'en'
		);
		expect(vague.ok).toBe(true);
		if (!vague.ok) return;
		expect(vague.flags.length).toBeGreaterThan(0);
		expect(vague.input.openFlags).toBe(vague.flags.length);
		expect(vague.flags.map((flag) => flag.rule)).toContain('interpretive-word');
	});
});

describe('readReviewForm', () => {
	function formWith(fields: Record<string, string>) {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		return form;
	}

	it('reads the verdict, the overall comment and the comments per section', () => {
		const form = readReviewForm(
			formWith({
				verdict: 'revise',
				overall: '  Good start.\r\nDate the observations. ',
				'comment.observations': 'Which day?',
				'comment.assessment': '   '
			})
		);

		expect(form).toMatchObject({
			ok: true,
			input: {
				verdict: 'revise',
				overall: 'Good start.\nDate the observations.',
				sectionComments: { observations: 'Which day?' }
			}
		});
	});

	it('takes Meets the standard without any comment', () => {
		expect(readReviewForm(formWith({ verdict: 'meets' }))).toMatchObject({
			ok: true,
			input: { verdict: 'meets', overall: '', sectionComments: {} }
		});
	});

	it('needs a verdict, and keeps the comments', () => {
		for (const verdict of [undefined, '', 'approve']) {
			const fields: Record<string, string> = { overall: 'Fine.', 'comment.child': 'Good.' };
			if (verdict !== undefined) fields.verdict = verdict;
			const form = readReviewForm(formWith(fields));
			expect(form.ok, String(verdict)).toBe(false);
			if (form.ok) continue;
			expect(Object.keys(form.errors)).toEqual(['verdict']);
			expect(form.values).toMatchObject({ overall: 'Fine.', 'comment.child': 'Good.' });
		}
	});

	it('needs a comment with Revise: the learner must be told what to change', () => {
		const bare = readReviewForm(formWith({ verdict: 'revise', overall: '  ' }));
		expect(bare.ok).toBe(false);
		if (!bare.ok) expect(Object.keys(bare.errors)).toEqual(['overall']);

		expect(readReviewForm(formWith({ verdict: 'revise', 'comment.child': 'Her age?' })).ok).toBe(
			true
		);
	});

	it('refuses a comment that is too long, next to its field', () => {
		const long = 'x'.repeat(COMMENT_MAX_LENGTH + 1);
		const form = readReviewForm(
			formWith({ verdict: 'meets', overall: long, 'comment.strengths': long })
		);

		expect(form.ok).toBe(false);
		if (form.ok) return;
		expect(Object.keys(form.errors).sort()).toEqual(['comment.strengths', 'overall']);
		expect(form.values).toMatchObject({ overall: long, 'comment.strengths': long });
	});
});
