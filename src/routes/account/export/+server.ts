import { error } from '@sveltejs/kit';
import { exportFileName, exportPersonalData } from '$lib/server/privacy';
import { requireUser } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** "Download my data": everything Spire stores about the signed-in learner, as a JSON file. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const now = new Date();
	const data = await exportPersonalData(user.id, { homePage: event.url.origin, now });
	if (!data) error(404, 'Not found');
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${exportFileName(now)}"`,
			'cache-control': 'no-store'
		}
	});
};
