import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { coursesIn } from '$lib/server/courses';
import { groupInReachOf } from '$lib/server/groups';
import {
	attachment,
	coursesOfLearnerInGroup,
	csvFileName,
	detailCsv,
	learnerDetail,
	learnerInGroup
} from '$lib/server/reports';
import { requireUser } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** One learner's lessons, attempts and answers in the group's courses, as CSV. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const group = await groupInReachOf(user, event.params.group);
	const learner = group && (await learnerInGroup(group.id, event.params.learner));
	if (!group || !learner) error(404, 'Not found');
	const courses = await coursesOfLearnerInGroup(
		group,
		learner.userId,
		coursesIn(contentLocale(getLocale()))
	);
	const csv = detailCsv(await learnerDetail(learner.userId, courses), {
		course: m.report_csv_course(),
		kind: m.report_csv_kind(),
		item: m.report_csv_item(),
		date: m.report_csv_date(),
		result: m.report_csv_result(),
		seconds: m.report_csv_seconds(),
		lesson: m.report_csv_lesson(),
		attempt: m.report_csv_attempt(),
		question: m.report_csv_question(),
		correct: m.report_correct(),
		wrong: m.report_wrong(),
		completed: m.report_state_completed(),
		notCompleted: m.report_not_completed()
	});
	const today = new Date().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': attachment(csvFileName(learner.name, m.report_csv_file(), today)),
			'cache-control': 'private, no-store'
		}
	});
};
