import { isEducator } from '$lib/server/groups';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
	user: locals.user
		? {
				name: locals.user.name,
				isAdmin: locals.user.isAdmin,
				/** Educators and admins get the way to their groups in the header. */
				educates: locals.user.isAdmin || (await isEducator(locals.user.id))
			}
		: null
});
