import { error, fail, redirect } from '@sveltejs/kit';
import {
	assignmentsOfLearnerInGroup,
	dueDate,
	dueDateInputValue,
	setLearnerDueDate
} from '$lib/server/assignments';
import { certificatesIssuedInReachOf } from '$lib/server/certificates';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { coursesIn } from '$lib/server/courses';
import { groupInReachOf } from '$lib/server/groups';
import { coursesOfLearnerInGroup, learnerDetail, learnerInGroup } from '$lib/server/reports';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The group and the learner in the address, if the educator reaches both; 404 otherwise. */
async function learnerOf(event: RequestEvent) {
	const user = requireUser(event);
	const group = await groupInReachOf(user, event.params.group);
	const learner = group && (await learnerInGroup(group.id, event.params.learner));
	if (!group || !learner) error(404, 'Not found');
	return { user, group, learner };
}

/** One learner's lessons and quiz attempts in their courses, and their due dates in the group. */
export const load: PageServerLoad = async (event) => {
	const { user, group, learner } = await learnerOf(event);
	const catalog = coursesIn(contentLocale(getLocale()));
	const titles = new Map(catalog.map((course) => [course.id, course.title]));
	const [courses, assignments, certificates] = await Promise.all([
		coursesOfLearnerInGroup(group, learner.userId, catalog),
		assignmentsOfLearnerInGroup(group, learner.userId),
		certificatesIssuedInReachOf(user, learner.userId)
	]);
	return {
		group: { id: group.id, name: group.name },
		learner,
		assignments: assignments.map((assignment) => ({
			id: assignment.id,
			courseTitle: titles.get(assignment.courseId) ?? assignment.courseId,
			forGroup: assignment.forGroup,
			dueAt: assignment.dueAt,
			/** What the due-date field shows: the person's own date, or the assignment's. */
			fieldValue: dueDateInputValue(
				assignment.forGroup ? (assignment.ownDueDate?.dueAt ?? null) : assignment.dueAt
			),
			ownDueAt: assignment.ownDueDate?.dueAt ?? null
		})),
		certificates: certificates.map((c) => ({
			id: c.id,
			courseTitle: c.courseTitle,
			code: c.code,
			state: c.state,
			issuedAt: c.issuedAt
		})),
		courses: await learnerDetail(learner.userId, courses)
	};
};

export const actions: Actions = {
	/** The learner's due date in one of their assignments of this group; see setLearnerDueDate. */
	dueDate: async (event) => {
		const { group, learner } = await learnerOf(event);
		const data = await event.request.formData();
		const assignmentId = String(data.get('assignmentId') ?? '');
		const assignments = await assignmentsOfLearnerInGroup(group, learner.userId);
		const assignment = assignments.find((candidate) => candidate.id === assignmentId);
		if (!assignment) error(404, 'Not found');
		const value = String(data.get('dueAt') ?? '').slice(0, 100);
		const due = dueDate.safeParse(value);
		if (!due.success) {
			return fail(400, { dueDate: { assignmentId, value, error: due.error.issues[0].message } });
		}
		await setLearnerDueDate(assignment, learner.userId, due.data);
		redirect(303, `${event.url.pathname}?saved`);
	}
};
