import { error } from '@sveltejs/kit';
import { isLocale, baseLocale } from '$lib/paraglide/runtime';
import { verificationUrl } from '$lib/server/badges';
import { buildCertificatePdf, certificateFileName } from '$lib/server/certificate-pdf';
import { certificateFor, holderOf } from '$lib/server/certificates';
import { contentLocale } from '$lib/server/course-language';
import { issuedCourseText } from '$lib/server/courses';
import { requireUser } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** The certificate as a PDF, in its holder's language: for the holder, its issuer's educators and admins. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const access = await certificateFor(user, event.params.certificate);
	if (!access) error(404, 'Not found');
	const { certificate } = access;
	const holder = await holderOf(certificate);
	const locale = holder && isLocale(holder.locale) ? holder.locale : baseLocale;
	const { title, objectives } = issuedCourseText(certificate, contentLocale(locale));
	const pdf = await buildCertificatePdf(
		{ ...certificate, courseTitle: title, objectives },
		verificationUrl(event.url.origin, certificate.code),
		locale
	);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${certificateFileName(certificate.courseId)}"`,
			'cache-control': 'private, no-store'
		}
	});
};
