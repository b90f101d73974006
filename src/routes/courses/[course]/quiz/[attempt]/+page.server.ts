import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { findCourseEntry } from '$lib/server/courses';
import { progressInCourse } from '$lib/server/progress';
import {
	answersFromForm,
	attemptPaper,
	attemptReview,
	findOwnAttempt,
	submitAttempt
} from '$lib/server/quizzes';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const course = findCourseEntry(event.params.course) ?? error(404, 'Not found');
	const user = requireUser(event);
	// Another learner's attempt is answered exactly like one that does not exist.
	const attempt = await findOwnAttempt(user.id, event.params.attempt);
	if (!attempt || attempt.courseId !== course.id) error(404, 'Not found');
	const courseInfo = { slug: course.slug, title: course.title, passMark: attempt.passMark };

	if (!attempt.submittedAt) {
		return {
			course: courseInfo,
			attempt: { id: attempt.id, submitted: false as const },
			questions: attemptPaper(course, attempt)
		};
	}
	const progress = await progressInCourse(user.id, course);
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
		review: await attemptReview(course, attempt),
		courseCompleted: Boolean(progress.completedAt),
		lessonsRemaining: progress.lessonCount - progress.lessonsDone
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
				return fail(400, {
					message: m.quiz_incomplete(),
					unanswered: result.unansweredQuestionIds,
					selected: { ...answers }
				});
		}
	}
};
