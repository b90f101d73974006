import { error } from '@sveltejs/kit';
import { latestCertificateOf } from '$lib/server/certificates';
import { findCourse } from '$lib/server/courses';
import { progressInCourse } from '$lib/server/progress';
import { contentNoteFor } from '$lib/server/action-cards';
import { viewerCountry } from '$lib/server/countries';
import { getLocale } from '$lib/paraglide/runtime';
import {
	cardIn,
	contentLocale,
	courseText,
	languageName,
	lessonTitle
} from '$lib/server/course-language';
import { findCourseEntry } from '$lib/server/courses';
import { exerciseIn } from '$lib/server/course-language';
import { exerciseStates } from '$lib/server/referrals';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, locals } = event;
	const course = findCourse(params.course);
	if (!course) error(404, 'Not found');
	const [progress, certificate] = locals.user
		? await Promise.all([
				progressInCourse(locals.user.id, course),
				latestCertificateOf(locals.user.id, course.id)
			])
		: [null, null];
	const { country } = viewerCountry(event);
	const entry = findCourseEntry(course.slug)!;
	const locale = contentLocale(getLocale());
	const states = locals.user
		? await exerciseStates(
				locals.user.id,
				entry.exercises.map((e) => e.id)
			)
		: null;
	const { fallback, ...text } = courseText(entry, locale);
	return {
		course: {
			...course,
			...text,
			lessons: course.lessons.map((l) => ({ ...l, title: lessonTitle(entry, l, locale) }))
		},
		/** Set when the course text is shown in English because it is not translated yet. */
		fallbackLanguage: fallback ? languageName(locale) : null,
		progress,
		certificate,
		contentNote: contentNoteFor(
			{ contentNote: text.contentNote, card: cardIn(entry, locale).card },
			country
		),
		cardCountry: course.card ? country : null,
		/** The writing exercises, with the signed-in learner's state of each. */
		exercises: entry.exercises.map((exercise) => {
			const { title, summary } = exerciseIn(entry, exercise, locale).exercise;
			return { slug: exercise.slug, title, summary, state: states?.get(exercise.id) ?? null };
		}),
		requiresApprovedExercise: entry.requiresApprovedExercise
	};
};
