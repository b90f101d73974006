import { getLocale } from '$lib/paraglide/runtime';
import { isEducator } from '$lib/server/groups';
import { unreadCount } from '$lib/server/notifications';
import { displayTimeZone } from '$lib/server/time-zones';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	// Loaded again when the browser has reported its zone (TimeZoneReport.svelte).
	depends('spire:time-zone');
	/** Every date and time on the page is shown in this zone, on the server and after hydration. */
	const timeZone = displayTimeZone(locals.user?.timeZone);
	/** The interface language the server chose for this request (hooks.server.ts). */
	const locale = getLocale();
	if (!locals.user) return { user: null, locale, timeZone, askTimeZone: false };
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
		},
		locale,
		timeZone,
		/** No zone stored yet: the browser reports its own, once. */
		askTimeZone: locals.user.timeZone === null
	};
};
