import { error } from '@sveltejs/kit';
import { latestCertificateOf } from '$lib/server/certificates';
import { findCourse } from '$lib/server/courses';
import { progressInCourse } from '$lib/server/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const course = findCourse(params.course);
	if (!course) error(404, 'Not found');
	const [progress, certificate] = locals.user
		? await Promise.all([
				progressInCourse(locals.user.id, course),
				latestCertificateOf(locals.user.id, course.id)
			])
		: [null, null];
	return { course, progress, certificate };
};
