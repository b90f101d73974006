import { error, json } from '@sveltejs/kit';
import { issuerProfile } from '$lib/server/badges';
import type { RequestHandler } from './$types';

/** An issuer's Open Badges Profile: Spire itself (`spire`) or an organisation that assigned a course. */
export const GET: RequestHandler = async ({ params, url }) => {
	const profile = await issuerProfile(url.origin, params.issuer);
	if (!profile) error(404, 'Not found');
	return json(profile, { headers: { 'cache-control': 'public, max-age=300' } });
};
