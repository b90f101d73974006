/**
 * The server's log, as an operator reads it: JSON lines with a request id, security events for
 * logins and logouts, and never a secret. The test server writes its log to E2E_LOG (LOG_FILE).
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { E2E_LOG } from '../playwright.config';
import { expect, logIn, logOut, register, test, uniqueEmail } from './fixtures';

type LogLine = Record<string, unknown> & { requestId?: string; msg: string };

function readLog(): { text: string; lines: LogLine[] } {
	const text = readFileSync(E2E_LOG, 'utf8');
	const lines = text
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as LogLine);
	return { text, lines };
}

/** The log's lines for one request, once written (the log is written asynchronously). */
async function linesOf(requestId: string, until: (lines: LogLine[]) => boolean) {
	let found: LogLine[] = [];
	await expect
		.poll(() => {
			found = readLog().lines.filter((line) => line.requestId === requestId);
			return until(found);
		})
		.toBe(true);
	return found;
}

async function sessionToken(context: BrowserContext) {
	const cookie = (await context.cookies()).find((c) => c.name === 'spire_session');
	expect(cookie).toBeDefined();
	return cookie!.value;
}

/** The response of the next form post to `path`, however the form was sent. */
function nextPost(page: Page, path: string) {
	return page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path
	);
}

test('a login leaves no secret in the log, and its security event carries the request id', async ({
	page,
	context,
	a11y
}) => {
	const email = uniqueEmail('logged');
	const password = `log-test ${Math.random().toString(36).slice(2)} secret`;
	const wrongPassword = `wrong ${Math.random().toString(36).slice(2)} guess`;
	await register(page, a11y, { email, password });
	await a11y();
	const registrationToken = await sessionToken(context);

	await logOut(page, a11y);

	const failedPost = nextPost(page, '/login');
	await logIn(page, a11y, email, wrongPassword);
	const failedId = (await failedPost).headers()['x-request-id'];
	await expect(page.getByText('The email or password is not right.')).toBeVisible();

	const loginPost = nextPost(page, '/login');
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
	const loginId = (await loginPost).headers()['x-request-id'];
	await expect(page).toHaveURL(/\/me$/);
	await a11y();
	const loginToken = await sessionToken(context);
	expect(loginToken).not.toBe(registrationToken);

	expect(loginId).toMatch(/^[A-Za-z0-9_-]{12}$/);
	const loginLines = await linesOf(loginId, (lines) =>
		lines.some((line) => line.event === 'login.success')
	);
	expect(loginLines.find((line) => line.event === 'login.success')).toMatchObject({
		msg: 'security event',
		userId: expect.any(String),
		ip: expect.any(String)
	});
	const failureLines = await linesOf(failedId, (lines) =>
		lines.some((line) => line.event === 'login.failure')
	);
	expect(failureLines.find((line) => line.event === 'login.failure')).toMatchObject({
		reason: 'invalid',
		emailHash: expect.stringMatching(/^[0-9a-f]{16}$/)
	});

	const { text } = readLog();
	for (const secret of [password, wrongPassword, registrationToken, loginToken]) {
		expect(text).not.toContain(secret);
	}
	expect(text).not.toContain(`spire_session=${loginToken}`);
	expect(text).not.toMatch(/spire_session=/);
	expect(text).not.toContain(email);
	expect(text.toLowerCase()).not.toContain('"cookie"');
});

test('logging out is a security event of the same user', async ({ page, a11y }) => {
	await register(page, a11y);
	await a11y();
	const logoutPost = nextPost(page, '/logout');
	await page.getByRole('button', { name: 'Log out' }).click();
	const logoutId = (await logoutPost).headers()['x-request-id'];
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })
	).toBeVisible();
	await a11y();
	const lines = await linesOf(logoutId, (found) =>
		found.some((line) => line.event === 'session.ended')
	);
	expect(lines.find((line) => line.event === 'session.ended')).toMatchObject({
		reason: 'logout',
		userId: expect.any(String)
	});
});

test('request data is a field of one JSON line, even with format characters in the path', async ({
	request
}) => {
	const response = await request.get('/courses/%ff%fe%s%d');
	expect(response.status()).toBe(400);
	const requestId = response.headers()['x-request-id'];
	const lines = await linesOf(requestId, (found) => found.some((line) => line.msg === 'request'));
	expect(lines.find((line) => line.msg === 'request')).toMatchObject({
		method: 'GET',
		path: '/courses/%ff%fe%s%d',
		status: 400,
		ms: expect.any(Number)
	});
	// Every line of the whole log is one JSON object (readLog would throw otherwise).
	expect(readLog().lines.length).toBeGreaterThan(0);
});

test('every response gets its own request id; one sent by the client is not used', async ({
	request
}) => {
	const first = await request.get('/healthz', { headers: { 'x-request-id': 'chosen-by-client' } });
	const second = await request.get('/healthz');
	const ids = [first.headers()['x-request-id'], second.headers()['x-request-id']];
	for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
	expect(ids[0]).not.toBe(ids[1]);
	await linesOf(ids[0], (found) => found.some((line) => line.msg === 'request'));
	expect(readLog().text).not.toContain('chosen-by-client');
});
