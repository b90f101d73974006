import { getLocale } from '$lib/paraglide/runtime';
import { contentLocale, courseText, exerciseIn } from '$lib/server/course-language';
import { findExerciseById } from '$lib/server/courses';
import { requireEducator } from '$lib/server/groups';
import { reviewQueue } from '$lib/server/referrals';
import { requireUser } from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

/** Practice notifications waiting for review, oldest first, from learners in the viewer's groups. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	await requireEducator(user);
	const locale = contentLocale(getLocale());
	const queue = await reviewQueue(user);
	return {
		now: new Date(),
		queue: queue.map((item) => {
			const found = findExerciseById(item.exerciseId);
			return {
				...item,
				courseTitle: found ? courseText(found.course, locale).title : item.courseId,
				exerciseTitle: found
					? exerciseIn(found.course, found.exercise, locale).exercise.title
					: item.exerciseId
			};
		})
	};
};
