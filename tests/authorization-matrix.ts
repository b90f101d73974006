/**
 * Who may do what. One row for every page (GET), endpoint method and form action (POST) in
 * src/routes, with the outcome each role gets. tests/authorization.e2e.ts checks every cell
 * against the production build, and fails when a route or action has no row here, or a row names
 * one that no longer exists: a new route cannot ship without deciding who may use it.
 *
 * The organisations: a municipality with two kindergartens under it, and a kindergarten elsewhere.
 * "The kindergarten" is the first one under the municipality; its groups, people and reports are
 * the records in the addresses ([organisation], [group], [learner]).
 *
 * Roles:
 * - `anonymous`: no session.
 * - `learner`: a signed-in learner; for a route with an owned id (an attempt), its owner. They are
 *   in the group of the [group] rows, which does not open the group's pages to them.
 * - `otherLearner`: another signed-in learner, using the same address (the owner's ids).
 * - `otherEducator`: an educator of a kindergarten elsewhere, not under the municipality.
 * - `neighbourEducator`: an educator of the other kindergarten under the same municipality.
 * - `municipalityEducator`: an educator of the municipality, who reaches the kindergarten.
 * - `educator`: an educator of the kindergarten.
 * - `admin`: a platform admin.
 *
 * Outcomes, as a plain (non-JavaScript) request sees them:
 * - a status: `200`, `400`, `403`, `404`, …
 * - `'redirect-to-login'`: 303 to `/login?redirectTo=<this address>`;
 * - `{ redirect: '/path' }`: 303 to that path; `[name]` stands for the parameter's value in the
 *   request, `*` for any one segment.
 * For a page, its `__data.json` (what client-side navigation loads) must agree.
 *
 * Someone else's record: a row with `record` acts on one. Before each cell the test makes a fresh
 * record of that kind for the kindergarten (or the learner), hands its id to the form as
 * `recordId`, and reads it back afterwards: a cell answered with a 4xx or sent to log in must
 * leave it exactly as it was, and one that is let through (2xx, or a redirect elsewhere) must
 * have changed it.
 */

export type Outcome = number | 'redirect-to-login' | { redirect: string };

export type Credentials = { email: string; password: string };

/** What a row's form is filled from. */
export type FormContext = {
	/** The signed-in learner sending the form; for `anonymous`, the owner's account. */
	self: Credentials;
	/** An address no account uses yet. */
	freshEmail: string;
	/** A due date (YYYY-MM-DD) that no other cell has used. */
	freshDueDate: string;
	/** A complete set of answers for the owner's open attempt. */
	answers: [string, string][];
	/** The kindergarten of the [organisation] and [group] rows. */
	organisationId: string;
	/** The municipality the kindergarten is under. */
	municipalityId: string;
	/** A course id, for forms that name one. */
	courseId: string;
	/** The id of the row's fresh `record`; empty for rows without one. */
	recordId: string;
};

/**
 * The kinds of record a row may act on (see "Someone else's record" above), each read back from
 * the database:
 * - `inviteLink`: a working invite link of the group (all the group's links are read back);
 * - `invitation`: a pending e-mailed invitation to the group (all of the group's invitations);
 * - `assignment`: a course assigned to the group (all of the group's assignments);
 * - `member`: another person in the group (all of the group's members);
 * - `group`: none is made; the kindergarten's groups are read back;
 * - `notification`: an unread notification of the learner's (the owner of the learner cells).
 */
export type RecordKind =
	'inviteLink' | 'invitation' | 'assignment' | 'member' | 'group' | 'notification';

export const ROLES = [
	'anonymous',
	'learner',
	'otherLearner',
	'otherEducator',
	'neighbourEducator',
	'municipalityEducator',
	'educator',
	'admin'
] as const;
export type Role = (typeof ROLES)[number];

export type Row = {
	/** The form a browser would send; the default is an empty one. */
	form?: (context: FormContext) => [string, string][];
	/** The kind of someone else's record the action would change. */
	record?: RecordKind;
} & Record<Role, Outcome>;

/** The same outcome for anyone signed in or not. */
function everyone(outcome: Outcome): Row {
	return {
		anonymous: outcome,
		learner: outcome,
		otherLearner: outcome,
		otherEducator: outcome,
		neighbourEducator: outcome,
		municipalityEducator: outcome,
		educator: outcome,
		admin: outcome
	};
}

/** Signed-in people only; anyone else is sent to log in first. */
function learners(outcome: Outcome, form?: Row['form']): Row {
	return { ...everyone(outcome), form, anonymous: 'redirect-to-login' };
}

/**
 * Only the owner of the id in the address; anyone else signed in gets 404, as if it did not
 * exist. Being an educator or an admin does not open someone's own quiz attempt.
 */
function owner(outcome: Outcome, form?: Row['form']): Row {
	return {
		...everyone(404),
		form,
		anonymous: 'redirect-to-login',
		learner: outcome
	};
}

/**
 * Platform admins only. Everyone else, signed in or not, gets 404: the admin pages do not
 * reveal that they exist.
 */
function admins(outcome: Outcome, form?: Row['form']): Row {
	return { ...everyone(404), form, admin: outcome };
}

/**
 * The educators who reach the group's kindergarten (its own, and the municipality's above it),
 * and admins. Everyone else signed in gets 404, as if the group did not exist: learners, the
 * group's own learner included, and educators of other kindergartens, under the same
 * municipality or not. Anyone signed out is sent to log in first.
 */
function groupEducators(outcome: Outcome, form?: Row['form'], record?: RecordKind): Row {
	return {
		...everyone(404),
		form,
		record,
		anonymous: 'redirect-to-login',
		municipalityEducator: outcome,
		educator: outcome,
		admin: outcome
	};
}

/**
 * A certificate (`[certificate]`: the learner's, issued by the educator's kindergarten): its
 * holder, the educators who reach the issuing organisation (its own and the municipality's), and
 * admins. Anyone else signed in gets 404, as if it did not exist; anyone signed out is sent to log
 * in first.
 */
function certificateViewers(outcome: Outcome, form?: Row['form']): Row {
	return { ...groupEducators(outcome, form), learner: outcome };
}

/** Revoking a certificate: the issuing organisation's educators and admins; to others it does not exist. */
function certificateRevokers(outcome: Outcome, form?: Row['form']): Row {
	return groupEducators(outcome, form);
}

/**
 * The writing page's form: the eight sections, the revision of no draft, and a made-up
 * Norwegian identity number (valid checksum) that nobody has confirmed as made up.
 */
function referralForm(): [string, string][] {
	return [
		['reporter', 'I am the key adult in the group.'],
		['child', 'Ida, 4 years, fødselsnummer 241221 50018.'],
		['observations', '5 October, 9:30: We saw open sores.'],
		['childsWords', '12 October: Ida said: "It stings."'],
		['actionsTaken', '5 October: We told her mother.'],
		['strengths', 'Ida plays well with other children.'],
		['assessment', 'My assessment: I am worried about her care.'],
		['parentsInformed', 'Yes, on 20 October.'],
		['baseRevision', '0']
	];
}

/** Pages for signing in or up: anyone signed in is sent on. */
function signedOutOnly(forSignedIn: Outcome): Row {
	return { ...everyone(forSignedIn), anonymous: 200 };
}

export const matrix: Record<string, Row> = {
	'GET /': everyone(200),
	'GET /healthz': everyone(200),
	'GET /courses': everyone(200),
	'GET /courses/[course]': everyone(200),
	'GET /courses/[course]/[lesson]': everyone(200),
	// The action card is open reading, like the lessons.
	'GET /courses/[course]/card': everyone(200),

	'GET /login': signedOutOnly({ redirect: '/me' }),
	// Anyone who knows the password may sign in, also over a session they already have.
	// The admin has two-factor sign-in on: a right password leads to the second step.
	'POST /login': {
		...everyone({ redirect: '/me' }),
		admin: { redirect: '/login/two-factor' },
		form: ({ self }) => [
			['email', self.email],
			['password', self.password]
		]
	},
	// The second step of a sign-in needs a right password in the last ten minutes first.
	'GET /login/two-factor': everyone({ redirect: '/login' }),
	'POST /login/two-factor': {
		...everyone({ redirect: '/login' }),
		form: () => [['code', '123456']]
	},
	'GET /register': signedOutOnly({ redirect: '/me' }),
	'POST /register': {
		...everyone({ redirect: '/check-email?after=registration' }),
		form: ({ freshEmail }) => [
			['name', 'Matrix Learner'],
			['email', freshEmail],
			['password', 'a calm harbour at dawn'],
			['locale', 'en'],
			['country', 'NO']
		]
	},
	// The same page after registering or asking for a reset, whoever asks.
	'GET /check-email': everyone(200),
	'GET /forgot-password': everyone(200),
	'POST /forgot-password': {
		...everyone({ redirect: '/check-email?after=reset' }),
		form: ({ freshEmail }) => [['email', freshEmail]]
	},
	// Without a working token the pages explain what to do next, and the actions refuse.
	'GET /reset-password': everyone(200),
	'POST /reset-password': {
		...everyone(400),
		form: () => [
			['token', 'abcdefghijklmnopqrstuvwxyz234567'],
			['password', 'a calm harbour at dawn']
		]
	},
	'GET /verify-email': everyone(200),
	'POST /verify-email': {
		...everyone(400),
		form: () => [['token', 'abcdefghijklmnopqrstuvwxyz234567']]
	},
	// Logging out is a POST; a GET only sends you home.
	'GET /logout': everyone({ redirect: '/' }),
	'POST /logout': everyone({ redirect: '/' }),
	// The header's language switcher: sets the language, then back to the page it was on.
	'GET /language': everyone({ redirect: '/' }),
	'POST /language': {
		...everyone({ redirect: '/about' }),
		form: () => [
			['locale', 'en'],
			['redirectTo', '/about']
		]
	},

	'GET /me': learners(200),
	'GET /account': learners(200),
	'POST /account?/profile': learners(200, () => [
		['name', 'Matrix Learner'],
		['locale', 'en'],
		['country', 'NO']
	]),
	// A wrong current password: the action runs for a signed-in learner, and nothing changes
	// (a real change would end the sessions other cells are using).
	'POST /account?/password': learners(400, () => [
		['currentPassword', 'not the current password'],
		['newPassword', 'a new calm harbour']
	]),
	// Likewise with a wrong password, so the shared accounts survive; tests/privacy.e2e.ts deletes.
	'POST /account?/delete': learners(400, () => [['password', 'not the current password']]),
	'POST /account?/reminders': learners(200, () => [['emailReminders', 'on']]),
	'POST /account?/certificateName': learners(200, () => [['certificateName', 'Matrix Læring']]),
	'POST /account?/timeZone': learners(200, () => [['timeZone', 'Europe/Oslo']]),
	'POST /account?/browserTimeZone': learners(200, () => [['timeZone', 'Europe/Oslo']]),
	'GET /account/export': learners(200),
	// Two-factor sign-in is for educators and admins; to a learner the page does not exist.
	'GET /account/two-factor': { ...learners(200), learner: 404, otherLearner: 404 },
	// A wrong code: the educators' enrolment is not confirmed; the admin's is on already.
	'POST /account/two-factor?/confirm': {
		...learners(400, () => [['code', '000000']]),
		learner: 404,
		otherLearner: 404
	},
	// A wrong password: nothing changes for anyone (a real renewal is in two-factor.e2e.ts). The
	// educators have two-factor sign-in off, which the action says with the same 400.
	'POST /account/two-factor?/renewCodes': {
		...learners(400, () => [['password', 'not the current password']]),
		learner: 404,
		otherLearner: 404
	},
	// Admins must keep it, whatever the password.
	'POST /account/two-factor?/turnOff': {
		...learners(400, () => [['password', 'not the current password']]),
		learner: 404,
		otherLearner: 404,
		admin: 403
	},
	'GET /account/deleted': everyone(200),
	'GET /notifications': learners(200),
	'POST /notifications?/markAllRead': learners({ redirect: '/notifications' }),
	// A notification of the learner's: following it reads it and leads to its course; for anyone
	// else it answers like one that does not exist, and stays unread.
	'POST /notifications?/follow': {
		...learners(404, ({ recordId }) => [['id', recordId]]),
		learner: { redirect: '/courses/[course]' },
		record: 'notification'
	},
	'GET /privacy': everyone(200),
	'GET /accessibility': everyone(200),
	'GET /about': everyone(200),

	'POST /courses/[course]/[lesson]?/complete': learners({ redirect: '/courses/[course]/[lesson]' }),
	// On to the next lesson not done yet, or to the quiz after the last one.
	'POST /courses/[course]/[lesson]?/continue': learners({ redirect: '/courses/[course]/*' }),
	'GET /courses/[course]/quiz': learners(200),
	'POST /courses/[course]/quiz?/start': learners({ redirect: '/courses/[course]/quiz/*' }),
	'GET /courses/[course]/quiz/[attempt]': owner(200),
	'POST /courses/[course]/quiz/[attempt]?/submit': owner(
		{ redirect: '/courses/[course]/quiz/[attempt]' },
		({ answers }) => answers
	),

	// Referral practice (module 4). [exercise] is an exercise of module 4, whose slug [course] is
	// then; the learner has a draft or not. The forms carry a made-up identity number that is not
	// confirmed as made up: saving and submitting refuse it whoever sends it, so no cell changes
	// the text, the revision or the versions another cell relies on.
	'GET /courses/[course]/exercises/[exercise]': learners(200),
	'POST /courses/[course]/exercises/[exercise]?/save': learners(400, referralForm),
	// Checking answers with the feedback even when the text may not be saved.
	'POST /courses/[course]/exercises/[exercise]?/check': learners(200, referralForm),
	'POST /courses/[course]/exercises/[exercise]?/submit': learners(400, referralForm),
	// A new version starts from the last one submitted: the learner has one ([submission]); the
	// others have nothing submitted to start from.
	'POST /courses/[course]/exercises/[exercise]?/revise': {
		...learners(409),
		learner: { redirect: '/courses/[course]/exercises/[exercise]' }
	},
	// The queue: every educator and admin has one (of their own groups' learners); learners do not.
	'GET /educate/reviews': { ...learners(200), learner: 404, otherLearner: 404 },
	// [submission]: the learner's version, submitted while in the kindergarten's group. Its writer,
	// the educators who reach the group, and admins read it; to anyone else it does not exist.
	'GET /referrals/[submission]': certificateViewers(200),
	// The self-assessment is the writer's alone; answering it again changes nothing.
	'POST /referrals/[submission]?/assess': owner(200),
	// Without a verdict: the action runs for whoever may review and refuses (a real verdict by one
	// cell would close the version to the others).
	'POST /referrals/[submission]?/review': groupEducators(400, () => [
		['overall', 'Matrix comment']
	]),

	'GET /admin': admins(200),
	'GET /admin/organisations': admins(200),
	'POST /admin/organisations?/create': admins(
		{ redirect: '/admin/organisations/*?created' },
		() => [
			['name', 'Matrix kindergarten'],
			['parentId', '']
		]
	),
	'GET /admin/organisations/[organisation]': admins(200),
	'POST /admin/organisations/[organisation]?/rename': admins(200, () => [
		['name', 'Matrix organisation']
	]),
	'POST /admin/organisations/[organisation]?/place': admins(200, ({ municipalityId }) => [
		// Where it is already: the educators' cells rely on the kindergarten being under it.
		['parentId', municipalityId]
	]),
	// The admin makes themselves an educator of the matrix's organisation: it changes no one's
	// access in the other cells.
	'POST /admin/organisations/[organisation]?/makeEducator': admins(200, ({ self }) => [
		['email', self.email]
	]),
	// Someone who is not an educator there: the action runs for an admin and refuses (removing the
	// real educator would change the educator cells running alongside).
	'POST /admin/organisations/[organisation]?/removeEducator': admins(400, () => [
		['userId', 'not-an-educator']
	]),
	'GET /admin/people': admins(200),

	// Educators elsewhere see their own groups; nothing of the kindergarten's shows (the test checks
	// every answer to them for its group's and learner's ids).
	'GET /educate': { ...groupEducators(200), otherEducator: 200, neighbourEducator: 200 },
	// Educators elsewhere may make groups in their own organisations only: the kindergarten is not
	// one they can choose, the same answer as an organisation that does not exist.
	'POST /educate?/create': {
		...groupEducators(
			{ redirect: '/educate/groups/*' },
			({ organisationId }) => [
				['organisationId', organisationId],
				['name', 'Matrix group']
			],
			'group'
		),
		otherEducator: 400,
		neighbourEducator: 400
	},
	'GET /educate/groups/[group]': groupEducators(200),
	// Shown once in the answer, never in an address.
	'POST /educate/groups/[group]?/inviteLink': groupEducators(
		200,
		() => [['days', '7']],
		'inviteLink'
	),
	'POST /educate/groups/[group]?/assign': groupEducators(
		{ redirect: '/educate/groups/[group]?assigned' },
		({ courseId, freshDueDate }) => [
			['courseId', courseId],
			['dueAt', freshDueDate]
		],
		'assignment'
	),
	'POST /educate/groups/[group]?/inviteEmails': groupEducators(
		200,
		({ freshEmail }) => [['emails', freshEmail]],
		'invitation'
	),
	'POST /educate/groups/[group]?/resendInvitation': groupEducators(
		{ redirect: '/educate/groups/[group]' },
		({ recordId }) => [['invitationId', recordId]],
		'invitation'
	),
	'POST /educate/groups/[group]?/cancelInvitation': groupEducators(
		{ redirect: '/educate/groups/[group]' },
		({ recordId }) => [['invitationId', recordId]],
		'invitation'
	),
	'POST /educate/groups/[group]?/revokeLink': groupEducators(
		{ redirect: '/educate/groups/[group]' },
		undefined,
		'inviteLink'
	),
	'POST /educate/groups/[group]?/withdraw': groupEducators(
		{ redirect: '/educate/groups/[group]' },
		({ recordId }) => [['assignmentId', recordId]],
		'assignment'
	),
	'POST /educate/groups/[group]?/remove': groupEducators(
		{ redirect: '/educate/groups/[group]' },
		({ recordId }) => [['userId', recordId]],
		'member'
	),
	'GET /educate/groups/[group]/progress.csv': groupEducators(200),
	// [learner]: the learner who joined the group (the owner of the learner cells' ids).
	'GET /educate/groups/[group]/learners/[learner]': groupEducators(200),
	// No such assignment of the learner's in the group: 404 for whoever may see the group.
	'POST /educate/groups/[group]/learners/[learner]?/dueDate': groupEducators(404, () => [
		['assignmentId', 'none'],
		['dueAt', '2030-01-31']
	]),
	'GET /educate/groups/[group]/learners/[learner]/progress.csv': groupEducators(200),

	// Certificates. [certificate] is the owner's, issued by the educator's organisation; [code] is
	// its public code. The PDF is for the holder, the issuer's educators and admins; the signed
	// credential for the holder alone.
	'GET /certificates/[certificate]': certificateViewers(200),
	'GET /certificates/[certificate]/pdf': certificateViewers(200),
	'GET /certificates/[certificate]/credential.jwt': owner(200),
	'GET /certificates/[certificate]/credential.json': owner(200),
	// Without a reason: the action runs for whoever may revoke and refuses (a real revocation by one
	// cell would answer the other 409).
	'POST /certificates/[certificate]?/revoke': certificateRevokers(400, () => [['reason', '']]),
	// Nothing to undo: the certificate is not revoked.
	'POST /certificates/[certificate]?/restore': certificateRevokers(409),
	// Public verification needs no account.
	'GET /verify': everyone(200),
	'GET /verify/[code]': everyone(200),
	'GET /.well-known/jwks.json': everyone(200),
	'GET /badges/issuers/[issuer]': everyone(200),
	'GET /badges/status/[list]': everyone(200),
	// Not a form: an empty body is not a credential, whoever sends it.
	'POST /api/badges/verify': everyone(400),

	// The invite link of another group of the same educator (the rows above replace and stop the
	// first group's links). Anyone with the link may see where it leads; joining needs an account.
	'GET /join/[token]': everyone(200),
	'POST /join/[token]?/join': learners({ redirect: '/join/[token]?joined' })
};
