/**
 * The authorization matrix (tests/authorization-matrix.ts), checked cell by cell against the
 * production build with plain HTTP requests, as each role: no pages are visited, so no
 * accessibility scans are needed. Routes and actions come from the file system
 * (tests/routes.mjs), so a route without a row fails here.
 *
 * Each worker sets up its own accounts, organisations and groups, and runs its cells one after
 * another, so a cell can read the records it acts on before and after without a race.
 */
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
	ROLES,
	matrix,
	type Credentials,
	type FormContext,
	type Outcome,
	type RecordKind,
	type Role
} from './authorization-matrix';
import { mailedLink, waitForMail } from './mail/mailbox';
import { executeInE2eDatabase } from './e2e-database';
import { sha256 } from '@oslojs/crypto/sha2';
import {
	decodeBase32IgnorePadding,
	encodeBase32LowerCaseNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { createAdminWithCommand } from './admin-accounts';
import { courseContent, discoverRoutes, endpointsOf, fillRoute } from './routes.mjs';

const routes = discoverRoutes();
const endpoints = endpointsOf(routes);
const course = courseContent()[0];
/** The course with writing exercises (module 4), for the [exercise] routes, and its first one. */
const exerciseCourse = courseContent().find((c) => c.exercises.length > 0)!;
const PASSWORD = 'a calm harbour at dawn';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Roles that reach no record of the kindergarten: nothing of it may show in their answers. */
const OUTSIDE_EDUCATORS: Role[] = ['otherEducator', 'neighbourEducator'];

function uniqueEmail(label: string) {
	return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.org`;
}

type Setup = {
	/** Who signs in as each role (anonymous: nobody, the owner's account for forms). */
	accounts: Record<Exclude<Role, 'anonymous'>, Credentials>;
	/** The kindergarten the educator is an educator of, and the municipality it is under. */
	organisationId: string;
	municipalityId: string;
	/** A group of the educator's, and the invite link of another one. */
	groupId: string;
	inviteToken: string;
	/** A third group of the same kindergarten, whose only use is to have nobody in it. */
	emptyGroupId: string;
	/** The owner's id: they joined the educator's first group, whose learner pages use it. */
	learnerId: string;
	attemptId: string;
	answers: [string, string][];
	/** The owner's certificate, issued by the educator's organisation, and its public code. */
	certificateId: string;
	certificateCode: string;
	/** The owner's practice notification, submitted while in the educator's first group. */
	submissionId: string;
};
let setup: Setup;

test('every route and action in src/routes has a row in the matrix, and every row a route', () => {
	const keys = endpoints.map((e) => e.key);
	expect
		.soft(
			keys.filter((key) => !(key in matrix)),
			'routes or actions without a row in tests/authorization-matrix.ts'
		)
		.toEqual([]);
	expect(
		Object.keys(matrix).filter((key) => !keys.includes(key)),
		'rows in tests/authorization-matrix.ts for routes or actions that no longer exist'
	).toEqual([]);
	for (const [key, row] of Object.entries(matrix)) {
		for (const role of ROLES) {
			expect(row[role], `${key}: ${role} needs an outcome`).toBeDefined();
		}
	}
});

test.describe('authorization matrix', () => {
	test.beforeAll(async ({ playwright }, testInfo) => {
		const baseURL = testInfo.project.use.baseURL!;
		const accounts = {} as Setup['accounts'];
		let started: Awaited<ReturnType<typeof startAttempt>> | undefined;
		for (const role of ROLES) {
			if (role === 'anonymous' || role === 'admin') continue;
			accounts[role] = { email: uniqueEmail(`matrix-${role}`), password: PASSWORD };
			const context = await playwright.request.newContext({ baseURL });
			await register(context, baseURL, accounts[role]);
			if (role === 'learner') started = await startAttempt(context, baseURL);
			await context.dispose();
		}
		accounts.admin = { email: uniqueEmail('matrix-admin'), password: PASSWORD };
		createAdminWithCommand(accounts.admin.email, 'Matrix Admin', accounts.admin.password);
		const adminContext = await playwright.request.newContext({ baseURL });
		const organisations = await organisationsWithEducators(adminContext, baseURL, accounts);
		await adminContext.dispose();
		const groupsContext = await playwright.request.newContext({ baseURL });
		const { groupId, inviteToken, firstGroupToken, emptyGroupId } = await groupsOfEducator(
			groupsContext,
			baseURL,
			accounts.educator,
			organisations.kindergartenId
		);
		const joinContext = await playwright.request.newContext({ baseURL });
		await joinGroup(joinContext, baseURL, accounts.learner, firstGroupToken);
		const submissionId = await submitExercise(joinContext, baseURL);
		await joinContext.dispose();
		const learnerId = await memberId(groupsContext, groupId);
		await groupsContext.dispose();
		const { certificateId, certificateCode } = await certificateOf(
			accounts.learner.email,
			organisations.kindergartenId
		);
		setup = {
			accounts,
			organisationId: organisations.kindergartenId,
			municipalityId: organisations.municipalityId,
			groupId,
			inviteToken,
			emptyGroupId,
			learnerId,
			attemptId: started!.attemptId,
			answers: started!.answers,
			certificateId,
			certificateCode,
			submissionId
		};
	});

	for (const endpoint of endpoints) {
		const row = matrix[endpoint.key];
		if (!row) continue; // reported by the test above
		for (const role of ROLES) {
			const expected = row[role];
			test(`${endpoint.key} as ${role}: ${describeOutcome(expected)}`, async ({
				playwright,
				baseURL
			}) => {
				const params = {
					course: endpoint.routeId.includes('[exercise]') ? exerciseCourse.slug : course.slug,
					lesson: course.lessons[0],
					attempt: setup.attemptId,
					organisation: setup.organisationId,
					group: setup.groupId,
					token: setup.inviteToken,
					learner: setup.learnerId,
					certificate: setup.certificateId,
					code: setup.certificateCode,
					exercise: exerciseCourse.exercises[0],
					submission: setup.submissionId,
					issuer: 'spire',
					list: '1'
				};
				const path = fillRoute(endpoint.routeId, params);
				const query =
					endpoint.action && endpoint.action !== 'default' ? `?/${endpoint.action}` : '';
				// A two-factor code signs in once per 30 seconds, and the admin's cells run side by
				// side: each gets a session of its own, made in the server's database as a completed
				// sign-in would.
				const context = await playwright.request.newContext({
					baseURL,
					storageState: role === 'admin' ? await adminState(baseURL!) : undefined
				});
				const self = await signIn(context, baseURL!, role);
				// Someone else's record for the action to act on, as it was before the request.
				const record = row.record ? records[row.record] : null;
				const recordId = record ? await record.make(setup.groupId) : '';
				const before = record ? await record.read(setup.groupId, recordId) : null;
				let response: APIResponse;
				if (endpoint.method === 'POST') {
					const formContext: FormContext = {
						self,
						freshEmail: uniqueEmail('matrix-new'),
						freshDueDate: freshDueDate(),
						answers: setup.answers,
						organisationId: setup.organisationId,
						municipalityId: setup.municipalityId,
						courseId: course.id,
						recordId
					};
					response = await postForm(context, baseURL!, path + query, row.form?.(formContext) ?? []);
				} else {
					response = await context.fetch(path, {
						method: endpoint.method,
						headers: { accept: 'text/html' },
						maxRedirects: 0
					});
				}
				expectOutcome(response, expected, path + query, params);
				if (OUTSIDE_EDUCATORS.includes(role)) await expectNothingOfTheKindergarten(response);
				if (record) {
					const after = await record.read(setup.groupId, recordId);
					await record.remove(recordId);
					if (refused(expected)) {
						expect(after, `${role} left the ${row.record} as it was`).toEqual(before);
					} else {
						expect(after, `${role} changed the ${row.record}`).not.toEqual(before);
					}
				}

				// Client-side navigation loads the same page's data from __data.json: same answer.
				if (endpoint.method === 'GET' && endpoint.action === null && isPage(endpoint.routeId)) {
					const data = await context.get(`${path === '/' ? '' : path}/__data.json`, {
						maxRedirects: 0
					});
					if (OUTSIDE_EDUCATORS.includes(role)) await expectNothingOfTheKindergarten(data);
					expectDataOutcome(await data.json(), expected, path, params);
				}
				await context.dispose();
			});
		}
	}

	// Within the kindergarten too, a record answers only through its own group.
	for (const role of ['educator', 'municipalityEducator', 'admin'] as const) {
		test(`a person outside the group answers 404 in it, as ${role}, though in the same kindergarten`, async ({
			playwright,
			baseURL
		}) => {
			const context = await playwright.request.newContext({
				baseURL,
				storageState: role === 'admin' ? await adminState(baseURL!) : undefined
			});
			await signIn(context, baseURL!, role);
			const inGroup = `/educate/groups/${setup.groupId}/learners/${setup.learnerId}`;
			const notInGroup = `/educate/groups/${setup.emptyGroupId}/learners/${setup.learnerId}`;
			for (const path of [inGroup, `${inGroup}/progress.csv`]) {
				expect((await context.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
			}
			for (const path of [notInGroup, `${notInGroup}/progress.csv`]) {
				expect((await context.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
			}
			const members = () => records.member.read(setup.groupId, '');
			const before = await members();
			const removed = await postForm(
				context,
				baseURL!,
				`/educate/groups/${setup.emptyGroupId}?/remove`,
				[['userId', setup.learnerId]]
			);
			expect(removed.status(), 'removing them from a group they are not in').toBe(404);
			expect(await members(), 'they are still in their own group').toEqual(before);
			await context.dispose();
		});

		test(`another group's assignment and invitation answer 404 through this group, as ${role}`, async ({
			playwright,
			baseURL
		}) => {
			const context = await playwright.request.newContext({
				baseURL,
				storageState: role === 'admin' ? await adminState(baseURL!) : undefined
			});
			await signIn(context, baseURL!, role);
			const otherGroup = setup.emptyGroupId;
			const actions = [
				['withdraw', 'assignmentId', records.assignment],
				['cancelInvitation', 'invitationId', records.invitation],
				['resendInvitation', 'invitationId', records.invitation]
			] as const;
			for (const [action, field, record] of actions) {
				const id = await record.make(otherGroup);
				const before = await record.read(otherGroup, id);
				const response = await postForm(
					context,
					baseURL!,
					`/educate/groups/${setup.groupId}?/${action}`,
					[[field, id]]
				);
				expect(response.status(), `${action} with another group's record`).toBe(404);
				expect(await record.read(otherGroup, id), `${action} left it alone`).toEqual(before);
				await record.remove(id);
			}
			await context.dispose();
		});
	}
});

function isPage(routeId: string) {
	return routes.some((r) => r.id === routeId && r.page);
}

/** Whether an outcome refuses: an error status, or being sent to log in first. */
function refused(outcome: Outcome) {
	return outcome === 'redirect-to-login' || (typeof outcome === 'number' && outcome >= 400);
}

/** The kindergarten's group and its learner are nowhere in the answer, not even as an id. */
async function expectNothingOfTheKindergarten(response: APIResponse) {
	const body = await response.text();
	expect(body, 'the group of another organisation').not.toContain(setup.groupId);
	expect(body, 'a learner of another organisation').not.toContain(setup.learnerId);
}

let dueDates = 0;
/** A due date no other cell of this worker has used, so that assigning always changes one. */
function freshDueDate() {
	dueDates += 1;
	return new Date(Date.UTC(2031, 0, 1) + dueDates * DAY_MS).toISOString().slice(0, 10);
}

function randomHex(bytes: number) {
	return encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Rows of a query as plain arrays, to compare before and after. */
async function rows(sql: string, args: (string | number)[]) {
	const result = await executeInE2eDatabase({ sql, args });
	return result.rows.map((row) => result.columns.map((column) => row[column]));
}

type RecordStore = {
	/** Makes a fresh record of the kind in the group (or for the learner); returns its id. */
	make(groupId: string): Promise<string>;
	/** What the record's action would change, read from the database. */
	read(groupId: string, id: string): Promise<unknown>;
	remove(id: string): Promise<void>;
};

/**
 * Someone else's records, made straight in the server's database the way the app writes them, so
 * that every cell acts on a real one (see "Someone else's record" in the matrix).
 */
const records: Record<RecordKind, RecordStore> = {
	inviteLink: {
		async make(groupId) {
			const tokenHash = randomHex(32);
			const now = Date.now();
			await executeInE2eDatabase({
				sql: `INSERT INTO group_invite_links (token_hash, group_id, created_at, expires_at)
					VALUES (?, ?, ?, ?)`,
				args: [tokenHash, groupId, now, now + 7 * DAY_MS]
			});
			return tokenHash;
		},
		read: (groupId) =>
			rows('SELECT token_hash, revoked_at FROM group_invite_links WHERE group_id = ? ORDER BY 1', [
				groupId
			]),
		async remove(tokenHash) {
			await executeInE2eDatabase({
				sql: 'DELETE FROM group_invite_links WHERE token_hash = ?',
				args: [tokenHash]
			});
		}
	},
	invitation: {
		async make(groupId) {
			const id = crypto.randomUUID();
			const email = uniqueEmail('matrix-pending');
			// Sent a minute ago, so that sending it again shows.
			const sentAt = Date.now() - 60_000;
			await executeInE2eDatabase({
				sql: `INSERT INTO group_invitations
					(id, group_id, email, email_normalized, token_hash, created_at, sent_at, expires_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				args: [id, groupId, email, email, randomHex(32), sentAt, sentAt, sentAt + 14 * DAY_MS]
			});
			return id;
		},
		read: (groupId) =>
			rows(
				`SELECT id, token_hash, sent_at, cancelled_at FROM group_invitations
					WHERE group_id = ? ORDER BY 1`,
				[groupId]
			),
		async remove(id) {
			await executeInE2eDatabase({ sql: 'DELETE FROM group_invitations WHERE id = ?', args: [id] });
		}
	},
	assignment: {
		async make(groupId) {
			const id = crypto.randomUUID();
			await executeInE2eDatabase({
				sql: `INSERT INTO assignments (id, organisation_id, group_id, course_id, created_at)
					VALUES (?, ?, ?, ?, ?)`,
				args: [id, setup.organisationId, groupId, course.id, Date.now()]
			});
			return id;
		},
		read: (groupId) =>
			rows('SELECT id, due_at, withdrawn_at FROM assignments WHERE group_id = ? ORDER BY 1', [
				groupId
			]),
		async remove(id) {
			await executeInE2eDatabase({ sql: 'DELETE FROM assignments WHERE id = ?', args: [id] });
		}
	},
	member: {
		async make(groupId) {
			const id = crypto.randomUUID();
			const email = uniqueEmail('matrix-member');
			const now = Date.now();
			await executeInE2eDatabase({
				sql: `INSERT INTO users (id, email, email_normalized, name, password_hash, created_at,
					updated_at, email_verified_at) VALUES (?, ?, ?, 'Matrix Member', 'none', ?, ?, ?)`,
				args: [id, email, email, now, now, now]
			});
			await executeInE2eDatabase({
				sql: 'INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)',
				args: [groupId, id, now]
			});
			await executeInE2eDatabase({
				sql: `INSERT INTO memberships (user_id, organisation_id, role, created_at)
					VALUES (?, ?, 'learner', ?)`,
				args: [id, setup.organisationId, now]
			});
			return id;
		},
		read: (groupId) =>
			rows('SELECT user_id FROM group_members WHERE group_id = ? ORDER BY 1', [groupId]),
		async remove(id) {
			for (const table of ['group_members', 'memberships']) {
				await executeInE2eDatabase({ sql: `DELETE FROM ${table} WHERE user_id = ?`, args: [id] });
			}
			await executeInE2eDatabase({ sql: 'DELETE FROM users WHERE id = ?', args: [id] });
		}
	},
	group: {
		make: async () => '',
		read: () =>
			rows('SELECT id FROM groups WHERE organisation_id = ? ORDER BY 1', [setup.organisationId]),
		remove: async () => {}
	},
	notification: {
		async make() {
			const id = crypto.randomUUID();
			await executeInE2eDatabase({
				sql: `INSERT INTO notifications (id, user_id, kind, params, link, created_at)
					VALUES (?, ?, 'reminder-7-days', ?, ?, ?)`,
				args: [
					id,
					setup.learnerId,
					JSON.stringify({
						courseId: course.id,
						courseTitle: 'Matrix course',
						dueDate: '2031-01-01'
					}),
					`/courses/${course.slug}`,
					Date.now()
				]
			});
			return id;
		},
		read: (_groupId, id) => rows('SELECT read_at FROM notifications WHERE id = ?', [id]),
		async remove(id) {
			await executeInE2eDatabase({ sql: 'DELETE FROM notifications WHERE id = ?', args: [id] });
		}
	}
};

async function register(context: APIRequestContext, baseURL: string, learner: Credentials) {
	const response = await postForm(context, baseURL, '/register', [
		['name', 'Matrix Learner'],
		['email', learner.email],
		['password', learner.password],
		['locale', 'en'],
		['country', 'NO']
	]);
	expect(response.status(), `registering ${learner.email}`).toBe(303);
	const mail = await waitForMail(learner.email, {
		subject: 'Confirm your e-mail address for Spire'
	});
	const token = new URL(mailedLink(mail, '/verify-email'), baseURL).searchParams.get('token')!;
	const verified = await postForm(context, baseURL, '/verify-email', [['token', token]]);
	expect(verified.status(), `confirming ${learner.email}`).toBe(303);
}

/**
 * As the educator: three groups of the kindergarten. The first is the one the group rows use; the
 * second only gives its invite link to the join rows, because the first group's rows replace and
 * stop that group's link; nobody joins the third.
 */
async function groupsOfEducator(
	context: APIRequestContext,
	baseURL: string,
	educator: Credentials,
	organisationId: string
) {
	const signedIn = await postForm(context, baseURL, '/login', [
		['email', educator.email],
		['password', educator.password]
	]);
	expect(signedIn.status(), 'signing in as the educator').toBe(303);
	const groupIds: string[] = [];
	for (const name of ['Matrix group', 'Matrix invite group', 'Matrix empty group']) {
		const created = await postForm(context, baseURL, '/educate?/create', [
			['organisationId', organisationId],
			['name', name]
		]);
		expect(created.status(), `creating ${name}`).toBe(303);
		groupIds.push(new URL(created.headers().location, baseURL).pathname.split('/').pop()!);
	}
	const [firstGroupToken, inviteToken] = [
		await inviteLink(context, baseURL, groupIds[0]),
		await inviteLink(context, baseURL, groupIds[1])
	];
	return { groupId: groupIds[0], inviteToken, firstGroupToken, emptyGroupId: groupIds[2] };
}

async function inviteLink(context: APIRequestContext, baseURL: string, groupId: string) {
	const made = await postForm(context, baseURL, `/educate/groups/${groupId}?/inviteLink`, [
		['days', '30']
	]);
	expect(made.status(), 'making an invite link').toBe(200);
	const token = /\/join\/([a-z2-7]{32})/.exec(await made.text())?.[1];
	expect(token, 'the invite link on the page').toBeTruthy();
	return token!;
}

/** Signs the learner in and joins the group by its invite link. */
async function joinGroup(
	context: APIRequestContext,
	baseURL: string,
	learner: Credentials,
	token: string
) {
	const signedIn = await postForm(context, baseURL, '/login', [
		['email', learner.email],
		['password', learner.password]
	]);
	expect(signedIn.status(), 'signing in to join a group').toBe(303);
	const joined = await postForm(context, baseURL, `/join/${token}?/join`, []);
	expect(joined.status(), 'joining the group').toBe(303);
}

/**
 * As the signed-in learner: submits the first exercise of module 4 from a new draft, as the
 * writing page's form posts it; returns the submission's id.
 */
async function submitExercise(context: APIRequestContext, baseURL: string) {
	const submitted = await postForm(
		context,
		baseURL,
		`/courses/${exerciseCourse.slug}/exercises/${exerciseCourse.exercises[0]}?/submit`,
		[
			['reporter', 'I am the key adult in the group.'],
			['child', 'Ida, 4 years.'],
			['observations', '5 October, 9:30: We saw open sores.'],
			['childsWords', '12 October: Ida said: "It stings."'],
			['actionsTaken', '5 October: We told her mother.'],
			['strengths', 'Ida plays well with other children.'],
			['assessment', 'My assessment: I am worried about her care.'],
			['parentsInformed', 'Yes, on 20 October.'],
			['baseRevision', '0']
		]
	);
	expect(submitted.status(), 'submitting a practice notification').toBe(303);
	const id = /^\/referrals\/([\w-]+)$/.exec(submitted.headers().location)?.[1];
	expect(id, 'the submission in the redirect').toBeTruthy();
	return id!;
}

/** The id of the one member of the group, as the educator's group page names it. */
async function memberId(context: APIRequestContext, groupId: string) {
	const html = await (await context.get(`/educate/groups/${groupId}`)).text();
	const ids = [...html.matchAll(/name="userId" value="([^"]+)"/g)].map((match) => match[1]);
	expect(ids, 'one member in the group').toHaveLength(1);
	return ids[0];
}

/**
 * As the admin: a municipality with two kindergartens under it, and a kindergarten elsewhere, each
 * with its educator (see the roles in tests/authorization-matrix.ts).
 */
async function organisationsWithEducators(
	context: APIRequestContext,
	baseURL: string,
	accounts: Setup['accounts']
) {
	const signedIn = await postForm(context, baseURL, '/login', [
		['email', accounts.admin.email],
		['password', accounts.admin.password]
	]);
	expect(signedIn.status(), 'signing in as the admin').toBe(303);
	// Admins need two-factor sign-in for /admin: enrol with the key shown on the page.
	const enrolPage = await (await context.get('/account/two-factor')).text();
	const secret = /<code class="secret[^"]*">([A-Z2-7]+)<\/code>/.exec(enrolPage)?.[1];
	expect(secret, 'the two-factor key on the enrolment page').toBeTruthy();
	const confirmed = await postForm(context, baseURL, '/account/two-factor?/confirm', [
		['code', generateTOTP(decodeBase32IgnorePadding(secret!), 30, 6)]
	]);
	expect(confirmed.status(), 'turning on two-factor sign-in').toBe(200);

	const organisation = async (name: string, parentId: string, educator: Credentials) => {
		const created = await postForm(context, baseURL, '/admin/organisations?/create', [
			['name', name],
			['parentId', parentId]
		]);
		expect(created.status(), `creating ${name}`).toBe(303);
		const id = new URL(created.headers().location, baseURL).pathname.split('/').pop()!;
		const made = await postForm(context, baseURL, `/admin/organisations/${id}?/makeEducator`, [
			['email', educator.email]
		]);
		expect(made.status(), `making the educator of ${name}`).toBe(200);
		return id;
	};
	const municipalityId = await organisation(
		'Matrix municipality',
		'',
		accounts.municipalityEducator
	);
	const kindergartenId = await organisation(
		'Matrix kindergarten',
		municipalityId,
		accounts.educator
	);
	await organisation('Matrix neighbour kindergarten', municipalityId, accounts.neighbourEducator);
	await organisation('Matrix kindergarten elsewhere', '', accounts.otherEducator);
	return { municipalityId, kindergartenId };
}

function describeOutcome(outcome: Outcome) {
	return typeof outcome === 'object' ? `303 to ${outcome.redirect}` : String(outcome);
}

/** Signs the context in as the role (a fresh session each time); returns whose account it is. */
async function signIn(
	context: APIRequestContext,
	baseURL: string,
	role: Role
): Promise<Credentials> {
	if (role === 'anonymous') return setup.accounts.learner;
	// Signed in already, through adminState.
	if (role === 'admin') return setup.accounts.admin;
	const self = setup.accounts[role];
	const response = await postForm(context, baseURL, '/login', [
		['email', self.email],
		['password', self.password]
	]);
	expect(response.status(), `signing in as ${role}`).toBe(303);
	return self;
}

/** Crockford base32, and its check symbols (the value modulo 37), as certificates.ts makes codes. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${CROCKFORD}*~$=U`;

/**
 * A certificate of the owner's, issued by the educator's organisation, written straight into the
 * server's database as issuing writes it (completing the course here would use up the owner's
 * open attempt, which the quiz rows need). Returns its id and printed code.
 */
async function certificateOf(email: string, organisationId: string) {
	const data = Array.from(
		crypto.getRandomValues(new Uint8Array(16)),
		(b) => CROCKFORD[b % 32]
	).join('');
	let value = 0n;
	for (const char of data) value = value * 32n + BigInt(CROCKFORD.indexOf(char));
	const code = data + CHECK_SYMBOLS[Number(value % 37n)];
	const id = crypto.randomUUID();
	const now = Date.now();
	await executeInE2eDatabase({
		sql: `INSERT INTO certificates (id, code, issue_key, user_id, holder_name, course_id,
				course_title, course_version, objectives, minutes, completed_at, issuer_organisation_id,
				issuer_name, issued_at, status_index)
			SELECT ?, ?, 'completion:' || id || ':' || ?, id, name, ?, ?, '1', '["Matrix objective"]', 95,
				?, ?, 'Matrix organisation', ?,
				(SELECT coalesce(max(status_index), -1) + 1 FROM certificates)
			FROM users WHERE email_normalized = ?`,
		args: [
			id,
			code,
			course.id,
			course.id,
			'Matrix course',
			now,
			organisationId,
			now,
			email.toLowerCase()
		]
	});
	const printed = `SPIRE-${data.match(/.{4}/g)!.join('-')}-${code[16]}`;
	return { certificateId: id, certificateCode: printed };
}

/** A session for the account, as a completed sign-in writes it; returns the cookie's token. */
async function sessionInDatabase(email: string) {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const id = encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
	const now = Date.now();
	await executeInE2eDatabase({
		sql: `INSERT INTO sessions (id, user_id, created_at, expires_at, absolute_expires_at)
			SELECT ?, id, ?, ?, ? FROM users WHERE email_normalized = ?`,
		args: [id, now, now + 86_400_000, now + 86_400_000, email.toLowerCase()]
	});
	return token;
}

/** A browser state holding a fresh session of the admin (see `sessionInDatabase`). */
async function adminState(baseURL: string) {
	const token = await sessionInDatabase(setup.accounts.admin.email);
	return {
		cookies: [
			{
				name: 'spire_session',
				value: token,
				domain: new URL(baseURL).hostname,
				path: '/',
				expires: -1,
				httpOnly: true,
				secure: false,
				sameSite: 'Lax' as const
			}
		],
		origins: []
	};
}

/** A plain form post, as a browser without JavaScript sends it. */
function postForm(
	context: APIRequestContext,
	baseURL: string,
	path: string,
	fields: [string, string][]
) {
	return context.post(path, {
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			origin: baseURL
		},
		data: new URLSearchParams(fields).toString(),
		maxRedirects: 0
	});
}

/** Starts a quiz attempt and reads a complete set of answers from its form. */
async function startAttempt(context: APIRequestContext, baseURL: string) {
	const started = await postForm(context, baseURL, `/courses/${course.slug}/quiz?/start`, []);
	expect(started.status(), 'starting a quiz attempt').toBe(303);
	const location = started.headers().location;
	const attemptId = location.split('/').pop()!;
	const html = await (await context.get(location)).text();
	const answers = new Map<string, string>();
	for (const [, name, value] of html.matchAll(/name="(q:[^"]+)"\s+value="([^"]*)"/g)) {
		if (!answers.has(name)) answers.set(name, value);
	}
	expect(answers.size, 'questions on the attempt page').toBeGreaterThan(0);
	return { attemptId, answers: [...answers] };
}

/** `[name]` → the parameter's value, `*` → any one segment. */
function locationPattern(template: string, params: Record<string, string>) {
	const escaped = template.replace(/[.+?^${}()|\\]/g, '\\$&');
	const filled = escaped
		.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name]))
		.replace(/\*/g, '[^/?#]+');
	return new RegExp(`^${filled}$`);
}

function expectRedirect(
	location: string | undefined,
	expected: Outcome,
	path: string,
	params: Record<string, string>
) {
	expect(location, 'redirect location').toBeTruthy();
	const url = new URL(location!, 'http://spire.invalid');
	if (expected === 'redirect-to-login') {
		expect(url.pathname, `${location} leads to the login page`).toBe('/login');
		expect(url.searchParams.get('redirectTo'), 'and back here afterwards').toBe(path);
	} else if (typeof expected === 'object') {
		expect(url.pathname + url.search).toMatch(locationPattern(expected.redirect, params));
	}
}

function expectOutcome(
	response: APIResponse,
	expected: Outcome,
	path: string,
	params: Record<string, string>
) {
	if (typeof expected === 'number') {
		expect(response.status(), `${path} answers`).toBe(expected);
		return;
	}
	expect(response.status(), `${path} redirects`).toBe(303);
	expectRedirect(response.headers().location, expected, path, params);
}

type DataResponse = {
	type: 'data' | 'redirect' | 'error';
	location?: string;
	status?: number;
	nodes?: ({ type: string; status?: number } | null)[];
};

function expectDataOutcome(
	data: DataResponse,
	expected: Outcome,
	path: string,
	params: Record<string, string>
) {
	const errors = (data.nodes ?? []).filter((node) => node?.type === 'error');
	if (expected === 200) {
		expect(data.type, `${path}/__data.json`).toBe('data');
		expect(errors, `${path}/__data.json has no error nodes`).toEqual([]);
	} else if (typeof expected === 'number') {
		const status = data.type === 'error' ? data.status : errors[0]?.status;
		expect(status, `${path}/__data.json reports`).toBe(expected);
	} else {
		expect(data.type, `${path}/__data.json redirects`).toBe('redirect');
		expectRedirect(data.location, expected, path, params);
	}
}
