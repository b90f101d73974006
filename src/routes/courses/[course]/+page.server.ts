import { error } from '@sveltejs/kit';
import { latestCertificateOf } from '$lib/server/certificates';
import { findCourse } from '$lib/server/courses';
import { progressInCourse } from '$lib/server/progress';
import { contentNoteFor } from '$lib/server/action-cards';
import { viewerCountry } from '$lib/server/countries';
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
	return {
		course,
		progress,
		certificate,
		contentNote: contentNoteFor(course, country),
		cardCountry: course.card ? country : null
	};
};
