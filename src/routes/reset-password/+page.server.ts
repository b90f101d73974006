import { redirect } from '@sveltejs/kit';
import { passwordResetForm, resetPassword } from '$lib/server/accounts';
import { accountLinkWorks } from '$lib/server/account-links';
import { getCatalog } from '$lib/server/courses';
import { trustThisDevice } from '$lib/server/devices';
import { parseForm, rejectForm } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { startSession } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

/**
 * The link from a reset mail. Opening it only shows the form, so a mail scanner that follows
 * links cannot use it up; saving the new password does.
 */
export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	return { token, linkWorks: await accountLinkWorks(token, 'password-reset') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = parseForm(passwordResetForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors);
		const user = await resetPassword(form.data, getCatalog().courses);
		if (!user) {
			securityEvent(event, 'account_link.refused', { reason: 'invalid_link' });
			return rejectForm(400, { link: 'invalid' });
		}
		securityEvent(event, 'password.reset', { userId: user.id });
		securityEvent(event, 'session.ended', { reason: 'password_reset', userId: user.id });
		await startSession(event, user.id);
		await trustThisDevice(event, user.id);
		rememberInterfaceLocale(event.cookies, user.locale);
		redirect(303, '/me');
	}
};
