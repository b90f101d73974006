/**
 * Runtime settings, read from the environment once. `.env.example` and the README list them.
 * Kept free of SvelteKit imports so that command-line tools and tests can use it too.
 */
export type Config = {
	databaseUrl: string;
	databaseAuthToken: string | undefined;
	/** Create and print the demo accounts at start. */
	demo: boolean;
	/** The organisation running this installation (the data controller), named on /privacy. */
	operatorName: string | undefined;
	/** Where learners send privacy requests and accessibility problems (/privacy, /accessibility). */
	contactEmail: string | undefined;
};

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	return {
		databaseUrl: env.DATABASE_URL?.trim() || 'file:data/spire.db',
		databaseAuthToken: env.DATABASE_AUTH_TOKEN?.trim() || undefined,
		demo: env.SPIRE_DEMO ? env.SPIRE_DEMO === 'true' : env.NODE_ENV !== 'production',
		operatorName: env.SPIRE_OPERATOR_NAME?.trim() || undefined,
		contactEmail: env.SPIRE_CONTACT_EMAIL?.trim() || undefined
	};
}
