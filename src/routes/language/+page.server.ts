import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { LOCALES, setLanguage } from '$lib/server/accounts';
import { parseForm } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { safeRedirectTarget } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

// The header's language switcher posts here; a GET only sends you home.
export const load: PageServerLoad = () => redirect(303, '/');

const languageForm = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

/** The path of the page the form was sent from, when it is on this site. */
function sameSiteReferer(request: Request): string | null {
	const referer = request.headers.get('referer');
	if (!referer) return null;
	try {
		const url = new URL(referer);
		return url.origin === new URL(request.url).origin ? url.pathname + url.search : null;
	} catch {
		return null;
	}
}

export const actions: Actions = {
	/** Sets the language (cookie, and the profile when signed in), then back to the same page. */
	default: async (event) => {
		const form = parseForm(languageForm, await event.request.formData());
		if (!form.ok) error(400, m.error_locale_invalid());
		rememberInterfaceLocale(event.cookies, form.data.locale);
		if (event.locals.user) await setLanguage(event.locals.user.id, form.data.locale);
		redirect(303, safeRedirectTarget(form.data.redirectTo ?? sameSiteReferer(event.request), '/'));
	}
};
