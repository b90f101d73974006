import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COURSE, expect, test } from './fixtures';

/** The lessons of the first course that have figures, by slug, with how many each has. */
const LESSONS = readdirSync(COURSE.folder)
	.filter((name) => /^\d{2}-.+\.md$/.test(name))
	.sort()
	.map((name) => ({
		slug: name.replace(/^\d{2}-/, '').replace(/\.md$/, ''),
		figures: readFileSync(join(COURSE.folder, name), 'utf8').match(/<Figure\b/g)?.length ?? 0
	}))
	.filter((lesson) => lesson.figures > 0);

for (const width of [390, 1280]) {
	test.describe(`lesson figures at ${width} px`, () => {
		test.use({ viewport: { width, height: 900 } });

		test('every figure in the first course loads, fits and says what it shows', async ({
			page,
			a11y
		}, testInfo) => {
			test.slow(); // seven lessons
			expect(LESSONS.length).toBeGreaterThanOrEqual(7);
			for (const { slug, figures: expected } of LESSONS) {
				await page.goto(`/courses/${COURSE.slug}/${slug}`);
				await a11y();
				const figures = page.locator('main figure');
				const count = await figures.count();
				expect(count, `figures in ${slug}`).toBe(expected);
				for (let index = 0; index < count; index++) {
					const figure = figures.nth(index);
					const image = figure.getByRole('img');
					await image.scrollIntoViewIfNeeded();
					// A bundled, hashed asset, never a path into the course folder.
					await expect(image).toHaveAttribute(
						'src',
						/^\/_app\/immutable\/assets\/[\w-]+\.[\w-]+\.svg$/
					);
					await expect(image).toHaveAttribute('alt', /\S.{40,}/);
					await expect(figure.locator('figcaption')).toHaveText(/\S/);
					// Loaded, and no wider than the text column or the screen.
					await expect
						.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
						.toBeGreaterThan(0);
					const box = (await image.boundingBox())!;
					const column = (await page.locator('main').boundingBox())!;
					expect(box.x).toBeGreaterThanOrEqual(column.x);
					expect(box.x + box.width).toBeLessThanOrEqual(Math.min(column.x + column.width, width));
					await testInfo.attach(`${slug}-figure-${index + 1}-${width}px.png`, {
						body: await figure.screenshot(),
						contentType: 'image/png'
					});
				}
			}
		});
	});
}

test('figures are served as immutable files that browsers cache for good', async ({
	page,
	a11y
}) => {
	await page.goto(`/courses/${COURSE.slug}/${LESSONS[1].slug}`);
	await a11y();
	const src = await page.locator('main figure img').first().getAttribute('src');
	const response = await page.request.get(src!);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/);
	expect(response.headers()['cache-control']).toMatch(/immutable/);
	expect(await response.text()).toMatch(/^<svg [^>]*viewBox=/);
});
