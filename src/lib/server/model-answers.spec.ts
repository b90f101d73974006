import { describe, expect, it } from 'vitest';
import { reviewReferral } from '$lib/referral-feedback';
import { contentLocale, exerciseIn } from './course-language';
import { getCatalog } from './courses';
import { feedbackWords } from './referral-words';

/**
 * The model answers are what the feedback rules teach: each of them, in each language, must get
 * no flag at all, or the learner who copies its style is told off for it.
 */
describe('model answers', () => {
	const cases = getCatalog().courses.flatMap((course) =>
		course.exercises.flatMap((exercise) =>
			(['en', 'nb', 'da'] as const).map((locale) => ({ course, exercise, locale }))
		)
	);

	it('exist for the exercises', () => {
		expect(cases.length).toBeGreaterThanOrEqual(9);
	});

	it.each(cases.map((c) => [`${c.exercise.slug} (${c.locale})`, c] as const))(
		'%s gets no feedback flag',
		(_name, { course, exercise, locale }) => {
			const shown = exerciseIn(course, exercise, contentLocale(locale)).exercise;
			const flags = reviewReferral(shown.modelAnswer, feedbackWords(locale), {
				parentsToldFirst: exercise.parentsToldFirst
			});
			expect(
				flags.map((f) => ({
					...f,
					sentence: shown.modelAnswer[f.section].slice(f.start, f.end)
				}))
			).toEqual([]);
		}
	);
});
