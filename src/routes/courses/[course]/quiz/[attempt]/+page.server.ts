import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { latestCertificateOf } from '$lib/server/certificates';
import { findCourseEntry, listCourses } from '$lib/server/courses';
import { nextCourseAfter, progressInCourse } from '$lib/server/progress';
import {
	answersFromForm,
	attemptPaper,
	attemptReview,
	findOwnAttempt,
	submitAttempt
} from '$lib/server/quizzes';
import { requireUser } from '$lib/server/sessions';
import { moduleCardFor } from '$lib/server/action-cards';
import { viewerCountry } from '$lib/server/countries';
import { getLocale } from '$lib/paraglide/runtime';
import {
	cardIn,
	contentLocale,
	courseText,
	languageName,
	lessonTitle,
	quizBankIn
} from '$lib/server/course-language';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const course = findCourseEntry(event.params.course) ?? error(404, 'Not found');
	const user = requireUser(event);
	// Another learner's attempt is answered exactly like one that does not exist.
	const attempt = await findOwnAttempt(user.id, event.params.attempt);
	if (!attempt || attempt.courseId !== course.id) error(404, 'Not found');
	const locale = contentLocale(getLocale());
	const text = courseText(course, locale);
	const courseInfo = { slug: course.slug, title: text.title, passMark: attempt.passMark };
	// The questions in the reader's language; which options are correct stays the English bank's.
	const { bank, fallback } = quizBankIn(course, locale);
	const shown = {
		bank,
		lessons: course.lessons.map((l) => ({ ...l, title: lessonTitle(course, l, locale) }))
	};
	/** Set when the questions are shown in English because the quiz is not translated yet. */
	const fallbackLanguage = fallback ? languageName(locale) : null;

	if (!attempt.submittedAt) {
		return {
			course: courseInfo,
			attempt: { id: attempt.id, submitted: false as const },
			fallbackLanguage,
			questions: attemptPaper(shown, attempt)
		};
	}
	const progress = await progressInCourse(user.id, course);
	const courseCompleted = Boolean(progress.completedAt);
	// A passed attempt of a completed course ends the course: the page says what comes next.
	const finished = Boolean(attempt.passed) && courseCompleted;
	const [review, certificate, nextCourse] = await Promise.all([
		attemptReview(shown, attempt),
		finished ? latestCertificateOf(user.id, course.id) : null,
		finished ? nextCourseAfter(user.id, listCourses(locale), course.id) : null
	]);
	return {
		course: courseInfo,
		attempt: {
			id: attempt.id,
			submitted: true as const,
			score: attempt.score ?? 0,
			correctCount: attempt.correctCount ?? 0,
			questionCount: attempt.questionCount,
			passed: attempt.passed ?? false
		},
		review,
		fallbackLanguage,
		courseCompleted,
		lessonsRemaining: progress.lessonCount - progress.lessonsDone,
		/** The action card, where the module ends. */
		moduleCard: finished
			? moduleCardFor(cardIn(course, locale).card, viewerCountry(event).country)
			: null,
		finish: finished
			? {
					objectives: text.objectives,
					certificate: certificate && { id: certificate.id },
					nextCourse: nextCourse && { slug: nextCourse.slug, title: nextCourse.title }
				}
			: null
	};
};

export const actions: Actions = {
	submit: async (event) => {
		const course = findCourseEntry(event.params.course) ?? error(404, 'Not found');
		const user = requireUser(event);
		const form = answersFromForm(await event.request.formData());
		if (!form.ok) return fail(400, { message: m.quiz_invalid(), unanswered: [], selected: {} });
		const { answers } = form;
		const result = await submitAttempt(user.id, course, event.params.attempt, answers);
		if (result.ok) redirect(303, event.url.pathname);
		switch (result.reason) {
			case 'not-found':
				error(404, 'Not found');
				break;
			case 'already-submitted':
				return fail(409, { message: m.quiz_already_submitted(), unanswered: [], selected: {} });
			case 'invalid':
				return fail(400, { message: m.quiz_invalid(), unanswered: [], selected: {} });
			case 'incomplete':
				// Listed by the error summary at the top of the form, not as a message.
				return fail(400, {
					message: undefined,
					unanswered: result.unansweredQuestionIds,
					selected: { ...answers }
				});
		}
	}
};
