/**
 * The security headers every response carries: pages (set in hooks.server.ts) and the static
 * files and /_app assets that adapter-node serves before SvelteKit's hooks run (set in
 * src/server.js). Plain JavaScript, because src/server.js runs in Node without a build step.
 * The Content-Security-Policy of pages comes from `kit.csp` in svelte.config.js.
 */

/** Two years, subdomains included: the values hstspreload.org asks for. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/**
 * The headers for a site served at `origin` (the ORIGIN variable). HSTS only when the site is
 * https: over plain http browsers ignore it, and sending it from a local or test server
 * would be wrong.
 * @param {string | undefined} origin
 * @returns {Record<string, string>}
 */
export function securityHeaders(origin) {
	/** @type {Record<string, string>} */
	const headers = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'permissions-policy': 'camera=(), microphone=(), geolocation=()'
	};
	if (origin?.trim().toLowerCase().startsWith('https://')) {
		headers['strict-transport-security'] = STRICT_TRANSPORT_SECURITY;
	}
	return headers;
}
