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
 * - `educator`, `admin`: `'not yet'` until those roles exist; the later issues that add them
 *   fill in their cells. Only these two may say `'not yet'`.
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

/** The same outcome for anyone signed in or not; educator and admin still to come. */
function everyone(outcome: Outcome): Row {
	return {
		anonymous: outcome,
		learner: outcome,
		otherLearner: outcome,
		educator: 'not yet',
		admin: 'not yet'
	};
}

/** Signed-in learners only; anyone else is sent to log in first. */
function learners(outcome: Outcome, form?: Row['form']): Row {
	return {
		form,
		anonymous: 'redirect-to-login',
		learner: outcome,
		otherLearner: outcome,
		educator: 'not yet',
		admin: 'not yet'
	};
}

/** Only the owner of the id in the address; another learner gets 404, as if it did not exist. */
function owner(outcome: Outcome, form?: Row['form']): Row {
	return { ...learners(outcome, form), otherLearner: 404 };
}

/** Pages for signing in or up: signed-in learners are sent on. */
function signedOutOnly(forSignedIn: Outcome): Row {
	return { ...everyone(200), learner: forSignedIn, otherLearner: forSignedIn };
}

export const matrix: Record<string, Row> = {
	'GET /': everyone(200),
	'GET /healthz': everyone(200),
	'GET /courses': everyone(200),
	'GET /courses/[course]': everyone(200),
	'GET /courses/[course]/[lesson]': everyone(200),

	'GET /login': signedOutOnly({ redirect: '/me' }),
	// Anyone who knows the password may sign in, also over a session they already have.
	'POST /login': {
		...everyone({ redirect: '/me' }),
		form: ({ self }) => [
			['email', self.email],
			['password', self.password]
		]
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
	'GET /account/export': learners(200),
	'GET /account/deleted': everyone(200),
	'GET /privacy': everyone(200),
	'GET /accessibility': everyone(200),

	'POST /courses/[course]/[lesson]?/complete': learners({ redirect: '/courses/[course]/[lesson]' }),
	'GET /courses/[course]/quiz': learners(200),
	'POST /courses/[course]/quiz?/start': learners({ redirect: '/courses/[course]/quiz/*' }),
	'GET /courses/[course]/quiz/[attempt]': owner(200),
	'POST /courses/[course]/quiz/[attempt]?/submit': owner(
		{ redirect: '/courses/[course]/quiz/[attempt]' },
		({ answers }) => answers
	)
};
