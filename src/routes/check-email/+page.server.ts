import { mailIsLogged } from '$lib/server/mail';
import type { PageServerLoad } from './$types';

/** Where registration and "Forgot password?" end: the same page whatever the address was. */
export const load: PageServerLoad = ({ url }) => ({
	after: url.searchParams.get('after') === 'reset' ? ('reset' as const) : ('registration' as const),
	mailIsLogged: mailIsLogged()
});
