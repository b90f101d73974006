import { assignedTo, dueStatus } from '$lib/server/assignments';
import { certificatesOf } from '$lib/server/certificates';
import { getCatalog, toCourseStub } from '$lib/server/courses';
import { progressInCourses } from '$lib/server/progress';
import { requireUser } from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { courses } = getCatalog();
	const [progress, assigned, certificates] = await Promise.all([
		progressInCourses(user.id, courses),
		assignedTo(user.id),
		certificatesOf(user.id)
	]);
	const now = new Date();
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
	const byId = new Map(rows.map((row) => [row.course.id, row]));
	const slugs = new Map(courses.map((course) => [course.id, course.slug]));
	return {
		certificates: certificates.map((certificate) => ({
			...certificate,
			/** For "Take the quiz again" next to a certificate that runs out; null if unpublished. */
			courseSlug: slugs.get(certificate.courseId) ?? null
		})),
		/** Assigned courses first, soonest due first; courses no longer published are left out. */
		assigned: assigned
			.filter((assignment) => byId.has(assignment.courseId))
			.map((assignment) => {
				const row = byId.get(assignment.courseId)!;
				return {
					...row,
					dueAt: assignment.dueAt,
					status: dueStatus(assignment.dueAt, row.completedAt, now),
					from: assignment.from
				};
			})
			.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity)),
		inProgress: rows.filter((r) => r.started && !r.completedAt),
		completed: rows.filter((r) => r.completedAt),
		notStarted: rows.filter((r) => !r.started && !r.completedAt).map((r) => r.course)
	};
};
