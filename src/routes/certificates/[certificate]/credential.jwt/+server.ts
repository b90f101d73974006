import { error } from '@sveltejs/kit';
import { signedCredentialOf } from '$lib/server/badges';
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
	const jwt = await signedCredentialOf(access.certificate, holder.email, event.url.origin);
	return new Response(jwt, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="${certificateFileName(access.certificate.courseId, 'jwt')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
