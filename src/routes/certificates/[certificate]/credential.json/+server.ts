import { error } from '@sveltejs/kit';
import { credentialOf } from '$lib/server/badges';
import { getCatalog } from '$lib/server/courses';
import { certificateFileName } from '$lib/server/certificate-pdf';
import { certificateFor, holderOf } from '$lib/server/certificates';
import { requireUser } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** The Open Badges credential decoded, as JSON (what the .jwt signs), for its holder only. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const access = await certificateFor(user, event.params.certificate);
	const holder = access?.own ? await holderOf(access.certificate) : null;
	if (!access || !holder) error(404, 'Not found');
	const slug = getCatalog().courses.find((c) => c.id === access.certificate.courseId)?.slug ?? null;
	const credential = credentialOf(access.certificate, holder.email, event.url.origin, slug);
	return new Response(JSON.stringify(credential, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${certificateFileName(access.certificate.courseId, 'json')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
