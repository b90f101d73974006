import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages';
import { registerAccount, registrationForm } from '$lib/server/accounts';
import { readConfig } from '$lib/server/config';
import { trustThisDevice } from '$lib/server/devices';
import { keepableValues, parseForm, rejectForm } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { startSession } from '$lib/server/sessions';
import { countRegistration } from '$lib/server/throttle';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/me');
};

export const actions: Actions = {
	default: async (event) => {
		const form = parseForm(registrationForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors, form.values);
		const values = keepableValues(form.data);
		const limit = await countRegistration(
			event.getClientAddress(),
			readConfig(env).registrationLimitPerHour
		);
		if (!limit.allowed) {
			securityEvent(event, 'registration.throttled', {
				retryAfterSeconds: limit.retryAfterSeconds
			});
			event.setHeaders({ 'retry-after': String(limit.retryAfterSeconds) });
			const minutes = Math.ceil(limit.retryAfterSeconds / 60);
			return rejectForm(429, { form: m.error_registration_limited({ minutes }) }, values);
		}
		const result = await registerAccount(form.data);
		if (!result.ok) return rejectForm(400, { email: m.error_email_taken() }, values);
		await startSession(event, result.user.id);
		await trustThisDevice(event, result.user.id);
		securityEvent(event, 'account.created', { userId: result.user.id });
		rememberInterfaceLocale(event.cookies, result.user.locale);
		redirect(303, '/courses');
	}
};
