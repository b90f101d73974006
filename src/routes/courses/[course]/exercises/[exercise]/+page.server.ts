import { error, fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { learnerCountry } from '$lib/server/countries';
import { contentLocale, courseText, exerciseIn, lessonTitle } from '$lib/server/course-language';
import { findExercise, referralTemplate } from '$lib/server/courses';
import { templateCountry } from '$lib/server/content/referral-templates';
import {
	draftOf,
	exerciseView,
	readReferralForm,
	saveDraft,
	startRevision,
	submitDraft,
	versionsOf,
	writingAids
} from '$lib/server/referrals';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function exerciseOf(event: Pick<RequestEvent, 'params'>) {
	return findExercise(event.params.course, event.params.exercise) ?? error(404, 'Not found');
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { course, exercise } = exerciseOf(event);
	const locale = contentLocale(getLocale());
	const country = templateCountry(exercise.template, learnerCountry(user));
	const shown = exerciseIn(course, exercise, locale);
	const [draft, versions] = await Promise.all([
		draftOf(user.id, exercise.id),
		versionsOf(user.id, exercise.id)
	]);
	return {
		course: { slug: course.slug, title: courseText(course, locale).title },
		// The case, never the model answer: that is shown once a version is submitted.
		exercise: exerciseView(shown.exercise),
		exerciseFallback: shown.fallback,
		lesson: {
			slug: exercise.lesson,
			title: lessonTitle(course, { slug: exercise.lesson, title: exercise.lesson }, locale)
		},
		template: referralTemplate(country, locale).template,
		draft,
		versions: versions.map((v) => ({
			id: v.id,
			version: v.version,
			submittedAt: v.submittedAt,
			verdict: v.review?.verdict ?? null
		})),
		aids: writingAids(exercise, locale)
	};
};

/** Reads the writing form and saves it as the draft; `invalid` is the answer to an invalid form. */
async function readAndSave(event: RequestEvent) {
	const user = requireUser(event);
	const { exercise } = exerciseOf(event);
	const form = readReferralForm(
		await event.request.formData(),
		exercise,
		contentLocale(getLocale())
	);
	if (!form.ok) return { invalid: fail(400, { values: form.values, errors: form.errors }) };
	return { form, result: await saveDraft(user.id, exercise.id, form.input) };
}

export const actions: Actions = {
	/** Save draft: the button without JavaScript, and the autosave with it. */
	save: async (event) => {
		const saved = await readAndSave(event);
		if ('invalid' in saved) return saved.invalid;
		const { form, result } = saved;
		if (!result.ok) {
			return fail(result.reason === 'stale' ? 409 : 400, { values: form.values, refused: result });
		}
		return { saved: true, revision: result.revision, values: form.values };
	},
	/** Check my draft: the feedback without JavaScript; the text is saved too when it may be. */
	check: async (event) => {
		const saved = await readAndSave(event);
		if ('invalid' in saved) return saved.invalid;
		const { form, result } = saved;
		return {
			checked: true,
			values: form.values,
			saved: result.ok,
			revision: result.ok ? result.revision : form.input.baseRevision,
			refused: result.ok ? null : result
		};
	},
	submit: async (event) => {
		const user = requireUser(event);
		const { course, exercise } = exerciseOf(event);
		const locale = contentLocale(getLocale());
		const form = readReferralForm(await event.request.formData(), exercise, locale);
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const country = templateCountry(exercise.template, learnerCountry(user));
		const result = await submitDraft(user.id, exercise.id, {
			...form.input,
			courseId: course.id,
			templateCountry: country,
			locale
		});
		if (result.ok) redirect(303, `/referrals/${result.submissionId}`);
		if (result.reason === 'already-submitted') redirect(303, `/referrals/${result.submissionId}`);
		return fail(result.reason === 'stale' ? 409 : 400, { values: form.values, refused: result });
	},
	/** Write a new version, starting from the latest one submitted. */
	revise: async (event) => {
		const user = requireUser(event);
		const { exercise } = exerciseOf(event);
		const result = await startRevision(user.id, exercise.id);
		if (result === 'closed' || result === 'nothing-submitted') return fail(409, { revise: result });
		redirect(303, event.url.pathname);
	}
};
