/**
 * Reading the loopback SMTP server's mailbox (tests/mail/mailbox-server.ts) from the browser
 * tests: one JSON line per message received in this run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { E2E_MAILBOX } from '../../playwright.config';
import type { StoredMail } from './mailbox-server';

/** Every mail the loopback SMTP server has received in this run (tests/mail/mailbox-server.ts). */
function mailbox(): StoredMail[] {
	if (!existsSync(E2E_MAILBOX)) return [];
	return readFileSync(E2E_MAILBOX, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as StoredMail);
}

/**
 * Waits for the newest mail to `to` that arrived at or after `since` (a `Date.now()` taken before
 * the action that sends it), and optionally has `subject`. Mail is sent after the response, so
 * it can arrive a moment after the page has loaded.
 */
export async function waitForMail(
	to: string,
	{ since = 0, subject }: { since?: number; subject?: string } = {}
): Promise<StoredMail> {
	const wanted = to.trim().toLowerCase();
	const deadline = Date.now() + 15_000;
	for (;;) {
		const found = mailbox()
			.filter((mail) => mail.to.includes(wanted) && mail.receivedAt >= since)
			.filter((mail) => subject === undefined || mail.subject === subject)
			.at(-1);
		if (found) return found;
		if (Date.now() > deadline) throw new Error(`No mail to ${to} arrived within 15 s`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** The mails that reached `to` so far. */
export function mailsTo(to: string): StoredMail[] {
	const wanted = to.trim().toLowerCase();
	return mailbox().filter((mail) => mail.to.includes(wanted));
}

/** The first link in the mail's text to `path` on this server, as a path with its query. */
export function mailedLink(mail: StoredMail, path: string): string {
	for (const match of mail.text.matchAll(/https?:\/\/\S+/g)) {
		const url = new URL(match[0]);
		if (url.pathname === path) return url.pathname + url.search;
	}
	throw new Error(`The mail "${mail.subject}" has no link to ${path}:\n${mail.text}`);
}
