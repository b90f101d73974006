import { error, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { coursesIn, findCourseEntry } from '$lib/server/courses';
import { takeLessonCompleted } from '$lib/server/flash';
import { listAttempts, startAttempt } from '$lib/server/quizzes';
import { requireUser } from '$lib/server/sessions';
import { learnerCountry } from '$lib/server/countries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const entry = findCourseEntry(event.params.course) ?? error(404, 'Not found');
	const course = coursesIn(contentLocale(getLocale())).find((c) => c.id === entry.id) ?? entry;
	const user = requireUser(event);
	const justCompletedId = takeLessonCompleted(event);
	return {
		course: {
			slug: course.slug,
			title: course.title,
			passMark: course.passMark,
			questionsPerAttempt: course.questionsPerAttempt
		},
		attempts: await listAttempts(user.id, course.id),
		/** The last lesson, when "Complete and continue" led here. */
		justCompleted: course.lessons.find((l) => l.id === justCompletedId)?.title ?? null
	};
};

export const actions: Actions = {
	start: async (event) => {
		const course = findCourseEntry(event.params.course) ?? error(404, 'Not found');
		const user = requireUser(event);
		const attempt = await startAttempt(user.id, course, new Date(), {
			country: learnerCountry(user)
		});
		redirect(303, `/courses/${course.slug}/quiz/${attempt.id}`);
	}
};
