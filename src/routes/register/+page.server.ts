import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages';
import { register, registrationForm } from '$lib/server/accounts';
import { readConfig } from '$lib/server/config';
import { keepableValues, parseForm, rejectForm } from '$lib/server/forms';
import { securityEvent } from '$lib/server/log';
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
		// The same page for a new address and a taken one; only the mail differs.
		const outcome = await register(form.data, { origin: event.url.origin, log: event.locals.log });
		securityEvent(event, outcome.created ? 'account.created' : 'registration.address_taken', {
			userId: outcome.userId
		});
		redirect(303, '/check-email?after=registration');
	}
};
