import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('the health check answers 200 with {"status":"ok"} while the database answers', async ({
	request
}) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ status: 'ok' });
	expect(response.headers()['cache-control']).toBe('no-store');
});

test('pages carry a content security policy and the usual security headers', async ({
	request
}) => {
	const response = await request.get('/courses');
	const headers = response.headers();
	expect(headers['content-security-policy']).toMatch(
		/script-src 'self' 'nonce-[^']+'|script-src 'self' 'sha256-/
	);
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('a database that cannot be opened stops the server with a clear message, not a stack trace', () => {
	// The database's folder would have to be inside a plain file: it cannot be created.
	const folder = mkdtempSync(join(tmpdir(), 'spire-no-db-'));
	const blocker = join(folder, 'a-file');
	writeFileSync(blocker, '');
	const url = `file:${blocker}/spire.db`;
	const result = spawnSync('node', ['src/server.js'], {
		env: {
			...process.env,
			PORT: '4190',
			ORIGIN: 'http://localhost:4190',
			DATABASE_URL: url,
			SPIRE_DEMO: 'false'
		},
		encoding: 'utf8',
		timeout: 20_000
	});
	rmSync(folder, { recursive: true, force: true });
	expect(result.status).toBe(1);
	expect(result.stderr).toContain(`Spire cannot start. Cannot open the database at ${url}`);
	expect(result.stderr).toContain('Check DATABASE_URL');
	expect(result.stderr).not.toMatch(/^\s+at /m);
});
