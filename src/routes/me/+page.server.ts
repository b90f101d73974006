import { assignedTo, dueStatus } from '$lib/server/assignments';
import { certificatesOf } from '$lib/server/certificates';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { coursesIn, issuedCourseText, toCourseStub } from '$lib/server/courses';
import { progressInCourses } from '$lib/server/progress';
import { requireUser } from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const locale = contentLocale(getLocale());
	const courses = coursesIn(locale);
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
	/** Assigned courses first, soonest due first; courses no longer published are left out. */
	const assignedRows = assigned
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
		.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
	// A first visit, nothing begun yet: the page welcomes the learner with one course to start,
	// the one assigned soonest, else the first of the catalog.
	const firstVisit =
		certificates.length === 0 && rows.every((row) => !row.started && !row.completedAt);
	const welcomeId = assignedRows[0]?.course.id ?? courses[0]?.id;
	const welcome = firstVisit ? courses.find((course) => course.id === welcomeId) : undefined;
	return {
		certificates: certificates.map((certificate) => ({
			...certificate,
			courseTitle: issuedCourseText(certificate, locale).title,
			/** For "Take the quiz again" next to a certificate that runs out; null if unpublished. */
			courseSlug: slugs.get(certificate.courseId) ?? null
		})),
		assigned: assignedRows,
		inProgress: rows.filter((r) => r.started && !r.completedAt),
		completed: rows.filter((r) => r.completedAt),
		notStarted: rows
			.filter((r) => !r.started && !r.completedAt && r.course.id !== welcome?.id)
			.map((r) => r.course),
		welcome: welcome ? { ...toCourseStub(welcome), firstLessonSlug: welcome.lessons[0].slug } : null
	};
};
