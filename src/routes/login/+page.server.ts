import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { logIn, loginForm, sendVerificationLink } from '$lib/server/accounts';
import { readTrustedDevices, trustThisDevice } from '$lib/server/devices';
import { keepableValues, parseForm, rejectForm } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { loginReason, safeRedirectTarget } from '$lib/server/redirects';
import { startSession } from '$lib/server/sessions';
import { requireSecondStep } from '$lib/server/two-factor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), '/me'));
	const back = safeRedirectTarget(url.searchParams.get('redirectTo'), '') || null;
	/** Where logging in leads back to (also for "Create account"), and what it is for. */
	return { back, reason: loginReason(back) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = parseForm(loginForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors, form.values);
		const values = keepableValues(form.data);
		const result = await logIn(form.data.email, form.data.password, {
			address: event.getClientAddress(),
			trustedDevices: await readTrustedDevices(event)
		});
		if (!result.ok && result.reason === 'unverified') {
			securityEvent(event, 'login.unverified', { userId: result.user.id });
			sendVerificationLink(
				result.user,
				{ origin: event.url.origin, log: event.locals.log },
				new Date(),
				event.url.searchParams.get('redirectTo')
			);
			return rejectForm(400, { form: m.error_login_unverified() }, values);
		}
		if (!result.ok) {
			const name = result.reason === 'throttled' ? 'login.throttled' : 'login.failure';
			securityEvent(event, name, { email: form.data.email, reason: result.reason });
		}
		if (!result.ok && result.reason === 'throttled') {
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return rejectForm(
				429,
				{ form: m.error_login_throttled({ seconds: result.retryAfterSeconds }) },
				values
			);
		}
		if (!result.ok) return rejectForm(400, { form: m.error_login_invalid() }, values);
		await requireSecondStep(event, result.user.id, event.url.searchParams.get('redirectTo'));
		await startSession(event, result.user.id);
		await trustThisDevice(event, result.user.id);
		securityEvent(event, 'login.success', {
			userId: result.user.id,
			trustedDevice: result.trustedDevice
		});
		rememberInterfaceLocale(event.cookies, result.user.locale);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo'), '/me'));
	}
};
