/**
 * The database holds people and what they did; course content lives in `courses/`.
 * Everything that points at content stores its stable `id` from the front matter,
 * so renaming or reordering files never orphans progress.
 */
import { sql } from 'drizzle-orm';
import {
	type AnySQLiteColumn,
	check,
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** As typed at registration, for display. */
		email: text('email').notNull(),
		/** Lowercased and trimmed; the unique key that makes emails case-insensitive. */
		emailNormalized: text('email_normalized').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		/** Preferred interface and content language: en | nb | da. */
		locale: text('locale').notNull().default('en'),
		/** A platform admin: manages organisations and educators under /admin. */
		isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
		createdAt: timestamp('created_at').notNull(),
		updatedAt: timestamp('updated_at').notNull(),
		/** When the owner opened the link mailed at registration; until then they cannot sign in. */
		emailVerifiedAt: timestamp('email_verified_at'),
		/** Reminders of due dates also by e-mail; in-app ones are always shown. */
		emailReminders: integer('email_reminders', { mode: 'boolean' }).notNull().default(true),
		/**
		 * The IANA time zone dates and times are shown in, e.g. Europe/Oslo. Null until the browser
		 * reports it (once) or the person picks one on /account; pages then use Europe/Oslo.
		 */
		timeZone: text('time_zone'),
		/**
		 * The country whose law and services the person works under: NO, DK, SE, FI, IS or other
		 * (see countries.ts). Null for accounts made before it was asked: treated like "other".
		 */
		country: text('country')
	},
	(t) => [uniqueIndex('users_email_normalized_unique').on(t.emailNormalized)]
);

export const sessions = sqliteTable(
	'sessions',
	{
		/** Hex SHA-256 of the session token; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at').notNull(),
		/** Sliding idle expiry, pushed forward while the session is used. */
		expiresAt: timestamp('expires_at').notNull(),
		/** Hard limit from creation; the idle expiry never passes it. */
		absoluteExpiresAt: timestamp('absolute_expires_at').notNull()
	},
	(t) => [index('sessions_user_id_idx').on(t.userId)]
);

/**
 * Failure and rate counters, one row per key (`account:<email>`, `device:<id>`, `ip:<address>`,
 * `reauth:<user id>`, `register:<address>:<hour>`…); see `throttle.ts`.
 */
export const loginThrottles = sqliteTable('login_throttles', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	lockedUntil: timestamp('locked_until'),
	updatedAt: timestamp('updated_at').notNull()
});

/**
 * Secrets the server generates for itself on first start, shared by every process on the same
 * database (e.g. the key that signs device cookies). Never sent to a browser.
 */
export const serverSecrets = sqliteTable('server_secrets', {
	name: text('name').primaryKey(),
	/** Base64 of random bytes. */
	value: text('value').notNull(),
	createdAt: timestamp('created_at').notNull()
});

export const lessonProgress = sqliteTable(
	'lesson_progress',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id').notNull(),
		lessonId: text('lesson_id').notNull(),
		firstViewedAt: timestamp('first_viewed_at').notNull(),
		lastViewedAt: timestamp('last_viewed_at').notNull(),
		/** Rough time on the lesson, summed over visits that ended in "Mark as complete". */
		secondsSpent: integer('seconds_spent').notNull().default(0),
		completedAt: timestamp('completed_at')
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.lessonId] }),
		// Covers the group matrix's count of lessons viewed and done per learner and course (and
		// every query by user and course): read from the index alone, without a visit to each
		// row. Measured on `npm run seed:large`: 5 million rows, a group of 500.
		index('lesson_progress_user_course_lesson_idx').on(
			t.userId,
			t.courseId,
			t.lessonId,
			t.completedAt
		)
	]
);

export const quizAttempts = sqliteTable(
	'quiz_attempts',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id').notNull(),
		/** The drawn questions and the shuffled option order, as shown: [{ questionId, optionIds }]. */
		paper: text('paper', { mode: 'json' })
			.$type<{ questionId: string; optionIds: string[] }[]>()
			.notNull(),
		startedAt: timestamp('started_at').notNull(),
		submittedAt: timestamp('submitted_at'),
		correctCount: integer('correct_count'),
		questionCount: integer('question_count').notNull(),
		/** Whole percent, 0–100. */
		score: integer('score'),
		passMark: integer('pass_mark').notNull(),
		passed: integer('passed', { mode: 'boolean' })
	},
	(t) => [
		// Covers the group matrix's best score, passes and attempts per learner and course.
		index('quiz_attempts_user_course_score_idx').on(
			t.userId,
			t.courseId,
			t.score,
			t.passed,
			t.submittedAt
		)
	]
);

export const quizAnswers = sqliteTable(
	'quiz_answers',
	{
		attemptId: text('attempt_id')
			.notNull()
			.references(() => quizAttempts.id, { onDelete: 'cascade' }),
		questionId: text('question_id').notNull(),
		selectedOptionIds: text('selected_option_ids', { mode: 'json' }).$type<string[]>().notNull(),
		correct: integer('correct', { mode: 'boolean' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.questionId] })]
);

/** A course is completed once per learner; the row is never updated. */
export const courseCompletions = sqliteTable(
	'course_completions',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id').notNull(),
		completedAt: timestamp('completed_at').notNull(),
		/** The passing attempt that completed the course. */
		attemptId: text('attempt_id')
			.notNull()
			.references(() => quizAttempts.id)
	},
	(t) => [primaryKey({ columns: [t.userId, t.courseId] })]
);

/**
 * Append-only log of learning events, one row per xAPI-shaped statement
 * (actor, verb, object, result, timestamp). `events.ts` turns rows into statements.
 */
export const learningEvents = sqliteTable(
	'learning_events',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		verb: text('verb').notNull(),
		objectType: text('object_type').notNull(),
		objectId: text('object_id').notNull(),
		courseId: text('course_id').notNull(),
		result: text('result', { mode: 'json' }).$type<LearningEventResult | null>(),
		timestamp: timestamp('timestamp').notNull(),
		stored: timestamp('stored')
			.notNull()
			.default(sql`(cast(unixepoch('subsec') * 1000 as integer))`)
	},
	(t) => [
		index('learning_events_user_idx').on(t.userId, t.timestamp),
		index('learning_events_course_idx').on(t.courseId, t.timestamp)
	]
);

/**
 * A kindergarten, or a municipality or private chain with kindergartens under it. One level of
 * nesting only: `organisations.ts` refuses a parent that has a parent itself, and putting an
 * organisation that has children under another.
 */
export const organisations = sqliteTable(
	'organisations',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		/** The municipality or chain above this kindergarten, if any. */
		parentId: text('parent_id').references((): AnySQLiteColumn => organisations.id, {
			onDelete: 'set null'
		}),
		createdAt: timestamp('created_at').notNull(),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [index('organisations_parent_idx').on(t.parentId)]
);

export const MEMBERSHIP_ROLES = ['learner', 'educator'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** Who belongs to which organisation, and as what. A person may belong to several. */
export const memberships = sqliteTable(
	'memberships',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		role: text('role', { enum: MEMBERSHIP_ROLES }).notNull(),
		createdAt: timestamp('created_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.organisationId] }),
		index('memberships_organisation_idx').on(t.organisationId, t.role)
	]
);

/**
 * TOTP two-factor sign-in (RFC 6238), one authenticator per person. The key is kept as it is: a
 * TOTP check needs the key itself, not a hash of it. `confirmedAt` is null while the person has
 * scanned the code but not yet typed a code back; only confirmed keys are asked for at sign-in.
 */
export const twoFactorCredentials = sqliteTable('two_factor_credentials', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** Base64 of the 20-byte key. */
	secret: text('secret').notNull(),
	confirmedAt: timestamp('confirmed_at'),
	/** The last 30-second step whose code was accepted: each code signs in once. */
	lastUsedStep: integer('last_used_step'),
	createdAt: timestamp('created_at').notNull()
});

/** One-time recovery codes for when the authenticator is lost; only their SHA-256 is stored. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: timestamp('used_at')
	},
	(t) => [primaryKey({ columns: [t.userId, t.codeHash] })]
);

export type Organisation = typeof organisations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;

export type LearningEventResult = {
	score?: { scaled: number; raw: number; min: number; max: number };
	success?: boolean;
	completion?: boolean;
	/** ISO 8601 duration, e.g. PT5M30S. */
	duration?: string;
};

/**
 * Single-use links mailed to a user: a password reset or the address check after registration.
 * Like sessions, only the SHA-256 of the link's token is stored. A used link is deleted.
 */
export const accountLinks = sqliteTable(
	'account_links',
	{
		/** Hex SHA-256 of the token in the link. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** `password-reset` or `email-verification`. */
		purpose: text('purpose').$type<'password-reset' | 'email-verification'>().notNull(),
		createdAt: timestamp('created_at').notNull(),
		expiresAt: timestamp('expires_at').notNull()
	},
	(t) => [index('account_links_user_id_idx').on(t.userId)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/** A group of people in an organisation, e.g. "New staff, autumn 2026". */
export const groups = sqliteTable(
	'groups',
	{
		id: text('id').primaryKey(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		createdAt: timestamp('created_at').notNull(),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [index('groups_organisation_idx').on(t.organisationId)]
);

export const groupMembers = sqliteTable(
	'group_members',
	{
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		joinedAt: timestamp('joined_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.groupId, t.userId] }),
		index('group_members_user_idx').on(t.userId)
	]
);

/**
 * A group's invite link. Only the SHA-256 of its token is stored, as with sessions, so the link
 * is shown once, when it is made; a new one replaces it.
 */
export const groupInviteLinks = sqliteTable(
	'group_invite_links',
	{
		tokenHash: text('token_hash').primaryKey(),
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at').notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		revokedAt: timestamp('revoked_at')
	},
	(t) => [index('group_invite_links_group_idx').on(t.groupId)]
);

/**
 * A course assigned by an organisation, to a group (and so to everyone in it, now or later) or to
 * one person. Stored against the course id, like progress.
 */
export const assignments = sqliteTable(
	'assignments',
	{
		id: text('id').primaryKey(),
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		groupId: text('group_id').references(() => groups.id, { onDelete: 'cascade' }),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id').notNull(),
		dueAt: timestamp('due_at'),
		assignedBy: text('assigned_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at').notNull(),
		/** Withdrawn assignments are kept for the record; progress is never touched. */
		withdrawnAt: timestamp('withdrawn_at')
	},
	(t) => [
		index('assignments_group_idx').on(t.groupId),
		index('assignments_user_idx').on(t.userId),
		check('assignments_one_target', sql`(${t.groupId} is null) <> (${t.userId} is null)`)
	]
);

/** A due date for one person that overrides their group assignment's. */
export const assignmentDueDates = sqliteTable(
	'assignment_due_dates',
	{
		assignmentId: text('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		dueAt: timestamp('due_at')
	},
	(t) => [primaryKey({ columns: [t.assignmentId, t.userId] })]
);

export type Group = typeof groups.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;

/**
 * A personal invitation to a group, mailed to one address. Only the SHA-256 of its link's token
 * is stored. Inviting the same address to the same group again sends a fresh link.
 */
export const groupInvitations = sqliteTable(
	'group_invitations',
	{
		id: text('id').primaryKey(),
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		emailNormalized: text('email_normalized').notNull(),
		tokenHash: text('token_hash').notNull(),
		invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at').notNull(),
		sentAt: timestamp('sent_at').notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		acceptedAt: timestamp('accepted_at'),
		cancelledAt: timestamp('cancelled_at')
	},
	(t) => [
		uniqueIndex('group_invitations_group_email_unique').on(t.groupId, t.emailNormalized),
		uniqueIndex('group_invitations_token_unique').on(t.tokenHash)
	]
);

export const NOTIFICATION_KINDS = [
	'reminder-7-days',
	'reminder-1-day',
	'reminder-overdue',
	/** A certificate runs out: 60 and 7 days before (`due_at` in reminders_sent: its expiry). */
	'certificate-expires-60-days',
	'certificate-expires-7-days',
	/** An educator reviewed a practice referral (referrals.ts). */
	'referral-meets-standard',
	'referral-revise'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * In-app notifications (the bell in the header). The text is made when the notification is shown,
 * in the reader's language, from its kind and parameters. Read only through "Mark all as read" or
 * by following it, never by a page load.
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
		params: text('params', { mode: 'json' }).$type<Record<string, string>>().notNull(),
		/** A path inside Spire, e.g. `/courses/signs-of-distress`. */
		link: text('link').notNull(),
		createdAt: timestamp('created_at').notNull(),
		readAt: timestamp('read_at')
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)]
);

export type Notification = typeof notifications.$inferSelect;

/**
 * Every due-date reminder ever made, written in the same transaction as its notification and
 * before its mail: the primary key is what makes a reminder go out once, whichever process or
 * cron job gets there first. The due date is part of the key, so a moved due date is reminded of
 * again.
 */
export const remindersSent = sqliteTable(
	'reminders_sent',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id').notNull(),
		kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
		dueAt: timestamp('due_at').notNull(),
		sentAt: timestamp('sent_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.courseId, t.kind, t.dueAt] })]
);

/**
 * The name printed on a person's certificates, when it differs from their account name (a full
 * legal name, say). No row: certificates use the account name.
 */
export const certificateNames = sqliteTable('certificate_names', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	name: text('name').notNull(),
	updatedAt: timestamp('updated_at').notNull()
});

/**
 * A completion certificate: a snapshot taken when it was issued, so later changes to the course
 * files or the person's name never change it (`certificates.ts`). Issued once per completion,
 * and once per renewal, by the unique `issueKey`.
 */
export const certificates = sqliteTable(
	'certificates',
	{
		/** Random id used in the holder's own addresses (/certificates/<id>). */
		id: text('id').primaryKey(),
		/** The public code without dashes or prefix: 16 Crockford base32 characters and a check character. */
		code: text('code').notNull(),
		/** `completion:<user id>:<course id>` or `renewal:<previous certificate id>`: once each. */
		issueKey: text('issue_key').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		holderName: text('holder_name').notNull(),
		courseId: text('course_id').notNull(),
		courseTitle: text('course_title').notNull(),
		courseVersion: text('course_version').notNull(),
		objectives: text('objectives', { mode: 'json' }).$type<string[]>().notNull(),
		/** The course's `estimatedMinutes` when it was completed. */
		minutes: integer('minutes').notNull(),
		completedAt: timestamp('completed_at').notNull(),
		/** The organisation that assigned the course; null when Spire itself is the issuer. */
		issuerOrganisationId: text('issuer_organisation_id').references(() => organisations.id, {
			onDelete: 'set null'
		}),
		issuerName: text('issuer_name').notNull(),
		issuedAt: timestamp('issued_at').notNull(),
		expiresAt: timestamp('expires_at'),
		/** The certificate this one renews. */
		previousId: text('previous_id').references((): AnySQLiteColumn => certificates.id, {
			onDelete: 'set null'
		}),
		/** Its bit in the Open Badges status list (see `badges.ts`); never reused. */
		statusIndex: integer('status_index').notNull(),
		revokedAt: timestamp('revoked_at'),
		/** Kept internally: the verification page shows only the date. */
		revocationReason: text('revocation_reason')
	},
	(t) => [
		uniqueIndex('certificates_code_unique').on(t.code),
		uniqueIndex('certificates_issue_key_unique').on(t.issueKey),
		uniqueIndex('certificates_status_index_unique').on(t.statusIndex),
		index('certificates_user_idx').on(t.userId, t.courseId),
		index('certificates_previous_idx').on(t.previousId)
	]
);

export type Certificate = typeof certificates.$inferSelect;

/** Who revoked a certificate or undid a revocation, when, and why. Goes with the certificate. */
export const certificateEvents = sqliteTable(
	'certificate_events',
	{
		id: text('id').primaryKey(),
		certificateId: text('certificate_id')
			.notNull()
			.references(() => certificates.id, { onDelete: 'cascade' }),
		action: text('action', { enum: ['revoked', 'restored'] }).notNull(),
		reason: text('reason'),
		byUserId: text('by_user_id').references(() => users.id, { onDelete: 'set null' }),
		at: timestamp('at').notNull()
	},
	(t) => [index('certificate_events_certificate_idx').on(t.certificateId, t.at)]
);

/**
 * Status-list bits of certificates deleted with their holder's account: they stay set (revoked),
 * so a signed credential the person kept no longer checks out as valid.
 */
export const withdrawnStatusIndexes = sqliteTable('withdrawn_status_indexes', {
	statusIndex: integer('status_index').primaryKey(),
	withdrawnAt: timestamp('withdrawn_at').notNull()
});

/** Ed25519 keys that sign Open Badges credentials; retired keys stay published for checking. */
export const badgeSigningKeys = sqliteTable('badge_signing_keys', {
	kid: text('kid').primaryKey(),
	/** The private key as a JWK (JSON); never leaves the server. */
	privateJwk: text('private_jwk').notNull(),
	publicJwk: text('public_jwk').notNull(),
	createdAt: timestamp('created_at').notNull(),
	/** Set when a newer key took over signing. */
	retiredAt: timestamp('retired_at')
});

/**
 * Referral-writing practice (referrals.ts). A learner's working copy of one exercise: private to
 * the writer, never shown to educators. `revision` counts saves, so that a save based on an older
 * copy (another tab, a slow autosave) is refused instead of overwriting newer text.
 */
export const referralDrafts = sqliteTable(
	'referral_drafts',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		exerciseId: text('exercise_id').notNull(),
		/** { reporter, child, observations, …, extra?: { id: text } } as typed. */
		text: text('text', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		revision: integer('revision').notNull(),
		/** Set when the writer confirmed that personal-data look-alikes in this text are made up. */
		fictionalConfirmedAt: timestamp('fictional_confirmed_at'),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.exerciseId] })]
);

/**
 * A submitted version, frozen: a revision is a new row with the next `version`. What the guard
 * found and the writer's confirmation are kept with it; the self-assessment is the one thing
 * added later, by the writer.
 */
export const referralSubmissions = sqliteTable(
	'referral_submissions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id').notNull(),
		exerciseId: text('exercise_id').notNull(),
		version: integer('version').notNull(),
		text: text('text', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		/** The country whose form it followed, and the language it was written in. */
		templateCountry: text('template_country').notNull(),
		locale: text('locale').notNull(),
		/** The kinds of personal-data look-alikes found, e.g. ["phone"]; empty when none. */
		personalDataKinds: text('personal_data_kinds', { mode: 'json' }).$type<string[]>().notNull(),
		fictionalConfirmedAt: timestamp('fictional_confirmed_at'),
		/** How many feedback flags were open when it was submitted. */
		openFlags: integer('open_flags').notNull(),
		/** { checklistItemId: true|false }, once the writer has assessed it against the model. */
		selfAssessment: text('self_assessment', { mode: 'json' }).$type<Record<string, boolean>>(),
		submittedAt: timestamp('submitted_at').notNull()
	},
	(t) => [
		uniqueIndex('referral_submissions_version_idx').on(t.userId, t.exerciseId, t.version),
		index('referral_submissions_submitted_idx').on(t.submittedAt)
	]
);

/** An educator's review of one submitted version: comments per section and a verdict. */
export const referralReviews = sqliteTable('referral_reviews', {
	/** One review per version: the second educator to answer is told it is already reviewed. */
	submissionId: text('submission_id')
		.primaryKey()
		.references(() => referralSubmissions.id, { onDelete: 'cascade' }),
	reviewerId: text('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
	/** Kept for the writer when the reviewer's account is deleted. */
	reviewerName: text('reviewer_name').notNull(),
	verdict: text('verdict', { enum: ['meets', 'revise'] }).notNull(),
	overall: text('overall').notNull(),
	/** { sectionId: comment }, only the sections commented on. */
	sectionComments: text('section_comments', { mode: 'json' })
		.$type<Record<string, string>>()
		.notNull(),
	reviewedAt: timestamp('reviewed_at').notNull()
});
