import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm } from '$lib/server/forms';
import { securityEvent } from '$lib/server/log';
import { requireUser } from '$lib/server/sessions';
import {
	codeForm,
	confirmEnrolment,
	mayUseTwoFactor,
	recoveryCodesLeft,
	startEnrolment
} from '$lib/server/two-factor';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Educators and admins; to a learner the page does not exist. */
async function eligibleUser(event: RequestEvent) {
	const user = requireUser(event);
	if (!(await mayUseTwoFactor(user))) error(404, 'Not found');
	return user;
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
	}
};
