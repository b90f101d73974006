import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env } from '$env/dynamic/private';
import { readConfig } from '$lib/server/config';
import {
	DatabaseUnavailableError,
	migrateDatabase,
	openDatabase,
	useDatabase
} from '$lib/server/db';
import { recordRunningServer } from '$lib/server/db/backup';
import { createDemoAccounts } from '$lib/server/demo';
import { configureAdminEmail, promoteConfiguredAdmin } from '$lib/server/admins';
import { getCatalog } from '$lib/server/courses';
import { signingKey } from '$lib/server/badges';
import { issueMissingCertificates } from '$lib/server/certificates';
import { checkFormPost } from '$lib/server/form-posts';
import { configureMail, mailSettled } from '$lib/server/mail';
import { purgeExpired, startMaintenance } from '$lib/server/maintenance';
import { flushLessonVisits } from '$lib/server/progress';
import { startReminders } from '$lib/server/reminders';
import { LANGUAGE_COOKIE, resolveLocale, runInLocale, textDirection } from '$lib/server/locale';
import {
	configureLogging,
	loggablePath,
	newRequestId,
	securityEvent,
	type Logger
} from '$lib/server/log';
import { securityHeaders } from '$lib/server/security-headers';
import {
	deleteSessionCookie,
	readSessionToken,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/sessions';

const log = configureLogging(env);

export const init: ServerInit = async () => {
	const config = readConfig(env);
	configureMail(config);
	try {
		const handle = await openDatabase(config.databaseUrl, config.databaseAuthToken);
		await migrateDatabase(handle.db);
		useDatabase(handle);
		recordRunningServer(config.databaseUrl); // db:restore refuses while this process lives
	} catch (error) {
		const message =
			error instanceof DatabaseUnavailableError
				? error.message
				: `Cannot prepare the database: ${(error as Error).message}`;
		console.error(
			`\nSpire cannot start. ${message}\nCheck DATABASE_URL (and DATABASE_AUTH_TOKEN for a remote server).\n`
		);
		process.exit(1);
	}
	getCatalog(); // fail at start, not on the first request, if the content is invalid
	// Completions from before certificates existed get theirs once; page loads never write.
	await issueMissingCertificates(getCatalog().courses);
	await signingKey(); // the Open Badges signing key is made on first start
	await purgeExpired();
	startMaintenance();
	// Due-date reminders; `npm run reminders` does the same from a cron job, and neither sends twice.
	startReminders(() => ({
		origin: env.ORIGIN?.trim() || 'http://localhost:3000',
		courses: getCatalog().courses
	}));
	// Lesson visits are written in batches; the last batch goes out when the server stops.
	process.on('sveltekit:shutdown', () => void flushLessonVisits());
	// Mails are sent after the response; a graceful stop lets the last ones go out.
	process.on('sveltekit:shutdown', () => void mailSettled());
	if (config.demo) await createDemoAccounts();
	configureAdminEmail(config.adminEmail);
	await promoteConfiguredAdmin();
};

const handleSession: Handle = async ({ event, resolve }) => {
	const token = readSessionToken(event);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const validated = await validateSessionToken(token);
		if (validated) {
			event.locals.user = validated.user;
			event.locals.session = validated.session;
			// The cookie's expiry moves only when the session's does (about once a day).
			if (validated.refreshed) setSessionCookie(event, token, validated.session.expiresAt);
		} else {
			securityEvent(event, 'session.ended', { reason: 'expired_or_unknown' });
			deleteSessionCookie(event);
		}
	}
	return resolve(event);
};

/**
 * The interface language for the request (profile, then cookie, then Accept-Language, then
 * English; see resolveLocale), and the `lang`/`dir` of the page. Paraglide's own middleware
 * knows no profile, and adds locale URLs, which Spire does not use.
 */
const handleLocale: Handle = ({ event, resolve }) => {
	const resolved = resolveLocale({
		profile: event.locals.user?.locale,
		cookie: event.cookies.get(LANGUAGE_COOKIE),
		acceptLanguage: event.request.headers.get('accept-language')
	});
	return runInLocale(resolved, event.url, (locale) => {
		const lang = locale;
		const dir = textDirection(locale);
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', lang).replace('%paraglide.dir%', dir)
		});
	});
};

/**
 * Gives the request an id and a logger that puts it on every line, returns the id as
 * `x-request-id`, and writes one access line. An incoming `x-request-id` is ignored: a client
 * could otherwise choose ids that collide with other requests' lines.
 */
const handleRequestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = newRequestId();
	// Made on first use: most requests log nothing but their access line.
	let requestLog: Logger | undefined;
	Object.defineProperty(event.locals, 'log', {
		get: () => (requestLog ??= log.child({ requestId })),
		enumerable: true,
		configurable: true
	});
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		response.headers.set('x-request-id', requestId);
		return response;
	} finally {
		if (log.isLevelEnabled('info')) {
			const ms = Math.round((performance.now() - started) * 10) / 10;
			const { method } = event.request;
			event.locals.log.info(
				{ method, path: loggablePath(event.url.pathname), status, ms },
				'request'
			);
		}
	}
};

/**
 * Route ids whose POST handler (`+server.ts`) takes something other than a form, e.g. JSON.
 * Every other POST is a form action and must be a well-formed form.
 */
const NON_FORM_POST_ROUTES = new Set<string>(['/api/badges/verify']);

/** Malformed form posts end here with a 4xx, before any action or database work. */
const handleFormPosts: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'POST' || NON_FORM_POST_ROUTES.has(event.route.id ?? '')) {
		return resolve(event);
	}
	const check = await checkFormPost(event.request, event.url);
	if (check.ok) return resolve(event);
	return new Response(check.reason, {
		status: check.status,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
};

// ORIGIN is read once; src/server.js puts the same headers on static files.
const SECURITY_HEADERS = Object.entries(securityHeaders(env.ORIGIN));

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of SECURITY_HEADERS) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};

/**
 * Pages never show a stack trace: unexpected errors are logged (with the stack) and answered with
 * a plain message. Requests SvelteKit refused itself (4xx, such as a malformed URI) get a short
 * line.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestLog = event.locals.log ?? log;
	const fields = { method: event.request.method, path: loggablePath(event.url.pathname), status };
	if (status >= 500) {
		requestLog.error({ ...fields, err: error }, 'unexpected error');
	} else if (status !== 404) {
		const reason = error instanceof Error ? error.message : String(error);
		requestLog.info({ ...fields, reason }, 'request refused');
	}
	return { message: status === 404 ? 'Not found' : 'Something went wrong on our side.' };
};

export const handle: Handle = sequence(
	handleRequestLog,
	handleSecurityHeaders,
	handleFormPosts,
	handleSession,
	handleLocale
);
