import { describe, expect, it } from 'vitest';
import { HOSTILE_TARGETS } from './__fixtures__/hostile-redirects';
import { loginReason, safeRedirectTarget } from './redirects';

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

describe('loginReason', () => {
	it('says nothing to someone who came to log in by themselves', () => {
		expect(loginReason(null)).toBeNull();
		expect(loginReason('')).toBeNull();
	});

	it('tells a learner why a course page sent them here', () => {
		expect(loginReason('/courses/signs-of-distress/quiz')).toBe('quiz');
		expect(loginReason('/courses/signs-of-distress/quiz/abc123')).toBe('quiz');
		expect(loginReason('/courses/signs-of-distress/withdrawal-and-the-adbb')).toBe('lesson');
		expect(loginReason('/courses/signs-of-distress?x=1#top')).toBe('course');
		expect(loginReason('/courses/signs-of-distress/')).toBe('course');
	});

	it('names the other signed-in parts of the site, and anything else plainly', () => {
		expect(loginReason('/join/abcdefghijklmnopqrstuvwxyz234567')).toBe('join');
		expect(loginReason('/certificates/c1')).toBe('certificate');
		expect(loginReason('/educate/groups/g1')).toBe('groups');
		expect(loginReason('/account/two-factor')).toBe('account');
		expect(loginReason('/me')).toBe('learning');
		expect(loginReason('/notifications')).toBe('notifications');
		expect(loginReason('/courses')).toBe('other');
		expect(loginReason('/')).toBe('other');
		expect(loginReason('/constructor')).toBe('other');
	});
});
