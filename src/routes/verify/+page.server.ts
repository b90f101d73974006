import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { formatCode, parseCode } from '$lib/server/certificates';
import type { PageServerLoad } from './$types';

/**
 * The form sends the code by GET (`/verify?code=…`), so it works without JavaScript and without
 * a session; a well-formed code is sent on to its own page. Nothing is looked up here. A code
 * that cannot be one answers 400, on the error page next to this one, which shows the form again.
 */
export const load: PageServerLoad = ({ url }) => {
	const typed = url.searchParams.get('code');
	if (typed === null) return {};
	const parsed = parseCode(typed);
	if (parsed.ok) redirect(303, `/verify/${formatCode(parsed.code)}`);
	const message = !typed.trim()
		? m.verification_error_empty()
		: parsed.reason === 'check'
			? m.verification_error_check()
			: m.verification_error_malformed();
	error(400, { message, hint: message });
};
