import { error } from '@sveltejs/kit';
import { credentialOf, signCredential } from '$lib/server/badges';
import { getCatalog } from '$lib/server/courses';
import { certificateFileName } from '$lib/server/certificate-pdf';
import { certificateFor, holderOf } from '$lib/server/certificates';
import { requireUser } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** The signed Open Badges credential (VC-JWT), for its holder only. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const access = await certificateFor(user, event.params.certificate);
	const holder = access?.own ? await holderOf(access.certificate) : null;
	if (!access || !holder) error(404, 'Not found');
	const slug = getCatalog().courses.find((c) => c.id === access.certificate.courseId)?.slug ?? null;
	const jwt = await signCredential(
		credentialOf(access.certificate, holder.email, event.url.origin, slug)
	);
	return new Response(jwt, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="${certificateFileName(access.certificate.courseId, 'jwt')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
