/**
 * A server without SMTP_URL writes every mail, links included, to its log as a JSON line with
 * `to` and `links` (src/lib/server/mail.ts, at level warn so it shows with LOG_LEVEL=warn). The
 * scripts that run the production server (bench, durability, fuzz, soak, cluster test) read the
 * address-check links from there, exactly as someone trying Spire without a mail server would.
 */

/**
 * Follows a server's stdout and keeps the mails in it.
 * @param {import('node:stream').Readable} stdout
 */
export function mailLogReader(stdout) {
	/** @type {{ to: string, links: string[] }[]} */
	const mails = [];
	/** @type {Set<() => void>} */
	const waiting = new Set();
	let partial = '';
	stdout.on('data', (chunk) => {
		const lines = (partial + String(chunk)).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) {
			if (!line.includes('"links"')) continue;
			try {
				const entry = JSON.parse(line);
				if (typeof entry.to === 'string' && Array.isArray(entry.links)) {
					mails.push({ to: entry.to.trim().toLowerCase(), links: entry.links });
					for (const wake of waiting) wake();
				}
			} catch {
				// not a log line of ours
			}
		}
	});
	return {
		/**
		 * The newest link to `path` mailed to `email`, as a path with its query; waits up to
		 * `timeoutMs` for it to be logged.
		 * @param {string} email
		 * @param {string} path
		 */
		async link(email, path, timeoutMs = 15_000) {
			const wanted = email.trim().toLowerCase();
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				for (const mail of [...mails].reverse()) {
					if (mail.to !== wanted) continue;
					for (const link of mail.links) {
						const url = new URL(link);
						if (url.pathname === path) return url.pathname + url.search;
					}
				}
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`No mail to ${email} with a link to ${path} in the log`);
				await new Promise((resolve) => {
					const wake = () => {
						waiting.delete(wake);
						clearTimeout(timer);
						resolve(undefined);
					};
					const timer = setTimeout(wake, left);
					waiting.add(wake);
				});
			}
		}
	};
}
