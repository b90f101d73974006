import { error } from '@sveltejs/kit';
import { getCatalog } from '$lib/server/courses';
import { groupInReachOf } from '$lib/server/groups';
import { coursesOfGroup, learnerDetail, learnerInGroup } from '$lib/server/reports';
import { requireUser } from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

/** One learner's lessons and quiz attempts in the group's courses; 404 outside the group. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const group = await groupInReachOf(user, event.params.group);
	const learner = group && (await learnerInGroup(group.id, event.params.learner));
	if (!group || !learner) error(404, 'Not found');
	const courses = await coursesOfGroup(group.id, getCatalog().courses);
	return {
		group: { id: group.id, name: group.name },
		learner,
		courses: await learnerDetail(learner.userId, courses)
	};
};
