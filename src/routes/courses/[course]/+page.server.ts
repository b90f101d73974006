import { error } from '@sveltejs/kit';
import { findCourse } from '$lib/server/courses';
import { progressInCourse } from '$lib/server/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const course = findCourse(params.course);
	if (!course) error(404, 'Not found');
	const progress = locals.user ? await progressInCourse(locals.user.id, course) : null;
	return { course, progress };
};
