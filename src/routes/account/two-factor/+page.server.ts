import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { securityEvent } from '$lib/server/log';
import { requireUser } from '$lib/server/sessions';
import {
	codeForm,
	confirmEnrolment,
	mayUseTwoFactor,
	passwordAgainForm,
	recoveryCodesLeft,
	renewRecoveryCodes,
	startEnrolment,
	turnOffTwoFactor,
	type TwoFactorChangeRefusal
} from '$lib/server/two-factor';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Educators and admins, and anyone with it on; to a learner the page does not exist. */
async function eligibleUser(event: RequestEvent) {
	const user = requireUser(event);
	if (!(await mayUseTwoFactor(user))) error(404, 'Not found');
	return user;
}

/**
 * How a refused change is answered: an admin turning it off (403), a password tried too often
 * (429, with how long to wait), or a wrong password or nothing to change (400).
 */
function refusal(event: RequestEvent, result: TwoFactorChangeRefusal) {
	switch (result.reason) {
		case 'admin-must-keep':
			return { status: 403 as const, message: m.two_factor_admin_must_keep() };
		case 'not-on':
			return { status: 400 as const, message: m.error_two_factor_not_on() };
		case 'throttled':
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return {
				status: 429 as const,
				message: m.error_login_throttled({ seconds: result.retryAfterSeconds })
			};
		case 'wrong-password':
			return { status: 400 as const, message: m.error_current_password_wrong() };
	}
}

export const load: PageServerLoad = async (event) => {
	const user = await eligibleUser(event);
	const required = event.url.searchParams.has('required') && user.isAdmin;
	const enrolment = await startEnrolment(user.id);
	if (!enrolment) {
		return {
			on: true as const,
			required,
			isAdmin: user.isAdmin,
			left: await recoveryCodesLeft(user.id)
		};
	}
	return { on: false as const, required, isAdmin: user.isAdmin, enrolment };
};

export const actions: Actions = {
	confirm: async (event) => {
		const user = await eligibleUser(event);
		const form = parseForm(codeForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await confirmEnrolment(user.id, form.data.code);
		if (!result.ok) {
			return fail(400, { errors: { code: m.error_two_factor_code_wrong() } });
		}
		securityEvent(event, 'two_factor.enabled', { userId: user.id });
		return { recoveryCodes: result.recoveryCodes };
	},
	/** Ten new recovery codes, shown once in the answer; the old ones stop working. */
	renewCodes: async (event) => {
		const user = await eligibleUser(event);
		const form = parseForm(passwordAgainForm, await event.request.formData());
		if (!form.ok) return fail(400, { renew: { errors: form.errors } });
		const result = await renewRecoveryCodes(user.id, form.data.password);
		if (!result.ok) {
			securityEvent(event, 'two_factor.recovery_codes_failure', {
				userId: user.id,
				reason: result.reason
			});
			const { status, message } = refusal(event, result);
			const errors: FieldErrors = { password: message };
			return fail(status, { renew: { errors } });
		}
		securityEvent(event, 'two_factor.recovery_codes_renewed', { userId: user.id });
		return { recoveryCodes: result.recoveryCodes, renewed: true };
	},
	turnOff: async (event) => {
		const user = await eligibleUser(event);
		const form = parseForm(passwordAgainForm, await event.request.formData());
		if (!form.ok) return fail(400, { turnOff: { errors: form.errors } });
		const result = await turnOffTwoFactor(user.id, form.data.password);
		if (!result.ok) {
			securityEvent(event, 'two_factor.disable_failure', {
				userId: user.id,
				reason: result.reason
			});
			const { status, message } = refusal(event, result);
			const errors: FieldErrors = { password: message };
			return fail(status, { turnOff: { errors } });
		}
		securityEvent(event, 'two_factor.disabled', { userId: user.id });
		// Someone who is no longer an educator had the page only while it was on.
		if (!(await mayUseTwoFactor({ ...user, twoFactor: false }))) redirect(303, '/account');
		return { turnedOff: true };
	}
};
