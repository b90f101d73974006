/**
 * Outgoing mail. With SMTP_URL set, nodemailer sends it from MAIL_FROM; without it (demo mode,
 * development) the whole mail, links included, is written to the server log instead, so Spire
 * works offline. Every mail is plain text plus simple HTML, worded through Paraglide in the
 * recipient's language.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { formatDueDate } from '$lib/dates';
import { m } from '$lib/paraglide/messages';
import { baseLocale, isLocale } from '$lib/paraglide/runtime';
import { readConfig } from '$lib/server/config';
import { emailPseudonym, serverLog, type Logger } from '$lib/server/log';

export type Mail = {
	to: string;
	subject: string;
	text: string;
	html: string;
	/** Every link in the mail, for the log when there is no SMTP server. */
	links: string[];
};

export type MailSettings = { smtpUrl: string | undefined; mailFrom: string };

let settings: MailSettings | undefined;
let transport: { url: string; transporter: Transporter } | undefined;

/** Sets where mail goes; the server calls it at start with its configuration. */
export function configureMail(next: MailSettings) {
	settings = next;
}

function mailSettings(): MailSettings {
	return (settings ??= readConfig());
}

/** Whether mail really leaves the server (SMTP_URL is set) or is only written to the log. */
export function mailIsLogged(): boolean {
	return !mailSettings().smtpUrl;
}

function transporter(url: string): Transporter {
	if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
	return transport.transporter;
}

/** Sends the mail, or logs it in full when there is no SMTP server. Throws when sending fails. */
export async function sendMail(mail: Mail, log: Logger = serverLog()) {
	const { smtpUrl, mailFrom } = mailSettings();
	if (!smtpUrl) {
		// `to`, not `email`: the log redacts fields called email, and this line exists to be read.
		// A warning, so it shows at LOG_LEVEL=warn too: someone is waiting for this mail.
		log.warn(
			{ to: mail.to, subject: mail.subject, text: mail.text, links: mail.links },
			'mail not sent (no SMTP_URL); its text is here instead'
		);
		return;
	}
	await transporter(smtpUrl).sendMail({
		from: mailFrom,
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		html: mail.html
	});
	// Only a pseudonym of the address, as in security events (see the privacy page).
	log.info({ toHash: emailPseudonym(mail.to), subject: mail.subject }, 'mail sent');
}

const pending = new Set<Promise<void>>();

/**
 * Prepares and sends a mail after the response has gone, so a page that may or may not send one
 * answers in the same time either way. `prepare` may return null (nothing to send). Failures are
 * logged, never thrown at the visitor.
 */
export function sendMailLater(prepare: () => Promise<Mail | null>, log: Logger = serverLog()) {
	const task = (async () => {
		try {
			const mail = await prepare();
			if (mail) await sendMail(mail, log);
		} catch (error) {
			log.error({ err: error }, 'mail could not be sent');
		}
	})();
	pending.add(task);
	void task.finally(() => pending.delete(task));
}

/** Waits for every mail handed to `sendMailLater` so far (tests, shutdown). */
export async function mailSettled() {
	while (pending.size > 0) await Promise.all(pending);
}

type MailLocale = Parameters<typeof m.mail_greeting>[1] extends { locale?: infer L } | undefined
	? NonNullable<L>
	: never;

/** The recipient's language when the interface has it, else the base language. */
function mailLocale(locale: string): MailLocale {
	return (isLocale(locale) ? locale : baseLocale) as MailLocale;
}

function escapeHtml(value: string): string {
	return value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

type MailParts = {
	to: string;
	subject: string;
	greeting: string;
	/** Paragraphs before the link. */
	before: string[];
	action: { label: string; url: string };
	/** Paragraphs after the link. */
	after: string[];
	signature: string;
};

/** One layout for every mail: greeting, paragraphs, the link, more paragraphs, signature. */
function composeMail(parts: MailParts): Mail {
	const { action } = parts;
	const text = [
		parts.greeting,
		...parts.before,
		`${action.label}:\n${action.url}`,
		...parts.after,
		parts.signature
	].join('\n\n');
	const paragraph = (line: string) => `<p>${escapeHtml(line)}</p>`;
	const html = [
		'<!doctype html>',
		'<html><body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">',
		paragraph(parts.greeting),
		...parts.before.map(paragraph),
		`<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`,
		`<p style="word-break: break-all">${escapeHtml(action.url)}</p>`,
		...parts.after.map(paragraph),
		paragraph(parts.signature),
		'</body></html>'
	].join('\n');
	return { to: parts.to, subject: parts.subject, text: `${text}\n`, html, links: [action.url] };
}

export type Recipient = { email: string; name: string; locale: string };

export function passwordResetMail(recipient: Recipient, link: string): Mail {
	const options = { locale: mailLocale(recipient.locale) };
	return composeMail({
		to: recipient.email,
		subject: m.mail_reset_subject({}, options),
		greeting: m.mail_greeting({ name: recipient.name }, options),
		before: [m.mail_reset_intro({}, options)],
		action: { label: m.mail_reset_action({}, options), url: link },
		after: [m.mail_reset_expiry({}, options), m.mail_reset_ignore({}, options)],
		signature: m.mail_signature({}, options)
	});
}

export function verificationMail(recipient: Recipient, link: string): Mail {
	const options = { locale: mailLocale(recipient.locale) };
	return composeMail({
		to: recipient.email,
		subject: m.mail_verify_subject({}, options),
		greeting: m.mail_greeting({ name: recipient.name }, options),
		before: [m.mail_verify_intro({}, options)],
		action: { label: m.mail_verify_action({}, options), url: link },
		after: [m.mail_verify_expiry({}, options), m.mail_verify_ignore({}, options)],
		signature: m.mail_signature({}, options)
	});
}

/** To the owner of an address someone tried to register again: a reset link, just in case. */
export function registrationAttemptMail(recipient: Recipient, resetLink: string): Mail {
	const options = { locale: mailLocale(recipient.locale) };
	return composeMail({
		to: recipient.email,
		subject: m.mail_attempt_subject({}, options),
		greeting: m.mail_greeting({ name: recipient.name }, options),
		before: [m.mail_attempt_intro({}, options), m.mail_attempt_forgot({}, options)],
		action: { label: m.mail_reset_action({}, options), url: resetLink },
		after: [m.mail_reset_expiry({}, options), m.mail_attempt_ignore({}, options)],
		signature: m.mail_signature({}, options)
	});
}

/** A personal invitation to a group, to an address that may not have an account yet. */
export function groupInvitationMail(
	recipient: Recipient,
	invitation: { groupName: string; organisationName: string; from: string },
	link: string
): Mail {
	const options = { locale: mailLocale(recipient.locale) };
	return composeMail({
		to: recipient.email,
		subject: m.mail_invite_subject({ organisation: invitation.organisationName }, options),
		greeting: m.mail_invite_greeting({}, options),
		before: [m.mail_invite_intro({ ...invitation }, options)],
		action: { label: m.mail_invite_action({}, options), url: link },
		after: [m.mail_invite_expiry({ days: 14 }, options), m.mail_invite_ignore({}, options)],
		signature: m.mail_signature({}, options)
	});
}

export type ReminderMailKind =
	| 'reminder-7-days'
	| 'reminder-1-day'
	| 'reminder-overdue'
	| 'certificate-expires-60-days'
	| 'certificate-expires-7-days';

/** A due-date reminder: what is due when, the course's link, and how to stop these mails. */
export function reminderMail(
	recipient: Recipient,
	reminder: {
		kind: ReminderMailKind;
		courseTitle: string;
		/** The day it is due by, YYYY-MM-DD. */
		dueDate: string;
		link: string;
		settingsLink: string;
	}
): Mail {
	const options = { locale: mailLocale(recipient.locale) };
	const dueDate = formatDueDate(new Date(`${reminder.dueDate}T23:59:59.999Z`), options.locale);
	const params = { course: reminder.courseTitle, dueDate };
	const { subject, intro } = {
		'reminder-7-days': {
			subject: m.mail_reminder_week_subject(params, options),
			intro: m.notification_reminder_week(params, options)
		},
		'reminder-1-day': {
			subject: m.mail_reminder_day_subject(params, options),
			intro: m.notification_reminder_day(params, options)
		},
		'reminder-overdue': {
			subject: m.mail_reminder_overdue_subject(params, options),
			intro: m.notification_reminder_overdue(params, options)
		},
		'certificate-expires-60-days': {
			subject: m.mail_certificate_expires_subject(params, options),
			intro: m.notification_certificate_expires({ course: params.course, date: dueDate }, options)
		},
		'certificate-expires-7-days': {
			subject: m.mail_certificate_expires_subject(params, options),
			intro: m.notification_certificate_expires({ course: params.course, date: dueDate }, options)
		}
	}[reminder.kind];
	return composeMail({
		to: recipient.email,
		subject,
		greeting: m.mail_greeting({ name: recipient.name }, options),
		before: [intro],
		action: { label: m.mail_reminder_action({}, options), url: reminder.link },
		after: [m.mail_reminder_opt_out({ link: reminder.settingsLink }, options)],
		signature: m.mail_signature({}, options)
	});
}
