import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
	it('defaults to a local database file under data/', () => {
		expect(readConfig({})).toMatchObject({
			databaseUrl: 'file:data/spire.db',
			databaseAuthToken: undefined
		});
	});

	it('takes a remote libSQL URL and token from the environment alone', () => {
		expect(
			readConfig({
				DATABASE_URL: ' libsql://spire-test.example.org ',
				DATABASE_AUTH_TOKEN: 'secret-token'
			})
		).toMatchObject({
			databaseUrl: 'libsql://spire-test.example.org',
			databaseAuthToken: 'secret-token'
		});
	});

	it('creates demo accounts outside production unless turned off', () => {
		expect(readConfig({}).demo).toBe(true);
		expect(readConfig({ NODE_ENV: 'development' }).demo).toBe(true);
		expect(readConfig({ SPIRE_DEMO: 'false' }).demo).toBe(false);
	});

	it('never creates demo accounts in production unless asked for', () => {
		expect(readConfig({ NODE_ENV: 'production' }).demo).toBe(false);
		expect(readConfig({ NODE_ENV: 'production', SPIRE_DEMO: 'true' }).demo).toBe(true);
	});

	it('limits registrations to 60 an hour per address unless told otherwise; 0 turns it off', () => {
		expect(readConfig({}).registrationLimitPerHour).toBe(60);
		expect(readConfig({ SPIRE_REGISTRATION_LIMIT: '200' }).registrationLimitPerHour).toBe(200);
		expect(readConfig({ SPIRE_REGISTRATION_LIMIT: '0' }).registrationLimitPerHour).toBe(0);
		expect(readConfig({ SPIRE_REGISTRATION_LIMIT: 'lots' }).registrationLimitPerHour).toBe(60);
		expect(readConfig({ SPIRE_REGISTRATION_LIMIT: '-5' }).registrationLimitPerHour).toBe(60);
	});

	it("reads the operator's name and contact email for the privacy pages, ignoring blank values", () => {
		expect(readConfig({})).toMatchObject({ operatorName: undefined, contactEmail: undefined });
		expect(
			readConfig({ SPIRE_OPERATOR_NAME: ' Example Municipality ', SPIRE_CONTACT_EMAIL: ' ' })
		).toMatchObject({ operatorName: 'Example Municipality', contactEmail: undefined });
		expect(readConfig({ SPIRE_CONTACT_EMAIL: 'privacy@example.org' }).contactEmail).toBe(
			'privacy@example.org'
		);
	});

	it('sends mail through SMTP_URL from MAIL_FROM; without SMTP_URL mail goes to the log', () => {
		expect(readConfig({})).toMatchObject({
			smtpUrl: undefined,
			mailFrom: 'Spire <no-reply@spire.invalid>'
		});
		expect(
			readConfig({
				SMTP_URL: ' smtp://user:pass@mail.example.org:587 ',
				MAIL_FROM: 'a@example.org'
			})
		).toMatchObject({
			smtpUrl: 'smtp://user:pass@mail.example.org:587',
			mailFrom: 'a@example.org'
		});
	});
});
