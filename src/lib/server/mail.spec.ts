import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '$lib/server/log';
import {
	configureMail,
	mailIsLogged,
	mailSettled,
	passwordResetMail,
	registrationAttemptMail,
	sendMail,
	sendMailLater,
	verificationMail
} from '$lib/server/mail';

/** A logger that keeps its lines in memory, parsed. */
function memoryLogger() {
	const raw: string[] = [];
	const log = createLogger({ level: 'info' }, { write: (line: string) => void raw.push(line) });
	return { log, lines: () => raw.map((line) => JSON.parse(line)) };
}

const ADA = { email: 'ada@example.org', name: 'Ada <Lovelace> & co', locale: 'en' };
const LINK = 'https://spire.example/reset-password?token=abcdefghijklmnopqrstuvwxyz234567';

describe('mail texts', () => {
	it('puts the link in the text and the HTML, and escapes the name in the HTML', () => {
		for (const mail of [
			passwordResetMail(ADA, LINK),
			verificationMail(ADA, LINK),
			registrationAttemptMail(ADA, LINK)
		]) {
			expect(mail.to).toBe('ada@example.org');
			expect(mail.links).toEqual([LINK]);
			expect(mail.text).toContain(`\n${LINK}\n`);
			expect(mail.text).toContain('Hello Ada <Lovelace> & co,');
			expect(mail.html).toContain(`<a href="${LINK}">`);
			expect(mail.html).toContain('Hello Ada &lt;Lovelace&gt; &amp; co,');
			expect(mail.html).not.toContain('<Lovelace>');
		}
	});

	it('says what each mail is about', () => {
		expect(passwordResetMail(ADA, LINK).subject).toBe('Choose a new password for Spire');
		expect(verificationMail(ADA, LINK).subject).toBe('Confirm your e-mail address for Spire');
		const attempt = registrationAttemptMail(ADA, LINK);
		expect(attempt.subject).toBe('Someone tried to register with your address');
		expect(attempt.text).toContain('Did you forget your password?');
	});

	it("is written in the recipient's language", () => {
		const norwegian = JSON.parse(readFileSync('messages/nb.json', 'utf8')).mail_reset_subject;
		expect(norwegian).not.toBe('Choose a new password for Spire');
		expect(passwordResetMail({ ...ADA, locale: 'nb' }, LINK).subject).toBe(norwegian);
	});
});

describe('sending without SMTP_URL', () => {
	it('writes the whole mail to the log, recipient under `to` so it is not redacted', async () => {
		configureMail({ smtpUrl: undefined, mailFrom: 'Spire <no-reply@spire.test>' });
		expect(mailIsLogged()).toBe(true);
		const { log, lines } = memoryLogger();
		await sendMail(passwordResetMail(ADA, LINK), log);
		expect(lines()).toEqual([
			expect.objectContaining({
				to: 'ada@example.org',
				subject: 'Choose a new password for Spire',
				text: expect.stringContaining(LINK),
				links: [LINK]
			})
		]);
	});

	it('sends later without holding up the caller, and logs a failure instead of throwing', async () => {
		configureMail({ smtpUrl: undefined, mailFrom: 'Spire <no-reply@spire.test>' });
		const { log, lines } = memoryLogger();
		sendMailLater(async () => passwordResetMail(ADA, LINK), log);
		sendMailLater(async () => null, log);
		sendMailLater(async () => {
			throw new Error('database gone');
		}, log);
		expect(lines()).toEqual([]);
		await mailSettled();
		expect(lines().map((line) => line.msg)).toEqual([
			'mail not sent (no SMTP_URL); its text is here instead',
			'mail could not be sent'
		]);
	});
});

describe('sending through SMTP', () => {
	const received: { from: string; to: string; raw: Buffer }[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address).join(','),
					raw: Buffer.concat(chunks)
				});
				callback();
			});
		}
	});
	const port = 4721;

	beforeAll(async () => {
		server.listen(port, '127.0.0.1');
		await once(server.server, 'listening');
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('delivers plain text and HTML from MAIL_FROM to the recipient', async () => {
		configureMail({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Spire <no-reply@spire.test>' });
		expect(mailIsLogged()).toBe(false);
		const { log, lines } = memoryLogger();
		await sendMail(verificationMail(ADA, LINK), log);
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ from: 'no-reply@spire.test', to: 'ada@example.org' });
		const parsed = await simpleParser(received[0].raw);
		expect(parsed.subject).toBe('Confirm your e-mail address for Spire');
		expect(parsed.text).toContain(LINK);
		expect(parsed.html).toContain(`<a href="${LINK}">`);
		// A sent mail is logged without its text (the link in it opens the account) or its address.
		expect(JSON.stringify(lines())).not.toContain(LINK);
		expect(JSON.stringify(lines())).not.toContain('ada@example.org');
	});
});
