/**
 * One check for every form post, run in `hooks.server.ts` before any action, so that every
 * action (today's and tomorrow's) only ever sees a well-formed form:
 *   - a body that is not form data gets 415, a form body that cannot be parsed gets 400;
 *   - an action name that is not a plain name (`?/constructor`, `?/__proto__`, `?/default`)
 *     gets 404, like any action that does not exist.
 * SvelteKit itself lets `text/plain` through (HTML forms may send it) and looks action names
 * up on a plain object, so both used to end in a 500.
 */

export type FormPostCheck =
	{ ok: true } | { ok: false; status: 400 | 404 | 413 | 415; reason: string };

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
/** What an action may be called: a JavaScript identifier that no object has already. */
const ACTION_NAME = /^[A-Za-z_$][\w$]*$/;

/** The action a POST asks for (`?/name`), as SvelteKit reads it; `default` when none. */
export function requestedAction(url: URL): string | null {
	for (const [key] of url.searchParams) if (key.startsWith('/')) return key.slice(1);
	return null;
}

function isPlainActionName(name: string): boolean {
	return ACTION_NAME.test(name) && name !== 'default' && !(name in Object.prototype);
}

function mediaType(request: Request): string {
	return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** Checks a POST to a page (form action) without consuming its body. */
export async function checkFormPost(request: Request, url: URL): Promise<FormPostCheck> {
	const action = requestedAction(url);
	if (action !== null && !isPlainActionName(action)) {
		return { ok: false, status: 404, reason: 'No such action.' };
	}
	if (!FORM_TYPES.has(mediaType(request))) {
		return {
			ok: false,
			status: 415,
			reason: 'Send forms as application/x-www-form-urlencoded or multipart/form-data.'
		};
	}
	try {
		await request.clone().formData();
	} catch (error) {
		// adapter-node refuses bodies over BODY_SIZE_LIMIT with a 413 while they are read.
		if ((error as { status?: number })?.status === 413 || /exceeds limit/i.test(String(error))) {
			return { ok: false, status: 413, reason: 'The form is too large.' };
		}
		return { ok: false, status: 400, reason: 'The form data could not be read.' };
	}
	return { ok: true };
}
