import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages';
import { register, registrationForm, type RegistrationOutcome } from '$lib/server/accounts';
import { readConfig } from '$lib/server/config';
import { trustThisDevice } from '$lib/server/devices';
import { keepableValues, parseForm, rejectForm } from '$lib/server/forms';
import { inviteTokenIn, lookUpInvite, registerFromInvite } from '$lib/server/invitations';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { securityEvent } from '$lib/server/log';
import { safeRedirectTarget } from '$lib/server/redirects';
import { startSession } from '$lib/server/sessions';
import { countRegistration } from '$lib/server/throttle';
import { defaultCountryFor } from '$lib/server/countries';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Where to go once the account is confirmed (an invite page, say), if anywhere. */
function returnTo(url: URL): string | null {
	return safeRedirectTarget(url.searchParams.get('redirectTo'), '') || null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const back = returnTo(url);
	if (locals.user) redirect(303, back ?? '/me');
	const token = inviteTokenIn(back);
	const lookup = token ? await lookUpInvite(token) : null;
	return {
		back,
		/** The country select starts on the interface language's country, if it has one. */
		defaultCountry: defaultCountryFor(getLocale()),
		/** The group the visitor came to join, to say so above the form. */
		joining: lookup?.ok
			? {
					groupName: lookup.invite.groupName,
					byInvitation: Boolean(lookup.invite.invitationId)
				}
			: null
	};
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
		const mail = { origin: event.url.origin, log: event.locals.log };
		const back = returnTo(event.url);
		const inviteToken = inviteTokenIn(back);
		if (inviteToken) {
			const result = await registerFromInvite(form.data, inviteToken, mail);
			if (result.signedIn) {
				// The invitation was mailed to this address: it counts as confirmed.
				securityEvent(event, 'account.created', { userId: result.user.id });
				securityEvent(event, 'email.verified', { userId: result.user.id, reason: 'invitation' });
				await startSession(event, result.user.id);
				await trustThisDevice(event, result.user.id);
				rememberInterfaceLocale(event.cookies, result.user.locale);
				redirect(303, `/join/${inviteToken}?joined`);
			}
			logOutcome(event, result.outcome);
		} else {
			logOutcome(event, await register(form.data, mail, new Date(), { returnTo: back }));
		}
		// The same page for a new address and a taken one; only the mail differs. It is in the
		// language chosen in the form (not the account's), so it tells nothing either.
		rememberInterfaceLocale(event.cookies, form.data.locale);
		redirect(303, '/check-email?after=registration');
	}
};

function logOutcome(event: RequestEvent, outcome: RegistrationOutcome) {
	securityEvent(event, outcome.created ? 'account.created' : 'registration.address_taken', {
		userId: outcome.userId
	});
}
