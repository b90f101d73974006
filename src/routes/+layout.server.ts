import { isEducator } from '$lib/server/groups';
import { unreadCount } from '$lib/server/notifications';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	if (!locals.user) return { user: null };
	const [educator, unread] = await Promise.all([
		locals.user.isAdmin || isEducator(locals.user.id),
		unreadCount(locals.user.id)
	]);
	return {
		user: {
			name: locals.user.name,
			isAdmin: locals.user.isAdmin,
			/** Educators and admins get the way to their groups in the header. */
			educates: educator,
			/** The bell's count of unread notifications. */
			unreadNotifications: unread
		}
	};
};
