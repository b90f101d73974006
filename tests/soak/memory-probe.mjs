/**
 * Preloaded into the server by tests/soak/soak.mjs (`node --import`), never by the app itself:
 * sends the V8 heap figures to the soak script over the IPC channel once a second. RSS is read
 * from /proc by the soak script; only the heap needs to be asked from inside the process.
 */
if (process.send) {
	const report = () => {
		if (!process.connected) return;
		const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
		process.send({ heapUsed, heapTotal, external, arrayBuffers });
	};
	report();
	const timer = setInterval(report, 1000);
	timer.unref();
	process.channel?.unref();
}
