import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { courseTitleIn } from '$lib/server/courses';
import { parseForm } from '$lib/server/forms';
import { followNotification, listNotifications, markAllRead } from '$lib/server/notifications';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

/** Only shows: reading happens through the actions below, never by loading (or preloading). */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const locale = contentLocale(getLocale());
	return {
		notifications: await listNotifications(user.id, (courseId, stored) =>
			courseTitleIn(courseId, locale, stored)
		)
	};
};

const followForm = z.object({ id: z.string().trim().min(1).max(100) });

export const actions: Actions = {
	markAllRead: async (event) => {
		const user = requireUser(event);
		await markAllRead(user.id);
		redirect(303, '/notifications');
	},
	follow: async (event) => {
		const user = requireUser(event);
		const form = parseForm(followForm, await event.request.formData());
		if (!form.ok) error(404, 'Not found');
		const link = await followNotification(user.id, form.data.id);
		// Someone else's notification answers like one that does not exist.
		if (!link) error(404, 'Not found');
		redirect(303, link);
	}
};
