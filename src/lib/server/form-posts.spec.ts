import { describe, expect, it } from 'vitest';
import { checkFormPost, requestedAction } from './form-posts';

const URL_BASE = 'http://localhost/courses/x/quiz/1';

function post(search: string, body: BodyInit | null, contentType?: string) {
	const url = new URL(`${URL_BASE}${search}`);
	const headers = contentType ? { 'content-type': contentType } : undefined;
	return { request: new Request(url, { method: 'POST', body, headers }), url };
}

async function check(search: string, body: BodyInit | null, contentType?: string) {
	const { request, url } = post(search, body, contentType);
	return checkFormPost(request, url);
}

describe('requestedAction', () => {
	it('reads the action name as SvelteKit does', () => {
		expect(requestedAction(new URL('http://x/a?/submit'))).toBe('submit');
		expect(requestedAction(new URL('http://x/a?x=1&/start'))).toBe('start');
		expect(requestedAction(new URL('http://x/a'))).toBeNull();
	});
});

describe('checkFormPost', () => {
	it('lets well-formed forms through, urlencoded and multipart, and leaves the body unread', async () => {
		const form = new FormData();
		form.append('q:a', 'b');
		const { request, url } = post('?/submit', form);
		expect(await checkFormPost(request, url)).toEqual({ ok: true });
		expect((await request.formData()).get('q:a')).toBe('b');
		expect(await check('', 'email=a%40b.c', 'application/x-www-form-urlencoded')).toEqual({
			ok: true
		});
	});

	it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'default', 'a b', 'ä', '1x'])(
		'answers 404 to the action name %j',
		async (name) => {
			const result = await check(
				`?/${encodeURIComponent(name)}`,
				'a=1',
				'application/x-www-form-urlencoded'
			);
			expect(result).toMatchObject({ ok: false, status: 404 });
		}
	);

	it.each([
		['text/plain', 'a=1'],
		['application/json', '{"a":1}'],
		['application/x-sveltekit-formdata', 'x'],
		['', 'a=1'],
		['text/html', '<p>']
	])('answers 415 to a %j body', async (type, body) => {
		expect(await check('?/submit', body, type || undefined)).toMatchObject({
			ok: false,
			status: 415
		});
	});

	it('answers 400 to multipart bodies that cannot be read', async () => {
		for (const [type, body] of [
			['multipart/form-data', '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--x--'],
			['multipart/form-data; boundary=x', 'no parts at all'],
			['multipart/form-data; boundary=x', '--x\r\nbroken']
		]) {
			expect(await check('?/submit', body, type)).toMatchObject({ ok: false, status: 400 });
		}
	});
});
