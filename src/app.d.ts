import type { Session } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/sessions';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
