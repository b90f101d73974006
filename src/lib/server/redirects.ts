/**
 * Where to send the browser after logging in. The `redirectTo` query parameter is chosen by
 * whoever wrote the link, so it must never lead off the site.
 */

const BASE = 'http://spire.invalid';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

/** True for a path on this site that a browser cannot read as another host (`//host`, `/\host`). */
function isLocalPath(path: string): boolean {
	return path.startsWith('/') && !path.startsWith('//') && !UNSAFE_CHARACTERS.test(path);
}

/**
 * A path on this site to go to after login, or `fallback`.
 *
 * The target is normalised first (dot segments and percent-encoded dots resolved, as a browser
 * would), and the normalised value is what is checked and returned: `/.//evil.example` becomes
 * `//evil.example`, which is refused, instead of being checked as one string and returned as
 * another.
 */
export function safeRedirectTarget(target: string | null, fallback: string): string {
	if (!target || !isLocalPath(target)) return fallback;
	let url: URL;
	try {
		url = new URL(target, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const normalised = url.pathname + url.search + url.hash;
	return isLocalPath(normalised) ? normalised : fallback;
}

/** Why someone was sent to the login page, read from the page they go back to afterwards. */
export type LoginReason =
	| 'quiz'
	| 'lesson'
	| 'course'
	| 'join'
	| 'certificate'
	| 'groups'
	| 'account'
	| 'learning'
	| 'notifications'
	| 'other';

/** The first segment of a signed-in part of the site, and what logging in there is for. */
const SECTION_REASONS = new Map<string, LoginReason>([
	['join', 'join'],
	['certificates', 'certificate'],
	['educate', 'groups'],
	['account', 'account'],
	['me', 'learning'],
	['notifications', 'notifications']
]);

/**
 * What the login page says to someone on their way back to `target` (a path that
 * `safeRedirectTarget` let through), or null when they came to log in by themselves. Taken from
 * the path, not from a parameter of its own, so the sentence always matches where they go.
 */
export function loginReason(target: string | null): LoginReason | null {
	if (!target) return null;
	const path = target.split(/[?#]/)[0].replace(/\/+$/, '');
	const [first, second, third] = path.split('/').slice(1);
	if (first === 'courses' && second) {
		if (third === 'quiz') return 'quiz';
		return third ? 'lesson' : 'course';
	}
	return SECTION_REASONS.get(first ?? '') ?? 'other';
}
