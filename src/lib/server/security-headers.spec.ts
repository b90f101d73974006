import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import config, { ROUTE_ANNOUNCER_STYLE } from '../../../svelte.config.js';
import { STRICT_TRANSPORT_SECURITY, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
	it('always sends nosniff, a strict referrer policy and a permissions policy', () => {
		expect(securityHeaders('http://localhost:3000')).toEqual({
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'strict-origin-when-cross-origin',
			'permissions-policy': 'camera=(), microphone=(), geolocation=()'
		});
	});

	it('adds HSTS for two years, subdomains included, only when ORIGIN is https', () => {
		expect(securityHeaders('https://spire.example.org')['strict-transport-security']).toBe(
			'max-age=63072000; includeSubDomains'
		);
		expect(securityHeaders(' HTTPS://spire.example.org ')['strict-transport-security']).toBe(
			STRICT_TRANSPORT_SECURITY
		);
		for (const origin of [undefined, '', 'http://localhost:3000', 'http://https.example.org']) {
			expect(securityHeaders(origin)).not.toHaveProperty('strict-transport-security');
		}
	});
});

describe('the page Content-Security-Policy (svelte.config.js)', () => {
	const directives = config.kit?.csp?.directives ?? {};

	it('refuses inline styles', () => {
		expect(directives['style-src']).toEqual(['self']);
		expect(directives['default-src']).toEqual(['self']);
	});

	it("allows exactly the installed SvelteKit's route announcer style attribute, by hash", () => {
		const root = readFileSync('node_modules/@sveltejs/kit/src/core/sync/write_root.js', 'utf8');
		const announcer = root.match(/id="svelte-announcer"[^>]*style="([^"]*)"/);
		expect(announcer?.[1], 'SvelteKit changed its route announcer').toBe(ROUTE_ANNOUNCER_STYLE);
		const hash = createHash('sha256').update(ROUTE_ANNOUNCER_STYLE).digest('base64');
		expect(directives['style-src-attr']).toEqual(['unsafe-hashes', `sha256-${hash}`]);
	});
});
