/**
 * A lean HTTP client for the bench's load loops. `fetch` costs the load generator several times
 * more CPU per request than `node:http`; on a two-core machine the generator shares the cores
 * with the server, so a heavy client would measure itself instead of Spire.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/**
 * Sends one request and reads the whole answer. Redirects are not followed.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string }} [options]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, text: string, bytes: number }>}
 */
export function send(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers, agent }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => {
				const body = Buffer.concat(chunks);
				resolve({
					status: response.statusCode ?? 0,
					headers: response.headers,
					text: body.toString('utf8'),
					bytes: body.length
				});
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** A form post as a browser without JavaScript sends it. */
export function sendForm(server, path, form, cookie) {
	const body = new URLSearchParams(form).toString();
	return send(server.base + path, {
		method: 'POST',
		headers: {
			origin: server.origin,
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': String(Buffer.byteLength(body)),
			accept: 'text/html',
			cookie
		},
		body
	});
}
