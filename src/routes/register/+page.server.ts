import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { registerAccount, registrationForm } from '$lib/server/accounts';
import { keepableValues, parseForm, rejectForm } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { startSession } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/me');
};

export const actions: Actions = {
	default: async (event) => {
		const form = parseForm(registrationForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors, form.values);
		const result = await registerAccount(form.data);
		if (!result.ok) {
			return rejectForm(400, { email: m.error_email_taken() }, keepableValues(form.data));
		}
		await startSession(event, result.user.id);
		securityEvent(event, 'account.created', { userId: result.user.id });
		rememberInterfaceLocale(event.cookies, result.user.locale);
		redirect(303, '/courses');
	}
};
