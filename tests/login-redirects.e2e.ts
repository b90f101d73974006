import { HOSTILE_TARGETS } from '../src/lib/server/__fixtures__/hostile-redirects';
import { expect, register, test } from './fixtures';

/** True when a browser at `base` following `location` stays on the same site. */
function staysOnSite(location: string | undefined, base: string) {
	return (
		location !== undefined && new URL(location, `${base}/login`).origin === new URL(base).origin
	);
}

test('a login link cannot send the learner to another site', async ({
	page,
	a11y,
	baseURL,
	playwright
}) => {
	const { email, password } = await register(page, a11y);
	await a11y();

	// Through the real form, as a learner who followed a hostile link would.
	await page.context().clearCookies();
	await page.goto(`/login?redirectTo=${encodeURIComponent('/.//evil.example')}`);
	await a11y();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/me$/);
	expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
	await a11y();

	// Every hostile target, posted to the login form and asked of a signed-in visitor.
	const client = await playwright.request.newContext({ baseURL });
	const leaks: string[] = [];
	for (const target of HOSTILE_TARGETS) {
		const action = `/login?redirectTo=${encodeURIComponent(target)}`;
		const posted = await client.post(action, {
			form: { email, password },
			headers: { origin: baseURL!, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(posted.status(), `login with redirectTo=${JSON.stringify(target)}`).toBe(303);
		if (!staysOnSite(posted.headers().location, baseURL!))
			leaks.push(`POST ${JSON.stringify(target)} → ${posted.headers().location}`);
		const signedIn = await client.get(action, { maxRedirects: 0 });
		expect(signedIn.status()).toBe(303);
		if (!staysOnSite(signedIn.headers().location, baseURL!))
			leaks.push(`GET ${JSON.stringify(target)} → ${signedIn.headers().location}`);
	}
	await client.dispose();
	expect(leaks).toEqual([]);
});
