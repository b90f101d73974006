import { describe, expect, it } from 'vitest';
import { FLASH_SECONDS, flashLessonCompleted, takeLessonCompleted } from '$lib/server/flash';

/** A browser's cookie jar behind a stand-in RequestEvent: what is set is sent back next time. */
function browser(url = 'http://localhost/courses/c/lesson') {
	const jar = new Map<string, { value: string; options: Record<string, unknown> }>();
	const cookies = {
		get: (name: string) => jar.get(name)?.value,
		set: (name: string, value: string, options: Record<string, unknown>) =>
			jar.set(name, { value, options }),
		delete: (name: string) => jar.delete(name)
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return { event: { url: new URL(url), cookies } as any, jar };
}

describe('the lesson-completed notice', () => {
	it('is read once, on the next page, and is gone after that', () => {
		const { event } = browser();
		flashLessonCompleted(event, 'sod-withdrawal');
		expect(takeLessonCompleted(event)).toBe('sod-withdrawal');
		expect(takeLessonCompleted(event)).toBeNull();
	});

	it('lives a minute in an HttpOnly cookie, Secure with the __Host- prefix over https', () => {
		const plain = browser();
		flashLessonCompleted(plain.event, 'a');
		expect(plain.jar.get('spire_flash')?.options).toMatchObject({
			httpOnly: true,
			sameSite: 'lax',
			path: '/',
			secure: false,
			maxAge: FLASH_SECONDS
		});
		const secure = browser('https://spire.example/courses/c/lesson');
		flashLessonCompleted(secure.event, 'a');
		expect(secure.jar.get('__Host-spire_flash')?.options).toMatchObject({ secure: true });
	});

	it('ignores and removes a cookie it did not write', () => {
		const { event, jar } = browser();
		jar.set('spire_flash', { value: '<script>alert(1)</script>', options: {} });
		expect(takeLessonCompleted(event)).toBeNull();
		expect(jar.has('spire_flash')).toBe(false);
	});

	it('is nothing when there is no cookie', () => {
		expect(takeLessonCompleted(browser().event)).toBeNull();
	});
});
