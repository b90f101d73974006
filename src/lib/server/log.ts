/**
 * The server's log: one JSON object per line (pino), on stdout and, when LOG_FILE is set, also
 * appended to that file. Request data only ever goes into fields, never into the message, so a
 * path such as `/courses/%ff%fe` cannot garble a line. Secrets are kept out twice: callers never
 * pass cookies, headers, form bodies or passwords, and fields with those names are redacted
 * anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

/**
 * Field names that may hold a secret, personal data or a form body. Their values are replaced at
 * the top level and up to two levels down; deeper objects must not be logged at all.
 */
const SECRET_FIELDS = [
	'password',
	'currentPassword',
	'newPassword',
	'token',
	'sessionToken',
	'sessionId',
	'cookie',
	'cookies',
	'set-cookie',
	'authorization',
	'headers',
	'body',
	'form',
	'formData',
	'email'
];

export const REDACTED = '[redacted]';

export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => {
	const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
	const nested = key.startsWith('[') ? key : `.${key}`;
	return [key, `*${nested}`, `*.*${nested}`];
});

const LEVELS: Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
type LogLevel = Level | 'silent';

export type LogSettings = {
	/** LOG_LEVEL: fatal, error, warn, info (default), debug, trace or silent. */
	level: LogLevel;
	/** LOG_FILE: also append the log to this file. */
	file?: string;
	/** An unknown LOG_LEVEL, reported once the logger exists. */
	invalidLevel?: string;
};

export function readLogSettings(env: Record<string, string | undefined>): LogSettings {
	const wanted = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
	const known = wanted === 'silent' || (LEVELS as string[]).includes(wanted);
	return {
		level: known ? (wanted as LogLevel) : 'info',
		file: env.LOG_FILE?.trim() || undefined,
		invalidLevel: known ? undefined : wanted
	};
}

/** A logger writing to `destination`, or to stdout (and LOG_FILE) when none is given. */
export function createLogger(settings: LogSettings, destination?: DestinationStream): Logger {
	const { level } = settings;
	const stream =
		destination ??
		(settings.file
			? pino.multistream([
					{ level, stream: pino.destination(1) },
					{ level, stream: pino.destination({ dest: settings.file, mkdir: true }) }
				])
			: pino.destination(1));
	const logger = pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			redact: { paths: REDACTED_PATHS, censor: REDACTED }
		},
		stream
	);
	if (settings.invalidLevel) {
		logger.warn(
			{ variable: 'LOG_LEVEL', value: settings.invalidLevel },
			'unknown log level, using info'
		);
	}
	return logger;
}

let serverLogger: Logger | undefined;

/** Sets up the server's logger from LOG_LEVEL and LOG_FILE; called once at start. */
export function configureLogging(env: Record<string, string | undefined>): Logger {
	serverLogger = createLogger(readLogSettings(env));
	return serverLogger;
}

/**
 * The server's logger, for work outside a request (start-up, jobs). Inside a request use
 * `event.locals.log`, which adds the request id to every line.
 */
export function serverLog(): Logger {
	return (serverLogger ??= createLogger(readLogSettings(process.env)));
}

/** Random for each process, so that ids from different processes and restarts never meet. */
const REQUEST_ID_PREFIX = randomBytes(6).toString('base64url').slice(0, 7);
let requestCount = 0;

/**
 * 12 URL-safe characters: this process's random prefix and a counter. Short to read out and
 * unique to search for, without asking the system for random bytes on every request.
 */
export function newRequestId(): string {
	requestCount = (requestCount + 1) % 36 ** 5;
	return REQUEST_ID_PREFIX + requestCount.toString(36).padStart(5, '0');
}

/** Longer paths are cut: a fuzzer's 100 KB path should not become a 100 KB log line. */
const MAX_LOGGED_PATH = 300;

/**
 * A path segment that is a secret token (an invite link's, or any other 160-bit base32 token):
 * whoever can read the log must not be able to use the link.
 */
const TOKEN_SEGMENT = /\/[a-z2-7]{32}(?=\/|$)/g;

export function loggablePath(pathname: string): string {
	const masked = pathname.replace(TOKEN_SEGMENT, '/[token]');
	return masked.length > MAX_LOGGED_PATH ? `${masked.slice(0, MAX_LOGGED_PATH)}…` : masked;
}

/**
 * A pseudonym for an email address in security events: the first 16 hex digits of the SHA-256
 * of the trimmed, lower-cased address. Failures against one account can be followed without the
 * log holding the address; anyone who already knows an address can still recognise it.
 */
export function emailPseudonym(email: string): string {
	return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

/* Security events: one line each, `{ event: 'login.failure', ... }`, with the client IP. */

const SECURITY_EVENT_LEVELS = {
	'login.success': 'info',
	'login.failure': 'warn',
	'login.throttled': 'warn',
	'registration.throttled': 'warn',
	'account.created': 'info',
	/** Someone registered with the address of `userId`'s account; its owner was mailed. */
	'registration.address_taken': 'info',
	/**
	 * `userId` opened the link mailed at registration, or (`reason`: invitation) registered from an
	 * invitation mailed to that very address.
	 */
	'email.verified': 'info',
	/** A login with the right password for an account whose address is not checked yet. */
	'login.unverified': 'info',
	'password.reset_requested': 'info',
	'password.reset_throttled': 'warn',
	/** `reason`: invalid_link (used, expired or unknown) on a reset or address-check link. */
	'account_link.refused': 'warn',
	'account.deleted': 'info',
	'account.delete_failure': 'warn',
	'password.changed': 'info',
	/** `userId` chose a new password through a reset link; every other session ended. */
	'password.reset': 'info',
	'password.change_failure': 'warn',
	/** `userId` changed the role of `targetUserId` from `previousRole` to `role`. */
	'role.changed': 'info',
	'two_factor.enabled': 'info',
	/** A wrong or throttled code at the second step of a sign-in. */
	'two_factor.failure': 'warn',
	/** `userId` turned two-factor sign-in off, after giving the password again. */
	'two_factor.disabled': 'info',
	/** `reason`: wrong-password, throttled, not-on, admin-must-keep. */
	'two_factor.disable_failure': 'warn',
	/** `userId` made ten new recovery codes; the old ones stopped working. */
	'two_factor.recovery_codes_renewed': 'info',
	/** `reason`: wrong-password, throttled, not-on. */
	'two_factor.recovery_codes_failure': 'warn',
	/**
	 * `reason`: logout; expired_or_unknown (a token the server does not accept); password_change
	 * (the user's other sessions, ended by a password change); password_reset (every session of
	 * the user, ended by a reset link).
	 */
	'session.ended': 'info'
} satisfies Record<string, Level>;

export type SecurityEventName = keyof typeof SECURITY_EVENT_LEVELS;

export type SecurityEventFields = {
	/** The user who acted (or whose session or account it is). */
	userId?: string;
	/** The account a login was tried for; logged only as `emailHash` (see emailPseudonym). */
	email?: string;
	reason?: string;
	retryAfterSeconds?: number;
	/** For role changes: whose role changed, from what, to what. */
	targetUserId?: string;
	previousRole?: string;
	role?: string;
	/** For logins: whether the browser carried a valid device cookie for the account. */
	trustedDevice?: boolean;
};

type SecurityEventContext = {
	locals: Pick<App.Locals, 'log'>;
	getClientAddress(): string;
};

/**
 * Writes one security event through the request's logger, with the client's IP address (security
 * logs keep it; see the README's security notes). Call it from the route or hook that has the
 * request, e.g. `securityEvent(event, 'login.success', { userId })`.
 */
export function securityEvent(
	event: SecurityEventContext,
	name: SecurityEventName,
	{ email, ...fields }: SecurityEventFields = {}
) {
	let ip: string | undefined;
	try {
		ip = event.getClientAddress();
	} catch {
		// ADDRESS_HEADER is set but the proxy did not send it: log the event without an IP
	}
	const line = {
		event: name,
		ip,
		...fields,
		...(email ? { emailHash: emailPseudonym(email) } : {})
	};
	event.locals.log[SECURITY_EVENT_LEVELS[name]](line, 'security event');
}
