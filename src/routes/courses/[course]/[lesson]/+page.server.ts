import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { findCourse, findCourseEntry, findLesson, getCatalog } from '$lib/server/courses';
import {
	cardIn,
	contentLocale,
	courseText,
	languageName,
	lessonText,
	lessonTitle,
	termsIn
} from '$lib/server/course-language';
import { getLocale } from '$lib/paraglide/runtime';
import { flashLessonCompleted, takeLessonCompleted } from '$lib/server/flash';
import { nextStepAfter, outlineOf } from '$lib/server/outline';
import { completeLesson, progressInCourse, recordLessonVisit } from '$lib/server/progress';
import { requireUser } from '$lib/server/sessions';
import { contentNoteFor, moduleCardFor } from '$lib/server/action-cards';
import { viewerCountry } from '$lib/server/countries';
import type { Actions, PageServerLoad } from './$types';

function lookUp(params: { course: string; lesson: string }) {
	const course = findCourse(params.course);
	const lesson = findLesson(params.course, params.lesson);
	if (!course || !lesson) error(404, 'Not found');
	return { course, lesson };
}

export const load: PageServerLoad = async (event) => {
	const { params, locals } = event;
	const { course, lesson } = lookUp(params);
	let progress = null;
	if (locals.user) {
		recordLessonVisit(locals.user.id, course.id, lesson.id);
		progress = await progressInCourse(locals.user.id, course);
	}
	const justCompletedId = takeLessonCompleted(event);
	const viewer = viewerCountry(event);
	const locale = contentLocale(getLocale());
	const entry = findCourseEntry(course.slug)!;
	const text = lessonText(entry, lesson, locale);
	const courseTitle = courseText(entry, locale).title;
	const titled = <T extends { slug: string; title: string }>(l: T): T => ({
		...l,
		title: lessonTitle(entry, l, locale)
	});
	const localCourse = { ...course, title: courseTitle, lessons: course.lessons.map(titled) };
	return {
		course: { slug: course.slug, title: courseTitle, lessonCount: course.lessons.length },
		lesson: {
			id: lesson.id,
			slug: lesson.slug,
			number: lesson.number,
			title: text.title,
			path: text.path,
			sources: text.sources,
			// Only what the pager shows: every field here is serialised into the page.
			previous: lesson.previous && {
				slug: lesson.previous.slug,
				title: lessonTitle(entry, lesson.previous, locale)
			},
			next: lesson.next && {
				slug: lesson.next.slug,
				title: lessonTitle(entry, lesson.next, locale)
			}
		},
		/** Set when the lesson is shown in English because it is not translated yet. */
		fallbackLanguage: text.fallback ? languageName(locale) : null,
		/** "Words in this lesson": the glossary terms the lesson marks. */
		terms: termsIn(getCatalog().glossary, text.termIds, locale),
		outline: outlineOf(localCourse, lesson.id, progress),
		completed: progress?.completedLessonIds.includes(lesson.id) ?? false,
		/** Where Continue leads from a lesson already done. */
		nextStep: nextStepAfter(localCourse, lesson.id, progress?.completedLessonIds ?? []),
		/** The lesson that "Complete and continue" completed on the way here. */
		justCompleted: localCourse.lessons.find((l) => l.id === justCompletedId)?.title ?? null,
		signedIn: Boolean(locals.user),
		/** Which country passages the lesson shows (see ForCountry.svelte). */
		reading: { country: viewer.country, source: viewer.source, codes: lesson.countryCodes },
		/** The course's content note opens its first lesson. */
		contentNote:
			lesson.number === 1
				? contentNoteFor(
						{
							contentNote: courseText(entry, locale).contentNote,
							card: cardIn(entry, locale).card
						},
						viewer.country
					)
				: null,
		/** The action card ends the last lesson. */
		moduleCard: lesson.next ? null : moduleCardFor(cardIn(entry, locale).card, viewer.country),
		/** Sent back with the completion buttons to estimate the time spent on the lesson. */
		openedAt: Date.now()
	};
};

async function complete(event: RequestEvent<{ course: string; lesson: string }>) {
	const user = requireUser(event);
	const { course, lesson } = lookUp(event.params);
	const openedAt = Number((await event.request.formData()).get('openedAt'));
	const now = Date.now();
	const seconds =
		Number.isFinite(openedAt) && openedAt > 0 && openedAt <= now ? (now - openedAt) / 1000 : 0;
	await completeLesson(user.id, course, lesson.id, seconds, new Date(now));
	return { user, course, lesson };
}

export const actions: Actions = {
	/** "Mark as complete": stays on the lesson, at the confirmation. */
	complete: async (event) => {
		await complete(event);
		redirect(303, `${event.url.pathname}#lesson-done`);
	},
	/** "Complete and continue": on to the next lesson not done yet, or to the quiz. */
	continue: async (event) => {
		const { user, course, lesson } = await complete(event);
		const { completedLessonIds } = await progressInCourse(user.id, course);
		const next = nextStepAfter(course, lesson.id, completedLessonIds);
		flashLessonCompleted(event, lesson.id);
		redirect(
			303,
			next.kind === 'lesson'
				? `/courses/${course.slug}/${next.slug}`
				: `/courses/${course.slug}/quiz`
		);
	}
};
