import { json } from '@sveltejs/kit';
import { verifyCredentialJwt } from '$lib/server/badges';
import type { RequestHandler } from './$types';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Checks a VC-JWT sent as the body (`application/vc+jwt` or plain text) or as
 * `{ "credential": "<jwt>" }`: signature, dates, revocation status and schema. 200 with the
 * verdict when it holds; 422 with the verdict when it does not; 400 or 413 when the request is
 * not a token at all.
 */
export const POST: RequestHandler = async ({ request, url }) => {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES) return json({ error: 'The body is too large.' }, { status: 413 });
	const body = await request.text();
	if (body.length > MAX_BODY_BYTES)
		return json({ error: 'The body is too large.' }, { status: 413 });
	let token = body;
	if ((request.headers.get('content-type') ?? '').includes('json')) {
		try {
			const parsed = JSON.parse(body) as { credential?: unknown };
			if (typeof parsed?.credential !== 'string') throw new Error();
			token = parsed.credential;
		} catch {
			return json({ error: 'Send { "credential": "<VC-JWT>" }.' }, { status: 400 });
		}
	}
	if (!token.trim()) return json({ error: 'Send a VC-JWT.' }, { status: 400 });
	const verdict = await verifyCredentialJwt(token, { origin: url.origin });
	return json(verdict, { status: verdict.verified ? 200 : 422 });
};
