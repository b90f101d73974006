import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { passwordResetRequestForm, requestPasswordReset } from '$lib/server/accounts';
import { parseForm, rejectForm } from '$lib/server/forms';
import { securityEvent } from '$lib/server/log';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const form = parseForm(passwordResetRequestForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors, form.values);
		const result = await requestPasswordReset(form.data.email, {
			address: event.getClientAddress(),
			origin: event.url.origin,
			log: event.locals.log
		});
		if (!result.allowed) {
			securityEvent(event, 'password.reset_throttled', {
				retryAfterSeconds: result.retryAfterSeconds
			});
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			const minutes = Math.ceil(result.retryAfterSeconds / 60);
			return rejectForm(429, { form: m.error_reset_limited({ minutes }) }, form.data);
		}
		securityEvent(event, 'password.reset_requested', { email: form.data.email });
		redirect(303, '/check-email?after=reset');
	}
};
