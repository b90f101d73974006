import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { getCatalog, listCourses } from '$lib/server/courses';
import { cardProgress } from '$lib/server/progress';
import type { PageServerLoad } from './$types';

/** The course cards show a signed-in learner's progress, as on /courses. */
export const load: PageServerLoad = async ({ locals }) => ({
	courses: listCourses(contentLocale(getLocale())),
	progress: locals.user ? await cardProgress(locals.user.id, getCatalog().courses) : {}
});
