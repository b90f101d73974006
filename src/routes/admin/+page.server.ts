import { requireAdmin } from '$lib/server/admins';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireAdmin(event);
};
