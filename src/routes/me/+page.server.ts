import { getCatalog, toCourseStub } from '$lib/server/courses';
import { progressInCourses } from '$lib/server/progress';
import { requireUser } from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { courses } = getCatalog();
	const progress = await progressInCourses(user.id, courses);
	const rows = courses.map((course) => {
		const p = progress.get(course.id)!;
		const next = course.lessons.find((l) => l.id === p.nextLessonId);
		return {
			course: toCourseStub(course),
			percent: p.percent,
			started: p.started,
			completedAt: p.completedAt,
			bestScore: p.bestScore,
			/** Continue leads to the first unfinished lesson, or to the quiz when there is none. */
			nextLessonSlug: next?.slug ?? null
		};
	});
	return {
		inProgress: rows.filter((r) => r.started && !r.completedAt),
		completed: rows.filter((r) => r.completedAt),
		notStarted: rows.filter((r) => !r.started && !r.completedAt).map((r) => r.course)
	};
};
