import { describe, expect, it } from 'vitest';
import {
	REDACTED,
	createLogger,
	emailPseudonym,
	loggablePath,
	newRequestId,
	readLogSettings,
	securityEvent,
	type Logger
} from './log';

/** A logger that keeps its lines in memory, parsed. */
function memoryLogger(level: 'info' | 'debug' = 'info') {
	const raw: string[] = [];
	const log = createLogger({ level }, { write: (line: string) => void raw.push(line) });
	return { log, raw, lines: () => raw.map((line) => JSON.parse(line)) };
}

const SECRETS = {
	password: 'hunter2-correct-horse',
	currentPassword: 'old-secret-password',
	newPassword: 'new-secret-password',
	token: 'abcdefghijklmnopqrstuvwxyz234567',
	sessionToken: 'session-token-value-7777',
	cookie: 'spire_session=cookie-token-value-8888',
	authorization: 'Bearer bearer-token-value-9999',
	setCookie: '__Host-spire_session=set-cookie-value-1111; Path=/',
	email: 'someone@example.org',
	body: 'email=someone%40example.org&password=form-body-password'
};

describe('log redaction', () => {
	it('never writes cookies, authorization headers, passwords, tokens, emails or form bodies', () => {
		const { log, raw } = memoryLogger();
		log.info(
			{
				password: SECRETS.password,
				token: SECRETS.token,
				cookie: SECRETS.cookie,
				authorization: SECRETS.authorization,
				email: SECRETS.email,
				body: SECRETS.body
			},
			'top level'
		);
		log.info(
			{
				req: {
					headers: { cookie: SECRETS.cookie, authorization: SECRETS.authorization },
					body: SECRETS.body
				},
				res: { headers: { 'set-cookie': SECRETS.setCookie } },
				user: { email: SECRETS.email, sessionToken: SECRETS.sessionToken }
			},
			'nested'
		);
		log.warn(
			{
				action: {
					form: { password: SECRETS.password },
					change: { newPassword: SECRETS.newPassword }
				},
				attempt: {
					account: { currentPassword: SECRETS.currentPassword, 'set-cookie': SECRETS.setCookie }
				}
			},
			'two levels down'
		);
		const output = raw.join('');
		expect(raw).toHaveLength(3);
		for (const [name, secret] of Object.entries(SECRETS)) {
			expect(output, `${name} leaked`).not.toContain(secret);
		}
		expect(output).not.toContain('hunter2');
		expect(output).toContain(REDACTED);
	});

	it('keeps the fields that are not secret', () => {
		const { log, lines } = memoryLogger();
		log.info({ method: 'POST', path: '/login', status: 303, ms: 12.5 }, 'request');
		expect(lines()[0]).toMatchObject({
			level: 30,
			method: 'POST',
			path: '/login',
			status: 303,
			ms: 12.5,
			msg: 'request'
		});
	});

	it('writes request data as a field, so format characters in a path stay as they are', () => {
		const { log, raw, lines } = memoryLogger();
		const path = '/courses/%ff%fe%s%d%o%j';
		log.child({ requestId: 'abc' }).info({ path, status: 400 }, 'request');
		expect(raw).toHaveLength(1);
		expect(raw[0].endsWith('\n')).toBe(true);
		expect(lines()[0]).toMatchObject({ requestId: 'abc', path, msg: 'request' });
	});
});

describe('log settings', () => {
	it('defaults to info, and takes LOG_LEVEL and LOG_FILE', () => {
		expect(readLogSettings({})).toEqual({
			level: 'info',
			file: undefined,
			invalidLevel: undefined
		});
		expect(readLogSettings({ LOG_LEVEL: ' DEBUG ', LOG_FILE: 'logs/spire.log' })).toMatchObject({
			level: 'debug',
			file: 'logs/spire.log'
		});
		expect(readLogSettings({ LOG_LEVEL: 'silent' }).level).toBe('silent');
	});

	it('falls back to info on an unknown level and says so in the log', () => {
		const settings = readLogSettings({ LOG_LEVEL: 'verbose' });
		expect(settings).toMatchObject({ level: 'info', invalidLevel: 'verbose' });
		const raw: string[] = [];
		createLogger(settings, { write: (line: string) => void raw.push(line) });
		expect(JSON.parse(raw[0])).toMatchObject({ level: 40, variable: 'LOG_LEVEL' });
	});

	it('leaves out lines below the level', () => {
		const { log, raw } = memoryLogger('info');
		log.debug({ detail: 1 }, 'hidden');
		log.info({ detail: 2 }, 'shown');
		expect(raw).toHaveLength(1);
	});
});

describe('request ids and paths', () => {
	it('makes short, URL-safe, different ids', () => {
		const ids = new Set(Array.from({ length: 1000 }, newRequestId));
		expect(ids.size).toBe(1000);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
	});

	it('keeps secret tokens in paths out of the log', () => {
		const token = 'abcdefghijklmnopqrstuvwxyz234567';
		expect(loggablePath(`/join/${token}`)).toBe('/join/[token]');
		expect(loggablePath(`/join/${token}/more`)).toBe('/join/[token]/more');
		expect(loggablePath('/courses/signs-of-distress')).toBe('/courses/signs-of-distress');
	});

	it('cuts very long paths', () => {
		expect(loggablePath('/courses')).toBe('/courses');
		const cut = loggablePath(`/${'a'.repeat(100_000)}`);
		expect(cut.length).toBeLessThanOrEqual(301);
		expect(cut.endsWith('…')).toBe(true);
	});
});

describe('security events', () => {
	function requestContext(log: Logger, address: () => string = () => '203.0.113.7') {
		return { locals: { log }, getClientAddress: address };
	}

	it('writes one line with the event, the client IP and the fields', () => {
		const { log, lines } = memoryLogger();
		securityEvent(requestContext(log.child({ requestId: 'req-1' })), 'login.success', {
			userId: 'user-1'
		});
		expect(lines()).toEqual([
			expect.objectContaining({
				level: 30,
				requestId: 'req-1',
				event: 'login.success',
				ip: '203.0.113.7',
				userId: 'user-1',
				msg: 'security event'
			})
		]);
	});

	it('logs failures as warnings, with the email only as a pseudonym', () => {
		const { log, raw, lines } = memoryLogger();
		securityEvent(requestContext(log), 'login.failure', {
			email: 'Someone@Example.org ',
			reason: 'invalid'
		});
		expect(raw.join('')).not.toContain('xample.org');
		expect(lines()[0]).toMatchObject({
			level: 40,
			event: 'login.failure',
			reason: 'invalid',
			emailHash: emailPseudonym('someone@example.org')
		});
		expect(emailPseudonym('someone@example.org')).toMatch(/^[0-9a-f]{16}$/);
	});

	it('still logs the event when the client address cannot be read', () => {
		const { log, lines } = memoryLogger();
		securityEvent(
			requestContext(log, () => {
				throw new Error('Address header was specified but is absent from request');
			}),
			'session.ended',
			{ reason: 'expired_or_unknown' }
		);
		expect(lines()[0]).toMatchObject({ event: 'session.ended', reason: 'expired_or_unknown' });
		expect(lines()[0].ip).toBeUndefined();
	});
});
