/**
 * A real SMTP server on loopback for the browser tests (`smtp-server`). The test server's
 * SMTP_URL points here; every message that arrives is appended to MAILBOX_FILE as one JSON line,
 * which `tests/fixtures.ts` reads to follow the links in it.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type StoredMail = {
	to: string[];
	from: string;
	subject: string;
	text: string;
	html: string;
	receivedAt: number;
};

/** Starts the server with an empty mailbox; resolves to a function that stops it. */
export async function startMailbox(port: number, file: string): Promise<() => Promise<void>> {
	mkdirSync(dirname(file), { recursive: true });
	rmSync(file, { force: true });
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		async onData(stream, session, callback) {
			try {
				const parsed = await simpleParser(stream);
				const mail: StoredMail = {
					to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					subject: parsed.subject ?? '',
					text: parsed.text ?? '',
					html: typeof parsed.html === 'string' ? parsed.html : '',
					receivedAt: Date.now()
				};
				appendFileSync(file, `${JSON.stringify(mail)}\n`);
				callback();
			} catch (error) {
				callback(error as Error);
			}
		}
	});
	server.listen(port, '127.0.0.1');
	await once(server.server, 'listening');
	return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
