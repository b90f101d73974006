import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	assignCourses,
	assignmentsInGroup,
	dueDate,
	withdrawAssignment
} from '$lib/server/assignments';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { coursesIn, getCatalog } from '$lib/server/courses';
import {
	areAllInGroup,
	groupInReachOf,
	isInGroup,
	membersPage,
	removeFromGroup
} from '$lib/server/groups';
import {
	MAX_INVITATIONS_AT_ONCE,
	cancelInvitation,
	currentInviteLink,
	inviteByEmail,
	inviteLinkForm,
	invitePath,
	makeInviteLink,
	parseEmailList,
	pendingInvitationOfGroup,
	pendingInvitations,
	revokeInviteLinks
} from '$lib/server/invitations';
import { pageNumber } from '$lib/server/people';
import { filterRows, groupMatrix, matrixView, sortRows } from '$lib/server/reports';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The group in the address, if the signed-in educator reaches it; 404 otherwise. */
async function groupOf(event: RequestEvent) {
	const user = requireUser(event);
	const group = await groupInReachOf(user, event.params.group);
	if (!group) error(404, 'Not found');
	return { user, group };
}

export const load: PageServerLoad = async (event) => {
	const { group } = await groupOf(event);
	const courses = coursesIn(contentLocale(getLocale()));
	const titles = new Map(courses.map((course) => [course.id, course.title]));
	const view = matrixView(event.url.searchParams);
	const [memberPage, inviteLink, assignments, invitations, matrix] = await Promise.all([
		membersPage(group.id, pageNumber(event.url.searchParams.get('people'))),
		currentInviteLink(group.id),
		assignmentsInGroup(group),
		pendingInvitations(group.id),
		groupMatrix(group.id, courses)
	]);
	return {
		view,
		matrix: {
			columns: matrix.columns,
			summary: matrix.summary,
			rows: sortRows(filterRows(matrix.rows, view.filter), view.sort)
		},
		group: { id: group.id, name: group.name, organisationName: group.organisationName },
		memberPage,
		inviteLink,
		invitations,
		now: new Date(),
		assignments: assignments.map((assignment) => ({
			id: assignment.id,
			courseTitle: titles.get(assignment.courseId) ?? assignment.courseId,
			dueAt: assignment.dueAt,
			/** Null for the whole group. */
			personName: assignment.person?.name ?? null
		})),
		courses: courses.map((course) => ({ id: course.id, title: course.title }))
	};
};

export const actions: Actions = {
	/** A new invite link, shown once in the answer and never put in an address or a log. */
	inviteLink: async (event) => {
		const { group } = await groupOf(event);
		const { days } = inviteLinkForm.parse(Object.fromEntries(await event.request.formData()));
		const { token, expiresAt } = await makeInviteLink(group.id, days);
		return { inviteLink: new URL(invitePath(token), event.url.origin).href, expiresAt };
	},
	/** Invites every good address in the list; bad lines come back with their reasons, to fix. */
	inviteEmails: async (event) => {
		const { user, group } = await groupOf(event);
		const text = String((await event.request.formData()).get('emails') ?? '').slice(0, 200_000);
		const { emails, problems, tooMany } = parseEmailList(text);
		if (tooMany || (emails.length === 0 && problems.length === 0)) {
			const message = tooMany
				? m.error_invite_too_many({ max: MAX_INVITATIONS_AT_ONCE })
				: m.error_invite_none();
			return fail(400, { invite: { error: message, emails: text, problems: [], sent: 0 } });
		}
		const sent = await inviteByEmail(group, emails, user, {
			origin: event.url.origin,
			log: event.locals.log
		});
		const left = problems.map((problem) => problem.line).join('\n');
		const result = { invite: { error: null, emails: left, problems, sent } };
		return problems.length ? fail(400, result) : result;
	},
	resendInvitation: async (event) => {
		const { user, group } = await groupOf(event);
		const id = String((await event.request.formData()).get('invitationId') ?? '');
		const invitation = await pendingInvitationOfGroup(group.id, id);
		if (!invitation) error(404, 'Not found');
		await inviteByEmail(group, [invitation.email], user, {
			origin: event.url.origin,
			log: event.locals.log
		});
		redirect(303, event.url.pathname);
	},
	cancelInvitation: async (event) => {
		const { group } = await groupOf(event);
		const id = String((await event.request.formData()).get('invitationId') ?? '');
		if (!(await cancelInvitation(group.id, id))) error(404, 'Not found');
		redirect(303, event.url.pathname);
	},
	revokeLink: async (event) => {
		const { group } = await groupOf(event);
		await revokeInviteLinks(group.id);
		redirect(303, event.url.pathname);
	},
	/** Courses to the whole group, or to the members chosen, with an optional due date. */
	assign: async (event) => {
		const { user, group } = await groupOf(event);
		const data = await event.request.formData();
		const known = new Set(getCatalog().courses.map((course) => course.id));
		const courseIds = data.getAll('courseId').map(String);
		const target = data.get('target') === 'people' ? 'people' : 'group';
		const userIds = [...new Set(data.getAll('personId').map(String))];
		const due = dueDate.safeParse(String(data.get('dueAt') ?? ''));
		const errors: Record<string, string> = {};
		if (courseIds.length === 0 || courseIds.some((id) => !known.has(id))) {
			errors.courseId = m.error_assign_course();
		}
		if (!due.success) errors.dueAt = due.error.issues[0].message;
		if (target === 'people' && userIds.length === 0) {
			errors.target = m.error_assign_people_none();
		} else if (target === 'group' && userIds.length > 0) {
			errors.target = m.error_assign_people_ticked();
		} else if (target === 'people') {
			// Each person must be in this group: a stale page may name someone who was removed.
			if (!(await areAllInGroup(group.id, userIds))) errors.target = m.error_assign_not_member();
		}
		if (!due.success || Object.keys(errors).length > 0) {
			const dueAt = String(data.get('dueAt') ?? '').slice(0, 100);
			return fail(400, { assign: { errors, values: { dueAt, courseIds, target, userIds } } });
		}
		await assignCourses({
			organisationId: group.organisationId,
			target: target === 'group' ? { groupId: group.id } : { userIds },
			courseIds,
			dueAt: due.data,
			assignedBy: user.id
		});
		redirect(303, `${event.url.pathname}?assigned${target === 'people' ? '=people' : ''}`);
	},
	/** A group assignment, or one given to a member alone; 404 for anything else. */
	withdraw: async (event) => {
		const { group } = await groupOf(event);
		const assignmentId = String((await event.request.formData()).get('assignmentId') ?? '');
		if (!(await withdrawAssignment(group, assignmentId))) error(404, 'Not found');
		redirect(303, event.url.pathname);
	},
	remove: async (event) => {
		const { group } = await groupOf(event);
		const userId = String((await event.request.formData()).get('userId') ?? '');
		if (!(await isInGroup(group.id, userId))) error(404, 'Not found');
		await removeFromGroup(group.id, userId);
		redirect(303, event.url.pathname);
	}
};
