import { error, fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { SECTION_IDS } from '$lib/referral-sections';
import { contentLocale, courseText, exerciseIn } from '$lib/server/course-language';
import { findExerciseById, referralTemplate } from '$lib/server/courses';
import type { TemplateCode } from '$lib/server/content/referral-templates';
import { completeCourseIfDone } from '$lib/server/progress';
import {
	readReviewForm,
	readSelfAssessment,
	reviewSubmission,
	saveSelfAssessment,
	submissionFor,
	type Viewer
} from '$lib/server/referrals';
import { requireUser } from '$lib/server/sessions';
import { diffWords } from '$lib/text-diff';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The submission and its exercise as `user` may see them; 404 for anyone else, whatever the id. */
async function accessOf(user: Viewer, event: Pick<RequestEvent, 'params'>) {
	const access = await submissionFor(user, event.params.submission);
	const found = access && findExerciseById(access.submission.exerciseId);
	if (!access || !found) error(404, 'Not found');
	return { access, ...found };
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { access, course, exercise } = await accessOf(user, event);
	const { submission, versions } = access;
	const locale = contentLocale(getLocale());
	const shown = exerciseIn(course, exercise, locale).exercise;
	const template = referralTemplate(submission.templateCountry as TemplateCode, locale).template;
	const index = versions.findIndex((v) => v.id === submission.id);
	const previous = index > 0 ? versions[index - 1] : null;
	const latest = versions.at(-1)!;
	return {
		course: { slug: course.slug, title: courseText(course, locale).title },
		exercise: { slug: exercise.slug, title: shown.title, checklist: shown.checklist },
		template,
		submission,
		writerName: access.writerName,
		own: access.own,
		isLatest: latest.id === submission.id,
		mayReview: access.mayReview && latest.id === submission.id && !submission.review,
		modelAnswer: shown.modelAnswer,
		versions: versions.map((v) => ({
			id: v.id,
			version: v.version,
			submittedAt: v.submittedAt,
			verdict: v.review?.verdict ?? null
		})),
		/** What changed since the version before, section by section, for the reviewer. */
		changes: previous
			? {
					version: previous.version,
					sections: Object.fromEntries(
						SECTION_IDS.map((id) => [id, diffWords(previous.text[id], submission.text[id])])
					)
				}
			: null
	};
};

export const actions: Actions = {
	assess: async (event) => {
		const user = requireUser(event);
		const { access, exercise } = await accessOf(user, event);
		if (!access.own) error(404, 'Not found');
		const answers = readSelfAssessment(await event.request.formData(), exercise);
		const result = await saveSelfAssessment(user.id, access.submission.id, answers);
		if (result === 'not-found') error(404, 'Not found');
		return { assessed: true };
	},
	review: async (event) => {
		const user = requireUser(event);
		const { access, course, exercise } = await accessOf(user, event);
		if (!access.mayReview) error(404, 'Not found');
		const form = readReviewForm(await event.request.formData());
		if (!form.ok) return fail(400, { review: { values: form.values, errors: form.errors } });
		const locale = contentLocale(access.submission.locale);
		const result = await reviewSubmission(
			user,
			access.submission.id,
			form.input,
			{
				exerciseTitle: exerciseIn(course, exercise, locale).exercise.title,
				link: `/referrals/${access.submission.id}`
			},
			(tx, writerId) => completeCourseIfDone(tx, writerId, course, new Date())
		);
		if (!result.ok && result.reason === 'not-found') error(404, 'Not found');
		if (!result.ok) return fail(409, { review: { refused: result.reason, values: form.values } });
		redirect(303, '/educate/reviews');
	}
};
