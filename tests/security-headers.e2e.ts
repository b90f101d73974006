/**
 * Security headers as a browser and a security review see them: the same on pages, static files
 * and /_app assets; HSTS only when the site is https; and a Content-Security-Policy without
 * 'unsafe-inline' for styles that no page breaks.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIResponse } from '@playwright/test';
import { COURSE, expect, logOut, register, test } from './fixtures';

const SHARED = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=()'
};

function securityHeadersOf(response: APIResponse) {
	const headers = response.headers();
	return Object.fromEntries(Object.keys(SHARED).map((name) => [name, headers[name]]));
}

test('pages, static files and /_app assets carry the same security headers, without HSTS over http', async ({
	request
}) => {
	const page = await request.get('/courses');
	expect(page.status()).toBe(200);
	const asset = (await page.text()).match(/\/_app\/immutable\/[\w./-]+\.(?:js|css)/)?.[0];
	expect(asset, 'the page links an /_app/immutable asset').toBeDefined();

	for (const path of ['/courses', '/robots.txt', '/screenshot.png', asset!, '/no-such-page']) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(path === '/no-such-page' ? 404 : 200);
		expect(securityHeadersOf(response), path).toEqual(SHARED);
		expect(response.headers()['strict-transport-security'], path).toBeUndefined();
	}
	expect((await request.get(asset!)).headers()['cache-control']).toContain('immutable');
});

test('with an https ORIGIN every response carries HSTS, and the server stops cleanly on SIGTERM', async () => {
	const folder = mkdtempSync(join(tmpdir(), 'spire-https-'));
	const server = spawn('node', ['src/server.js'], {
		env: {
			...process.env,
			PORT: '0', // any free port: the server prints the one it got
			HOST: '127.0.0.1',
			ORIGIN: 'https://spire.example.org',
			DATABASE_URL: `file:${join(folder, 'spire.db')}`,
			SPIRE_DEMO: 'false',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));
	try {
		const base = await new Promise<string>((found, failed) => {
			let output = '';
			server.stdout.on('data', (chunk) => {
				output += chunk;
				const listening = output.match(/Listening on (http:\/\/[\d.]+:\d+)/);
				if (listening) found(listening[1]);
			});
			server.on('exit', () => failed(new Error(`The server stopped: ${output}`)));
		});
		for (const path of ['/robots.txt', '/healthz', '/courses']) {
			const response = await fetch(base + path);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('strict-transport-security'), path).toBe(
				'max-age=63072000; includeSubDomains'
			);
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
		}
		server.kill('SIGTERM');
		expect(await exited).toBe(0);
	} finally {
		server.kill('SIGKILL');
		rmSync(folder, { recursive: true, force: true });
	}
});

test('no page breaks the Content-Security-Policy, which refuses inline styles', async ({
	page,
	a11y
}) => {
	const violations: string[] = [];
	await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { reportCspViolation(text: string): void })
				.reportCspViolation;
			report(`${location.pathname}: ${event.violatedDirective} ${event.blockedURI}`);
		});
	});
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});

	const response = await page.goto('/');
	expect(response?.headers()['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
	expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
	await a11y();
	await register(page, a11y);
	await a11y();

	// Client-side navigations, so that SvelteKit's route announcer appears too.
	await page.getByRole('link', { name: COURSE.title }).click();
	await expect(page.getByRole('heading', { level: 1, name: COURSE.title })).toBeVisible();
	await a11y();
	await page.getByRole('button', { name: 'Start' }).click();
	await expect(page.getByText(/^Lesson \d+ of \d+$/)).toBeVisible();
	await a11y();
	await page.getByRole('button', { name: 'Mark as complete' }).click();
	await expect(page.getByText('You have completed this lesson.')).toBeVisible();
	await a11y();
	const announcer = page.locator('#svelte-announcer');
	await expect(announcer).toHaveText(/\S/);
	// Its style attribute applied: visually hidden, a 1×1 px box.
	expect(await announcer.evaluate((element) => element.getBoundingClientRect().width)).toBe(1);

	for (const path of [`/courses/${COURSE.slug}/quiz`, '/me', '/account', '/no-such-page']) {
		await page.goto(path);
		await a11y();
	}
	await logOut(page, a11y);
	await page.goto('/login');
	await a11y();

	expect(violations).toEqual([]);
});
