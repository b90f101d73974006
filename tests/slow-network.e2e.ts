import { PASSWORD, chooseCountry, confirmAddress, expect, test, uniqueEmail } from './fixtures';

test('what a learner types before the scripts have loaded is kept when they arrive', async ({
	page,
	a11y
}) => {
	let release!: () => void;
	const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await scriptsMayLoad;
		await route.continue();
	});

	await page.goto('/register', { waitUntil: 'commit' });
	const email = uniqueEmail('early');
	await page.getByLabel('Name').fill('Early Bird');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByLabel('Preferred language').selectOption('da');
	await chooseCountry(page, 'Denmark');

	release(); // the page hydrates now
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Name')).toHaveValue('Early Bird');
	await expect(page.getByLabel('Email')).toHaveValue(email);
	await expect(page.getByLabel('Password')).toHaveValue(PASSWORD);
	await expect(page.getByLabel('Preferred language')).toHaveValue('da');
	await expect(page.getByLabel('Country where you work')).toHaveValue('DK');
	await a11y();

	// Back to English, so that the rest of the journey (mail, pages) reads as the other tests do.
	await page.getByLabel('Preferred language').selectOption('en');
	const since = Date.now();
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
	await a11y();
	await confirmAddress(page, a11y, email, since);
	await a11y();
});
