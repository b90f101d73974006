import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	changePassword,
	passwordChangeForm,
	profileForm,
	updateProfile
} from '$lib/server/accounts';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { profile: { name: user.name, email: user.email, locale: user.locale } };
};

export const actions: Actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const form = parseForm(profileForm, await event.request.formData());
		if (!form.ok) return fail(400, { profile: { errors: form.errors, values: form.values } });
		await updateProfile(user.id, form.data);
		rememberInterfaceLocale(event.cookies, form.data.locale);
		return { profile: { saved: true } };
	},
	password: async (event) => {
		const user = requireUser(event);
		const form = parseForm(passwordChangeForm, await event.request.formData());
		if (!form.ok) return fail(400, { password: { errors: form.errors } });
		const result = await changePassword(user.id, user.sessionId, form.data);
		if (!result.ok) {
			securityEvent(event, 'password.change_failure', { userId: user.id, reason: result.reason });
			const errors: FieldErrors = { currentPassword: m.error_current_password_wrong() };
			return fail(400, { password: { errors } });
		}
		securityEvent(event, 'password.changed', { userId: user.id });
		securityEvent(event, 'session.ended', { reason: 'password_change', userId: user.id });
		return { password: { changed: true } };
	}
};
