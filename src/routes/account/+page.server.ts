import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	changePassword,
	passwordChangeForm,
	type PasswordCheckResult,
	profileForm,
	updateProfile
} from '$lib/server/accounts';
import { certificateName, certificateNameForm, setCertificateName } from '$lib/server/certificates';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { rememberInterfaceLocale } from '$lib/server/locale';
import { forgetDevice } from '$lib/server/devices';
import { securityEvent } from '$lib/server/log';
import { accountDeletionForm, deleteAccount } from '$lib/server/privacy';
import { emailRemindersOn, setEmailReminders } from '$lib/server/reminders';
import { endSession, requireUser, startSession } from '$lib/server/sessions';
import { parseProfileCountry } from '$lib/server/countries';
import {
	displayTimeZone,
	rememberBrowserTimeZone,
	setTimeZone,
	timeZoneChoices,
	timeZoneForm
} from '$lib/server/time-zones';
import { mayUseTwoFactor } from '$lib/server/two-factor';
import type { Actions, PageServerLoad } from './$types';

/**
 * How a re-entered password that was refused is answered: wrong (400), or tried too often (429,
 * with how long to wait).
 */
function refusal(event: RequestEvent, result: Exclude<PasswordCheckResult, { ok: true }>) {
	if (result.reason === 'throttled') {
		event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
		const message = m.error_login_throttled({ seconds: result.retryAfterSeconds });
		return { status: 429 as const, message };
	}
	return { status: 400 as const, message: m.error_current_password_wrong() };
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		profile: {
			name: user.name,
			email: user.email,
			locale: user.locale,
			country: parseProfileCountry(user.country)
		},
		twoFactor: (await mayUseTwoFactor(user)) ? { on: user.twoFactor } : null,
		emailReminders: await emailRemindersOn(user.id),
		certificateName: (await certificateName(user.id)).ownName ?? user.name,
		timeZone: { value: displayTimeZone(user.timeZone), choices: timeZoneChoices() }
	};
};

export const actions: Actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const form = parseForm(profileForm, await event.request.formData());
		if (!form.ok) return fail(400, { profile: { errors: form.errors, values: form.values } });
		await updateProfile(user.id, form.data);
		rememberInterfaceLocale(event.cookies, form.data.locale);
		return { profile: { saved: true } };
	},
	certificateName: async (event) => {
		const user = requireUser(event);
		const form = parseForm(certificateNameForm, await event.request.formData());
		if (!form.ok) {
			return fail(400, { certificateName: { errors: form.errors, values: form.values } });
		}
		// The account name again (or nothing) means: follow the account name.
		const name = form.data.certificateName === user.name ? '' : form.data.certificateName;
		await setCertificateName(user.id, name);
		return { certificateName: { saved: true } };
	},
	reminders: async (event) => {
		const user = requireUser(event);
		// A checkbox: sent as "on" when ticked, left out when not.
		const on = (await event.request.formData()).get('emailReminders') === 'on';
		await setEmailReminders(user.id, on);
		return { reminders: { saved: true } };
	},
	timeZone: async (event) => {
		const user = requireUser(event);
		const form = parseForm(timeZoneForm, await event.request.formData());
		if (!form.ok) return fail(400, { timeZone: { errors: form.errors, values: form.values } });
		await setTimeZone(user.id, form.data.timeZone);
		return { timeZone: { saved: true } };
	},
	/** The browser's own zone, sent once by TimeZoneReport.svelte; never overrides a stored one. */
	browserTimeZone: async (event) => {
		const user = requireUser(event);
		const form = parseForm(timeZoneForm, await event.request.formData());
		if (!form.ok) return fail(400, { browserTimeZone: { errors: form.errors } });
		return {
			browserTimeZone: { stored: await rememberBrowserTimeZone(user.id, form.data.timeZone) }
		};
	},
	password: async (event) => {
		const user = requireUser(event);
		const form = parseForm(passwordChangeForm, await event.request.formData());
		if (!form.ok) return fail(400, { password: { errors: form.errors } });
		const result = await changePassword(user.id, form.data);
		if (!result.ok) {
			securityEvent(event, 'password.change_failure', { userId: user.id, reason: result.reason });
			const { status, message } = refusal(event, result);
			const errors: FieldErrors = { currentPassword: message };
			return fail(status, { password: { errors } });
		}
		securityEvent(event, 'password.changed', { userId: user.id });
		securityEvent(event, 'session.ended', { reason: 'password_change', userId: user.id });
		// Every session of the user ended with the change, this one too: carry on in a new one.
		await startSession(event, user.id);
		return { password: { changed: true } };
	},
	delete: async (event) => {
		const user = requireUser(event);
		const form = parseForm(accountDeletionForm, await event.request.formData());
		if (!form.ok) return fail(400, { delete: { errors: form.errors } });
		const result = await deleteAccount(user.id, form.data.password);
		if (!result.ok) {
			securityEvent(event, 'account.delete_failure', { userId: user.id, reason: result.reason });
			const { status, message } = refusal(event, result);
			const errors: FieldErrors = { password: message };
			return fail(status, { delete: { errors } });
		}
		securityEvent(event, 'account.deleted', { userId: user.id });
		await endSession(event);
		await forgetDevice(event, user.id);
		redirect(303, '/account/deleted');
	}
};
