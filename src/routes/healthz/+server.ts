import { json } from '@sveltejs/kit';
import { isDatabaseHealthy } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () =>
	(await isDatabaseHealthy())
		? json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } })
		: json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
