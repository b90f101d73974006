/**
 * Certificates, by user story: a learner sets the name for their certificates, completes the
 * course, finds the certificate on /me, downloads the PDF and the signed Open Badge; anyone,
 * without an account or JavaScript, checks the code from the PDF's QR code or by typing it, and
 * sees Valid, Revoked, Not found or a typo.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { executeInE2eDatabase } from './e2e-database';
import { educatorWithGroup } from './admin-accounts';
import {
	COURSE,
	answerQuiz,
	completeLessons,
	expect,
	logIn,
	logOut,
	register,
	test,
	uniqueEmail
} from './fixtures';
import { courseContent } from './routes.mjs';

const course = courseContent().find((c) => c.slug === COURSE.slug)!;

/** The QR code of the PDF's page, decoded (poppler renders it, jsQR reads it). */
function qrCodeOf(pdfPath: string, folder: string): string | undefined {
	execFileSync('pdftoppm', ['-r', '100', '-gray', pdfPath, join(folder, 'page')]);
	const image = readdirSync(folder).find(
		(name) => name.startsWith('page') && name.endsWith('.pgm')
	)!;
	const bytes = readFileSync(join(folder, image));
	const header = /^P5\s+(\d+)\s+(\d+)\s+\d+\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
	const [width, height] = [Number(header[1]), Number(header[2])];
	const gray = bytes.subarray(header[0].length);
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let i = 0; i < width * height; i++) rgba.set([gray[i], gray[i], gray[i], 255], i * 4);
	return jsQR(rgba, width, height)?.data;
}

/** An axe scan of a page outside the `a11y` fixture (a second browser context). */
async function scan(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('a learner completes the course, downloads the certificate, and a stranger verifies it from its QR code', async ({
	page,
	a11y,
	browser,
	baseURL
}) => {
	test.slow(); // a whole course, a PDF rendered to an image, and a second browser
	await register(page, a11y, { name: 'Ase Odegard' });
	await a11y();

	// The name on certificates, on /account.
	await page.goto('/account');
	await a11y();
	const nameField = page.getByLabel('Name on certificates');
	await expect(nameField).toHaveValue('Ase Odegard');
	await nameField.fill('Åse Ødegård-Bækken');
	await page.getByRole('button', { name: 'Save name on certificates' }).click();
	await expect(page.getByText('Saved. New certificates will show this name.')).toBeVisible();
	await a11y();

	// Every lesson, then the quiz, passed.
	await completeLessons(page.request, baseURL!);
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await answerQuiz(page, { correctly: true });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText('You have completed the course.')).toBeVisible();
	await a11y();

	// /me lists the certificate as valid.
	await page.goto('/me');
	const certificates = page.getByRole('region', { name: 'Your certificates' });
	await expect(certificates.getByRole('link', { name: COURSE.title })).toBeVisible();
	await expect(certificates.getByText('Valid', { exact: true })).toBeVisible();
	const code = (await certificates.locator('code').innerText()).trim();
	expect(code).toMatch(/^SPIRE-(?:[0-9A-Z]{4}-){4}.$/);
	await a11y();

	// The PDF: a real PDF, named after the course, whose QR code leads to the verification page.
	const folder = mkdtempSync(join(tmpdir(), 'spire-e2e-pdf-'));
	try {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			certificates.getByRole('link', { name: 'Download certificate (PDF)' }).click()
		]);
		expect(download.suggestedFilename()).toBe(`spire-certificate-${course.id}.pdf`);
		const pdfPath = join(folder, 'certificate.pdf');
		await download.saveAs(pdfPath);
		const bytes = readFileSync(pdfPath);
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(bytes.length).toBeLessThan(100 * 1024);
		const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
		expect(text).toContain('Åse Ødegård-Bækken');
		expect(text).toContain(code);
		const qrUrl = qrCodeOf(pdfPath, folder);
		expect(qrUrl).toBe(`${baseURL}/verify/${code}`);

		// A stranger: a fresh browser with no session and no JavaScript.
		const stranger = await browser.newContext({ javaScriptEnabled: false });
		const strangerPage = await stranger.newPage();
		const response = await strangerPage.goto(qrUrl!);
		expect(response?.status()).toBe(200);
		await expect(
			strangerPage.getByRole('heading', { level: 1, name: 'Valid certificate' })
		).toBeVisible();
		await expect(strangerPage.getByText('Valid', { exact: true })).toBeVisible();
		await expect(strangerPage.getByText('Åse Ødegård-Bækken')).toBeVisible();
		await expect(strangerPage.locator('body')).not.toContainText('@example.org');
		await stranger.close();
		const scanContext = await browser.newContext();
		const scanPage = await scanContext.newPage();
		await scanPage.goto(qrUrl!);
		await scan(scanPage);
		await scanContext.close();
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}

	// The certificate's own page: the signed Open Badge checks out at POST /api/badges/verify.
	await certificates.getByRole('link', { name: COURSE.title }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `Certificate: ${COURSE.title}` })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Add to LinkedIn' })).toHaveAttribute(
		'href',
		/^https:\/\/www\.linkedin\.com\/profile\/add\?/
	);
	await a11y();
	const jwtHref = await page
		.getByRole('link', { name: 'Download the signed Open Badge (.jwt)' })
		.getAttribute('href');
	const jwt = await (await page.request.get(jwtHref!)).text();
	const verdict = await page.request.post('/api/badges/verify', {
		headers: { 'content-type': 'application/json' },
		data: JSON.stringify({ credential: jwt })
	});
	expect(verdict.status()).toBe(200);
	expect(await verdict.json()).toMatchObject({ verified: true });
	const tampered = jwt.slice(0, -3) + (jwt.endsWith('AAA') ? 'BBB' : 'AAA');
	const refused = await page.request.post('/api/badges/verify', {
		headers: { 'content-type': 'application/json' },
		data: JSON.stringify({ credential: tampered })
	});
	expect(refused.status()).toBe(422);
	expect(await refused.json()).toMatchObject({ verified: false });
});

test('an educator revokes a certificate their kindergarten issued, with a reason, and undoes it', async ({
	page,
	a11y,
	browser,
	baseURL
}) => {
	test.slow(); // three accounts and a whole course
	const { educator, organisation, groupPath } = await educatorWithGroup(page, a11y, 'Haust 2026');
	await page.getByRole('button', { name: 'Invite link' }).click();
	const inviteLink = (await page.getByRole('link', { name: 'Copy link' }).getAttribute('href'))!;
	await page.getByRole('checkbox', { name: COURSE.title }).check();
	await page.getByRole('button', { name: 'Assign course' }).click();
	await expect(page.getByText('The course is assigned.')).toBeVisible();
	await logOut(page, a11y);

	// A learner joins the group and completes the course the kindergarten assigned.
	const learner = await register(page, a11y, { name: 'Live Lærling' });
	await page.goto(new URL(inviteLink).pathname);
	await a11y();
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByText('You are now in this group.')).toBeVisible();
	await completeLessons(page.request, baseURL!);
	await page.goto(`/courses/${COURSE.slug}/quiz`);
	await a11y();
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await expect(page).toHaveURL(/\/quiz\/[\w-]+$/);
	await a11y();
	await answerQuiz(page, { correctly: true });
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText('You have completed the course.')).toBeVisible();
	await page.goto('/me');
	const code = (
		await page.getByRole('region', { name: 'Your certificates' }).locator('code').innerText()
	).trim();
	await logOut(page, a11y);

	// The educator finds it on the learner's page: issued by the kindergarten.
	await logIn(page, a11y, educator.email);
	await expect(page).toHaveURL(/\/me$/);
	await page.goto(groupPath);
	await page.getByRole('link', { name: learner.name }).first().click();
	const issued = page.getByRole('region', { name: 'Certificates issued by your organisation' });
	await expect(issued.getByText('Valid', { exact: true })).toBeVisible();
	await a11y();
	await issued.getByRole('link', { name: COURSE.title }).click();
	await expect(page.getByText(organisation)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Download certificate (PDF)' })).toBeVisible();
	// The holder's own downloads are theirs alone.
	await expect(page.getByRole('link', { name: /Open Badge/ })).toHaveCount(0);
	await a11y();

	// A reason is required, and says so next to the field.
	const revocation = page.getByRole('region', { name: 'Revoke this certificate' });
	await revocation.getByRole('button', { name: 'Revoke certificate' }).click();
	await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(
		/Write why the certificate is revoked\./
	);
	await expect(page.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
	await a11y();
	await page.getByLabel('Reason').fill('Issued to the wrong person');
	await revocation.getByRole('button', { name: 'Revoke certificate' }).click();
	await expect(page.getByText('The certificate is revoked.', { exact: true })).toBeVisible();
	await expect(page.getByText('Revoked', { exact: true }).first()).toBeVisible();
	await expect(
		page.getByText('Reason for the revocation: Issued to the wrong person')
	).toBeVisible();
	await expect(revocation.getByRole('listitem')).toHaveText([/^Revoked .* by Eda Educator$/]);
	await a11y();

	// The public page says Revoked, and never why.
	const stranger = await browser.newContext();
	const strangerPage = await stranger.newPage();
	await strangerPage.goto(`/verify/${code}`);
	await expect(
		strangerPage.getByRole('heading', { level: 1, name: 'Revoked certificate' })
	).toBeVisible();
	await expect(strangerPage.locator('body')).not.toContainText('wrong person');

	// Undone: valid again, and both steps are in the history.
	await revocation.getByRole('button', { name: 'Undo the revocation' }).click();
	await expect(
		page.getByText(
			'The revocation is undone: the certificate is valid again unless it has expired.'
		)
	).toBeVisible();
	await expect(page.getByText('Valid', { exact: true })).toBeVisible();
	await expect(revocation.getByRole('listitem')).toHaveText([
		/^Revocation undone .* by Eda Educator$/,
		/^Revoked .* by Eda Educator$/
	]);
	await a11y();
	await strangerPage.reload();
	await expect(
		strangerPage.getByRole('heading', { level: 1, name: 'Valid certificate' })
	).toBeVisible();
	await stranger.close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('anyone checks a typed code: valid, revoked with its date, a typo, and not found', async ({
		page,
		a11y
	}) => {
		const { code, id } = await certificateInDatabase('Øystein Ærlig');

		await page.goto('/verify');
		await a11y();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Verify a certificate' })
		).toBeVisible();
		// Typed carelessly: small letters, spaces instead of dashes, O for 0.
		const careless = code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
		await page.getByLabel('Certificate code').fill(careless);
		await page.getByRole('button', { name: 'Verify' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Valid certificate' })).toBeVisible();
		await expect(page.getByText('Øystein Ærlig')).toBeVisible();
		await a11y();

		// Revoked: the page says so, with the date, never the reason.
		await executeInE2eDatabase({
			sql: `UPDATE certificates SET revoked_at = ?, revocation_reason = 'Secret reason' WHERE id = ?`,
			args: [Date.UTC(2026, 0, 15, 12), id]
		});
		await page.reload();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Revoked certificate' })
		).toBeVisible();
		await expect(page.getByText('Revoked', { exact: true })).toBeVisible();
		await expect(page.getByText(/revoked on 15 January 2026/)).toBeVisible();
		await expect(page.locator('body')).not.toContainText('Secret reason');
		await a11y();

		// A typo: the check character does not match. Told apart, with a 400.
		const last = code.at(-1) === '0' ? '1' : '0';
		await page.goto('/verify');
		await page.getByLabel('Certificate code').fill(code.slice(0, -1) + last);
		const [typo] = await Promise.all([
			page.waitForResponse((r) => r.url().includes('/verify')),
			page.getByRole('button', { name: 'Verify' }).click()
		]);
		expect(typo.status()).toBe(400);
		await expect(page.getByLabel('Certificate code')).toHaveAccessibleDescription(
			/This code has a typo/
		);
		await expect(page.getByLabel('Certificate code')).toHaveValue(code.slice(0, -1) + last);
		await a11y();

		// A well-formed code nobody has: Not found, 404.
		const unknown = await page.goto('/verify/SPIRE-0000-0000-0000-0001-1');
		expect(unknown?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
		await a11y();

		// Something that is no code at all, 10 KB long: a 400 page, never a 500.
		const long = await page.goto(`/verify/${'Z'.repeat(10_000)}`);
		expect(long?.status()).toBe(400);
		await expect(page.getByLabel('Certificate code')).toHaveAccessibleDescription(
			/not a Spire certificate code/
		);
		await a11y();
	});
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A certificate of a new account, written into the server's database as issuing writes it: this
 * story is about checking codes, not about taking the course again. Returns its printed code.
 */
async function certificateInDatabase(holderName: string) {
	const data = Array.from(
		crypto.getRandomValues(new Uint8Array(16)),
		(b) => CROCKFORD[b % 32]
	).join('');
	let value = 0n;
	for (const char of data) value = value * 32n + BigInt(CROCKFORD.indexOf(char));
	const code = data + `${CROCKFORD}*~$=U`[Number(value % 37n)];
	const userId = crypto.randomUUID();
	const id = crypto.randomUUID();
	const email = uniqueEmail('verify');
	const now = Date.now();
	await executeInE2eDatabase({
		sql: `INSERT INTO users (id, email, email_normalized, name, password_hash, locale, created_at, updated_at, email_verified_at)
			VALUES (?, ?, ?, ?, 'not-a-real-hash', 'en', ?, ?, ?)`,
		args: [userId, email, email, holderName, now, now, now]
	});
	await executeInE2eDatabase({
		sql: `INSERT INTO certificates (id, code, issue_key, user_id, holder_name, course_id,
				course_title, course_version, objectives, minutes, completed_at, issuer_name, issued_at,
				status_index)
			VALUES (?, ?, ?, ?, ?, ?, ?, '2026.1', '["Know the signs"]', 95, ?, 'Spire', ?,
				(SELECT coalesce(max(status_index), -1) + 1 FROM certificates))`,
		args: [
			id,
			code,
			`completion:${userId}:${course.id}`,
			userId,
			holderName,
			course.id,
			COURSE.title,
			now,
			now
		]
	});
	return { id, code: `SPIRE-${data.match(/.{4}/g)!.join('-')}-${code[16]}` };
}
