import { error } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages';
import { lookUpCertificate } from '$lib/server/certificates';
import { readConfig } from '$lib/server/config';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { issuedCourseText } from '$lib/server/courses';
import type { PageServerLoad } from './$types';

/** The public verification of one code: no account needed, counted per client address. */
export const load: PageServerLoad = async (event) => {
	const result = await lookUpCertificate(
		event.getClientAddress(),
		event.params.code,
		readConfig(env).verificationLimitPerMinute
	);
	switch (result.kind) {
		case 'throttled':
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			error(429, {
				message: 'Too many look-ups',
				hint: m.verification_error_throttled({ seconds: result.retryAfterSeconds })
			});
		// eslint-disable-next-line no-fallthrough -- error() throws
		case 'malformed':
			error(400, { message: 'Malformed code', hint: m.verification_error_malformed() });
		// eslint-disable-next-line no-fallthrough
		case 'check':
			error(400, { message: 'Check character', hint: m.verification_error_check() });
		// eslint-disable-next-line no-fallthrough
		case 'unknown':
			error(404, { message: 'Not found', hint: m.verification_unknown() });
	}
	event.setHeaders({ 'cache-control': 'no-store' });
	const course = issuedCourseText(result.certificate, contentLocale(getLocale()));
	return { certificate: { ...result.certificate, courseTitle: course.title } };
};
