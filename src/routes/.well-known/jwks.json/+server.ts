import { json } from '@sveltejs/kit';
import { publishedKeys } from '$lib/server/badges';
import type { RequestHandler } from './$types';

/** The public keys that sign Open Badges credentials, current and retired. */
export const GET: RequestHandler = async () =>
	json(await publishedKeys(), {
		headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' }
	});
