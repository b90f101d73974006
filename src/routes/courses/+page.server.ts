import { getCatalog, listCourses } from '$lib/server/courses';
import { progressInCourses } from '$lib/server/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const courses = listCourses();
	if (!locals.user) return { courses, progress: {} };
	const progress = await progressInCourses(locals.user.id, getCatalog().courses);
	return {
		courses,
		progress: Object.fromEntries(
			[...progress].map(([id, p]) => [id, { percent: p.percent, completedAt: p.completedAt }])
		)
	};
};
