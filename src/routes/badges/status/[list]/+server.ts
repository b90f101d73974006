import { error } from '@sveltejs/kit';
import { signCredential, statusListCredential } from '$lib/server/badges';
import type { RequestHandler } from './$types';

/**
 * A Bitstring Status List credential, signed as a VC-JWT like the credentials that point at it.
 * Lists are numbered from 1; a list nobody points at yet is all zeros.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	if (!/^[1-9]\d{0,5}$/.test(params.list)) error(404, 'Not found');
	const credential = await statusListCredential(url.origin, Number(params.list));
	return new Response(await signCredential(credential), {
		headers: { 'content-type': 'application/vc+jwt', 'cache-control': 'no-cache' }
	});
};
