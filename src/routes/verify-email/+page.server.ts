import { fail, redirect } from '@sveltejs/kit';
import { verifyEmail } from '$lib/server/accounts';
import { accountLinkWorks } from '$lib/server/account-links';
import { getCatalog } from '$lib/server/courses';
import { trustThisDevice } from '$lib/server/devices';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { safeRedirectTarget } from '$lib/server/redirects';
import { startSession } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

/**
 * The link from the mail sent at registration. Opening it shows a button; pressing it checks
 * the address and signs in. A GET never uses the link up, so mail scanners that follow links
 * leave it working for the person. The link may name where to go afterwards (`redirectTo`).
 */
export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	return { token, linkWorks: await accountLinkWorks(token, 'email-verification') };
};

export const actions: Actions = {
	default: async (event) => {
		const token = (await event.request.formData()).get('token');
		const user = typeof token === 'string' ? await verifyEmail(token, getCatalog().courses) : null;
		if (!user) {
			securityEvent(event, 'account_link.refused', { reason: 'invalid_link' });
			return fail(400, { linkWorks: false });
		}
		securityEvent(event, 'email.verified', { userId: user.id });
		await startSession(event, user.id);
		await trustThisDevice(event, user.id);
		rememberInterfaceLocale(event.cookies, user.locale);
		// Back to where registering started, e.g. the invite page, to join the group.
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo'), '/courses'));
	}
};
