import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	// The turso dialect drives @libsql/client: local files and remote servers alike.
	dialect: 'turso',
	dbCredentials: {
		url: process.env.DATABASE_URL ?? 'file:data/spire.db',
		authToken: process.env.DATABASE_AUTH_TOKEN
	},
	verbose: true,
	strict: true
});
