import type { Session } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/sessions';
import type { Logger } from '$lib/server/log';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** The server's logger with this request's id on every line. */
			log: Logger;
		}
		interface Error {
			message: string;
			/** What the person can do next, shown instead of the general text (e.g. a dead invite link). */
			hint?: string;
		}
	}
}

export {};
