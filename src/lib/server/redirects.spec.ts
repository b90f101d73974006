import { describe, expect, it } from 'vitest';
import { HOSTILE_TARGETS } from './__fixtures__/hostile-redirects';
import { safeRedirectTarget } from './redirects';

const origin = 'https://spire.example';
/** Where a browser on this site actually goes for a `Location` header of `location`. */
const destination = (location: string) => new URL(location, `${origin}/login`);

describe('safeRedirectTarget', () => {
	it('keeps local paths with their query and hash', () => {
		for (const target of ['/me', '/courses/signs-of-distress?x=1#top', '/', '/courses?a=//b']) {
			expect(safeRedirectTarget(target, '/me')).toBe(target);
		}
	});

	it('returns the normalised path, the same value it checked', () => {
		expect(safeRedirectTarget('/courses/./x/../signs-of-distress', '/me')).toBe(
			'/courses/signs-of-distress'
		);
		expect(safeRedirectTarget('/courses/%2e%2e/me', '/me')).toBe('/me');
	});

	it('falls back when there is no target', () => {
		expect(safeRedirectTarget(null, '/me')).toBe('/me');
		expect(safeRedirectTarget('', '/me')).toBe('/me');
	});

	it.each(HOSTILE_TARGETS)('never leaves the site for %j', (target) => {
		const result = safeRedirectTarget(target, '/me');
		expect(destination(result).origin).toBe(origin);
		expect(result.startsWith('/')).toBe(true);
		expect(result.startsWith('//')).toBe(false);
		expect(result).not.toMatch(/[\\\t\n\r]/);
	});

	it('has at least 40 hostile targets', () => {
		expect(HOSTILE_TARGETS.length).toBeGreaterThanOrEqual(40);
	});
});
