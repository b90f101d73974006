import { redirect } from '@sveltejs/kit';
import { securityEvent } from '$lib/server/log';
import { endSession } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

// Logging out is a POST (the header's form); a GET only sends you home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const userId = event.locals.user?.id;
		if (userId) securityEvent(event, 'session.ended', { reason: 'logout', userId });
		await endSession(event);
		redirect(303, '/');
	}
};
