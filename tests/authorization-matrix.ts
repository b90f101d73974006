/**
 * Who may do what. One row for every page (GET), endpoint method and form action (POST) in
 * src/routes, with the outcome each role gets. tests/authorization.e2e.ts checks every cell
 * against the production build, and fails when a route or action has no row here, or a row names
 * one that no longer exists: a new route cannot ship without deciding who may use it.
 *
 * Roles:
 * - `anonymous`: no session.
 * - `learner`: a signed-in learner; for a route with an owned id (an attempt), its owner.
 * - `otherLearner`: another signed-in learner, using the same address (the owner's ids).
 * - `educator`: an educator of one organisation (the one in an address with [organisation]).
 * - `admin`: a platform admin.
 * Only `educator` and `admin` may say `'not yet'`, for a route whose answer to them is still to
 * be decided.
 *
 * Outcomes, as a plain (non-JavaScript) request sees them:
 * - a status: `200`, `400`, `403`, `404`, …
 * - `'redirect-to-login'`: 303 to `/login?redirectTo=<this address>`;
 * - `{ redirect: '/path' }`: 303 to that path; `[name]` stands for the parameter's value in the
 *   request, `*` for any one segment.
 * For a page, its `__data.json` (what client-side navigation loads) must agree.
 */

export type Outcome = number | 'redirect-to-login' | { redirect: string };
export type NotYet = 'not yet';

export type Credentials = { email: string; password: string };

/** What a row's form is filled from. */
export type FormContext = {
	/** The signed-in learner sending the form; for `anonymous`, the owner's account. */
	self: Credentials;
	/** An address no account uses yet. */
	freshEmail: string;
	/** A complete set of answers for the owner's open attempt. */
	answers: [string, string][];
	/** The organisation the educator is an educator of. */
	organisationId: string;
	/** A course id, for forms that name one. */
	courseId: string;
};

export type Row = {
	/** The form a browser would send; the default is an empty one. */
	form?: (context: FormContext) => [string, string][];
	anonymous: Outcome;
	learner: Outcome;
	otherLearner: Outcome;
	educator: Outcome | NotYet;
	admin: Outcome | NotYet;
};

export const ROLES = ['anonymous', 'learner', 'otherLearner', 'educator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The same outcome for anyone signed in or not. */
function everyone(outcome: Outcome): Row {
	return {
		anonymous: outcome,
		learner: outcome,
		otherLearner: outcome,
		educator: outcome,
		admin: outcome
	};
}

/** Signed-in learners only; anyone else is sent to log in first. */
function learners(outcome: Outcome, form?: Row['form']): Row {
	return {
		form,
		anonymous: 'redirect-to-login',
		learner: outcome,
		otherLearner: outcome,
		educator: outcome,
		admin: outcome
	};
}

/**
 * Only the owner of the id in the address; anyone else signed in gets 404, as if it did not
 * exist. Being an educator or an admin does not open someone's own quiz attempt.
 */
function owner(outcome: Outcome, form?: Row['form']): Row {
	return { ...learners(outcome, form), otherLearner: 404, educator: 404, admin: 404 };
}

/**
 * Platform admins only. Everyone else, signed in or not, gets 404: the admin pages do not
 * reveal that they exist.
 */
function admins(outcome: Outcome, form?: Row['form']): Row {
	return { form, anonymous: 404, learner: 404, otherLearner: 404, educator: 404, admin: outcome };
}

/**
 * The educator of the group's organisation, and admins. Learners get 404, as if the group did not
 * exist; anyone signed out is sent to log in first.
 */
function groupEducators(outcome: Outcome, form?: Row['form']): Row {
	return {
		form,
		anonymous: 'redirect-to-login',
		learner: 404,
		otherLearner: 404,
		educator: outcome,
		admin: outcome
	};
}

/**
 * A certificate (`[certificate]`: the owner's, issued by the educator's organisation): its holder,
 * the issuing organisation's educators and admins. Another learner gets 404, as if it did not
 * exist; anyone signed out is sent to log in first.
 */
function certificateViewers(outcome: Outcome, form?: Row['form']): Row {
	return { ...learners(outcome, form), otherLearner: 404 };
}

/** Revoking a certificate: the issuing organisation's educators and admins; to others it does not exist. */
function certificateRevokers(outcome: Outcome, form?: Row['form']): Row {
	return { ...learners(outcome, form), learner: 404, otherLearner: 404 };
}

/** Pages for signing in or up: signed-in learners are sent on. */
function signedOutOnly(forSignedIn: Outcome): Row {
	return {
		...everyone(200),
		learner: forSignedIn,
		otherLearner: forSignedIn,
		educator: forSignedIn,
		admin: forSignedIn
	};
}

export const matrix: Record<string, Row> = {
	'GET /': everyone(200),
	'GET /healthz': everyone(200),
	'GET /courses': everyone(200),
	'GET /courses/[course]': everyone(200),
	'GET /courses/[course]/[lesson]': everyone(200),

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
			['locale', 'en']
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

	'GET /me': learners(200),
	'GET /account': learners(200),
	'POST /account?/profile': learners(200, () => [
		['name', 'Matrix Learner'],
		['locale', 'en']
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
	'GET /account/export': learners(200),
	// Two-factor sign-in is for educators and admins; to a learner the page does not exist.
	'GET /account/two-factor': { ...learners(200), learner: 404, otherLearner: 404 },
	// A wrong code: the educator's enrolment is not confirmed; the admin's is on already.
	'POST /account/two-factor?/confirm': {
		...learners(400, () => [['code', '000000']]),
		learner: 404,
		otherLearner: 404
	},
	'GET /account/deleted': everyone(200),
	'GET /notifications': learners(200),
	'POST /notifications?/markAllRead': learners({ redirect: '/notifications' }),
	// No such notification of theirs: someone else's answers the same (notifications.spec.ts).
	'POST /notifications?/follow': learners(404, () => [['id', 'none']]),
	'GET /privacy': everyone(200),
	'GET /accessibility': everyone(200),

	'POST /courses/[course]/[lesson]?/complete': learners({ redirect: '/courses/[course]/[lesson]' }),
	'GET /courses/[course]/quiz': learners(200),
	'POST /courses/[course]/quiz?/start': learners({ redirect: '/courses/[course]/quiz/*' }),
	'GET /courses/[course]/quiz/[attempt]': owner(200),
	'POST /courses/[course]/quiz/[attempt]?/submit': owner(
		{ redirect: '/courses/[course]/quiz/[attempt]' },
		({ answers }) => answers
	),

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
	'POST /admin/organisations/[organisation]?/place': admins(200, () => [['parentId', '']]),
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

	'GET /educate': groupEducators(200),
	'POST /educate?/create': groupEducators(
		{ redirect: '/educate/groups/*' },
		({ organisationId }) => [
			['organisationId', organisationId],
			['name', 'Matrix group']
		]
	),
	'GET /educate/groups/[group]': groupEducators(200),
	// Shown once in the answer, never in an address.
	'POST /educate/groups/[group]?/inviteLink': groupEducators(200, () => [['days', '7']]),
	'POST /educate/groups/[group]?/assign': groupEducators(
		{ redirect: '/educate/groups/[group]?assigned' },
		({ courseId }) => [
			['courseId', courseId],
			['dueAt', '2030-01-31']
		]
	),
	'POST /educate/groups/[group]?/inviteEmails': groupEducators(200, () => [
		['emails', 'matrix-invitee@example.org']
	]),
	// No such invitation in the group: 404 for whoever may see the group.
	'POST /educate/groups/[group]?/resendInvitation': groupEducators(404, () => [
		['invitationId', 'none']
	]),
	'POST /educate/groups/[group]?/cancelInvitation': groupEducators(404, () => [
		['invitationId', 'none']
	]),
	'POST /educate/groups/[group]?/revokeLink': groupEducators({
		redirect: '/educate/groups/[group]'
	}),
	// No such assignment or member in the group: 404 for whoever may see the group.
	'POST /educate/groups/[group]?/withdraw': groupEducators(404, () => [['assignmentId', 'none']]),
	'POST /educate/groups/[group]?/remove': groupEducators(404, () => [['userId', 'none']]),
	'GET /educate/groups/[group]/progress.csv': groupEducators(200),
	// [learner]: the learner who joined the group (the owner of the learner cells' ids).
	'GET /educate/groups/[group]/learners/[learner]': groupEducators(200),
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
	'POST /join/[token]?/join': {
		anonymous: 'redirect-to-login',
		learner: { redirect: '/join/[token]?joined' },
		otherLearner: { redirect: '/join/[token]?joined' },
		educator: { redirect: '/join/[token]?joined' },
		admin: { redirect: '/join/[token]?joined' }
	}
};
