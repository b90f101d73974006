import { E2E_MAILBOX, E2E_SMTP_PORT } from '../playwright.config';
import { startMailbox } from './mail/mailbox-server';

/** The loopback SMTP server the test server sends its mail to, for the whole run. */
export default async function globalSetup() {
	return startMailbox(E2E_SMTP_PORT, E2E_MAILBOX);
}
