import { error, redirect } from '@sveltejs/kit';
import { findCourse, findLesson } from '$lib/server/courses';
import { completeLesson, isLessonCompleted, recordLessonVisit } from '$lib/server/progress';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

function lookUp(params: { course: string; lesson: string }) {
	const course = findCourse(params.course);
	const lesson = findLesson(params.course, params.lesson);
	if (!course || !lesson) error(404, 'Not found');
	return { course, lesson };
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const { course, lesson } = lookUp(params);
	let completed = false;
	if (locals.user) {
		recordLessonVisit(locals.user.id, course.id, lesson.id);
		completed = await isLessonCompleted(locals.user.id, lesson.id);
	}
	return {
		course: { slug: course.slug, title: course.title, lessonCount: course.lessons.length },
		lesson: {
			id: lesson.id,
			slug: lesson.slug,
			number: lesson.number,
			title: lesson.title,
			path: lesson.path,
			sources: lesson.sources,
			// Only what the pager shows: every field here is serialised into the page.
			previous: lesson.previous && { slug: lesson.previous.slug, title: lesson.previous.title },
			next: lesson.next && { slug: lesson.next.slug, title: lesson.next.title }
		},
		completed,
		signedIn: Boolean(locals.user),
		/** Sent back with "Mark as complete" to estimate the time spent on the lesson. */
		openedAt: Date.now()
	};
};

export const actions: Actions = {
	complete: async (event) => {
		const user = requireUser(event);
		const { course, lesson } = lookUp(event.params);
		const openedAt = Number((await event.request.formData()).get('openedAt'));
		const now = Date.now();
		const seconds =
			Number.isFinite(openedAt) && openedAt > 0 && openedAt <= now ? (now - openedAt) / 1000 : 0;
		await completeLesson(user.id, course, lesson.id, seconds, new Date(now));
		redirect(303, event.url.pathname);
	}
};
