/**
 * Runtime settings, read from the environment once. `.env.example` and the README list them.
 * Kept free of SvelteKit imports so that command-line tools and tests can use it too.
 */
export type Config = {
	databaseUrl: string;
	databaseAuthToken: string | undefined;
	/** Create and print the demo accounts at start. */
	demo: boolean;
	/** Registrations allowed per client address per clock hour; 0 turns the limit off. */
	registrationLimitPerHour: number;
	/** Certificate look-ups on /verify allowed per client address per clock minute; 0: no limit. */
	verificationLimitPerMinute: number;
	/** The organisation running this installation (the data controller), named on /privacy. */
	operatorName: string | undefined;
	/** Where learners send privacy requests and accessibility problems (/privacy, /accessibility). */
	contactEmail: string | undefined;
	/** SMTP server for outgoing mail, e.g. `smtp://user:pass@host:587`; without it, mail is logged. */
	smtpUrl: string | undefined;
	/** The sender of every mail. */
	mailFrom: string;
	/** SPIRE_ADMIN_EMAIL: this account becomes a platform admin once it exists. */
	adminEmail: string | undefined;
};

const DEFAULT_MAIL_FROM = 'Spire <no-reply@spire.invalid>';

const DEFAULT_REGISTRATION_LIMIT = 60;
/** Enough for a person checking a pile of certificates by hand; too few to guess codes. */
export const DEFAULT_VERIFICATION_LIMIT = 30;

/** A whole number ≥ 0 from the environment, or the default when unset or not such a number. */
function wholeNumber(value: string | undefined, fallback: number): number {
	const trimmed = value?.trim();
	return trimmed && /^\d+$/.test(trimmed) ? Number(trimmed) : fallback;
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	return {
		databaseUrl: env.DATABASE_URL?.trim() || 'file:data/spire.db',
		databaseAuthToken: env.DATABASE_AUTH_TOKEN?.trim() || undefined,
		demo: env.SPIRE_DEMO ? env.SPIRE_DEMO === 'true' : env.NODE_ENV !== 'production',
		registrationLimitPerHour: wholeNumber(env.SPIRE_REGISTRATION_LIMIT, DEFAULT_REGISTRATION_LIMIT),
		verificationLimitPerMinute: wholeNumber(env.SPIRE_VERIFY_LIMIT, DEFAULT_VERIFICATION_LIMIT),
		operatorName: env.SPIRE_OPERATOR_NAME?.trim() || undefined,
		contactEmail: env.SPIRE_CONTACT_EMAIL?.trim() || undefined,
		smtpUrl: env.SMTP_URL?.trim() || undefined,
		mailFrom: env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM,
		adminEmail: env.SPIRE_ADMIN_EMAIL?.trim() || undefined
	};
}
