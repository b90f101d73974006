import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/** `E2E_PORT` moves the test server, so two checkouts can run their browser tests side by side. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** Outside test-results/, which Playwright empties while the server is already running. */
export const E2E_DATABASE = 'data/e2e-test.db';
/** The test server's log (LOG_FILE), which tests/logging.e2e.ts reads. */
export const E2E_LOG = 'data/e2e-test.log';
/** The loopback SMTP server the test server mails to (tests/global-setup.ts), and its mailbox. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 10);
export const E2E_MAILBOX = 'data/e2e-mailbox.jsonl';

/**
 * Browser tests run against the production build. They use Debian's chromium when it is there
 * (CI and these machines cannot download Playwright's browsers), else Playwright's own.
 */
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const useSystemChromium = existsSync(systemChromium);

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	globalSetup: './tests/global-setup.ts',
	fullyParallel: true,
	// Generous limits: these machines have two cores, shared by the server, the browser and axe.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	// At least two: a test spends most of its time waiting on the server or the browser, so two
	// workers keep both cores of a small machine busy. Larger machines use half their cores.
	workers: Math.max(2, Math.floor(availableParallelism() / 2)),
	retries: 0,
	reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		...devices['Desktop Chrome'],
		launchOptions: useSystemChromium
			? {
					executablePath: systemChromium,
					args: [
						'--headless',
						'--no-sandbox',
						'--disable-gpu',
						'--disable-quic',
						'--no-first-run',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync'
					]
				}
			: {}
	},
	webServer: {
		// A fresh database and log each run; demo accounts off so tests make their own.
		command: `rm -f ${E2E_DATABASE} ${E2E_DATABASE}-wal ${E2E_DATABASE}-shm ${E2E_DATABASE}.pid ${E2E_LOG} && node src/server.js`,
		url: `http://localhost:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			DATABASE_URL: `file:${E2E_DATABASE}`,
			SPIRE_DEMO: 'false',
			// Every test registers from 127.0.0.1; the limit itself is covered by unit tests.
			SPIRE_REGISTRATION_LIMIT: '0',
			// The same for certificate look-ups: parallel tests all check codes from 127.0.0.1.
			SPIRE_VERIFY_LIMIT: '0',
			LOG_FILE: E2E_LOG,
			SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
			MAIL_FROM: 'Spire <no-reply@spire.test>'
		}
	}
});
