import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale } from '$lib/server/course-language';
import { coursesIn } from '$lib/server/courses';
import { groupInReachOf } from '$lib/server/groups';
import { attachment, csvFileName, groupMatrix, matrixCsv } from '$lib/server/reports';
import { requireUser } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** The group matrix as CSV, every learner sorted by name, for a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const group = await groupInReachOf(user, event.params.group);
	if (!group) error(404, 'Not found');
	const now = new Date();
	const matrix = await groupMatrix(group.id, coursesIn(contentLocale(getLocale())), now);
	const csv = matrixCsv(matrix, {
		learner: m.report_learner(),
		status: m.report_csv_status(),
		progress: m.report_csv_progress(),
		completedOn: m.report_csv_completed_on(),
		dueDate: m.report_csv_due_date(),
		bestScore: m.report_csv_best_score(),
		'not-started': m.report_state_not_started(),
		'in-progress': m.report_state_in_progress(),
		overdue: m.report_state_overdue(),
		completed: m.report_state_completed(),
		'not-assigned': m.report_state_not_assigned()
	});
	const fileName = csvFileName(group.name, m.report_csv_file(), now.toISOString().slice(0, 10));
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': attachment(fileName),
			'cache-control': 'private, no-store'
		}
	});
};
