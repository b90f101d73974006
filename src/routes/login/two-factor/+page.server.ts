import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { trustThisDevice } from '$lib/server/devices';
import { parseForm, rejectForm } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { safeRedirectTarget } from '$lib/server/redirects';
import { startSession } from '$lib/server/sessions';
import {
	codeForm,
	endSecondStep,
	pendingSecondStep,
	verifySecondFactor
} from '$lib/server/two-factor';
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';

/** Without a right password in the last ten minutes, the way in is the login page. */
function backToLogin(url: URL): never {
	const back = url.searchParams.get('redirectTo');
	redirect(303, back ? `/login?redirectTo=${encodeURIComponent(back)}` : '/login');
}

export const load: PageServerLoad = async (event) => {
	if (!(await pendingSecondStep(event))) backToLogin(event.url);
};

export const actions: Actions = {
	default: async (event) => {
		const pending = await pendingSecondStep(event);
		if (!pending) backToLogin(event.url);
		const form = parseForm(codeForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors);
		const result = await verifySecondFactor(pending.userId, form.data.code);
		if (!result.ok) {
			securityEvent(event, 'two_factor.failure', { userId: pending.userId, reason: result.reason });
			if (result.reason === 'throttled') {
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				return rejectForm(429, {
					code: m.error_login_throttled({ seconds: result.retryAfterSeconds })
				});
			}
			return rejectForm(400, { code: m.error_two_factor_code_wrong() });
		}
		endSecondStep(event);
		await startSession(event, pending.userId);
		await trustThisDevice(event, pending.userId);
		securityEvent(event, 'login.success', { userId: pending.userId, reason: 'two_factor' });
		const [user] = await getDb()
			.select({ locale: users.locale })
			.from(users)
			.where(eq(users.id, pending.userId));
		if (user) rememberInterfaceLocale(event.cookies, user.locale);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo'), '/me'));
	}
};
