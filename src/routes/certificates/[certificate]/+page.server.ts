import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { linkedInUrl, verificationUrl } from '$lib/server/badges';
import {
	certificateFor,
	certificateHistory,
	certificateState,
	formatCode,
	hoursOf,
	restoreCertificate,
	revocationForm,
	revokeCertificate,
	type RevocationResult
} from '$lib/server/certificates';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { issuedCourseText } from '$lib/server/courses';
import { parseForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const access = await certificateFor(user, event.params.certificate);
	if (!access) error(404, 'Not found');
	const { certificate: c, own, mayRevoke } = access;
	const origin = event.url.origin;
	const course = issuedCourseText(c, contentLocale(getLocale()));
	return {
		certificate: {
			id: c.id,
			code: formatCode(c.code),
			state: certificateState(c),
			holderName: c.holderName,
			courseTitle: course.title,
			courseVersion: c.courseVersion,
			hours: hoursOf(c.minutes),
			completedAt: c.completedAt,
			issuedAt: c.issuedAt,
			expiresAt: c.expiresAt,
			revokedAt: c.revokedAt,
			issuerName: c.issuerName,
			verifyUrl: verificationUrl(origin, c.code)
		},
		own,
		linkedIn: own ? linkedInUrl(c, origin) : null,
		revocation: mayRevoke
			? { reason: c.revocationReason, history: await certificateHistory(c.id) }
			: null
	};
};

function refused(result: Exclude<RevocationResult, { ok: true }>) {
	if (result.reason === 'not-found') error(404, 'Not found');
	const message =
		result.reason === 'already-revoked'
			? m.certificate_already_revoked()
			: m.certificate_not_revoked();
	return fail(409, { revocation: { done: undefined, message } });
}

export const actions: Actions = {
	revoke: async (event) => {
		const user = requireUser(event);
		const form = parseForm(revocationForm, await event.request.formData());
		// Whoever may not revoke gets 404 before their form is looked at.
		const access = await certificateFor(user, event.params.certificate);
		if (!access?.mayRevoke) error(404, 'Not found');
		if (!form.ok) return fail(400, { revoke: { errors: form.errors, values: form.values } });
		const result = await revokeCertificate(user, event.params.certificate, form.data.reason);
		if (!result.ok) return refused(result);
		return { revocation: { done: m.certificate_revoked_done(), message: undefined } };
	},
	restore: async (event) => {
		const user = requireUser(event);
		const result = await restoreCertificate(user, event.params.certificate);
		if (!result.ok) return refused(result);
		return { revocation: { done: m.certificate_restored_done(), message: undefined } };
	}
};
