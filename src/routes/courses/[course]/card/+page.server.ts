import { error } from '@sveltejs/kit';
import { cardFor } from '$lib/server/action-cards';
import { parseCountry, viewerCountry } from '$lib/server/countries';
import { findCourse } from '$lib/server/courses';
import type { PageServerLoad } from './$types';

/** The printable action card: open to everyone, like the lessons. */
export const load: PageServerLoad = async (event) => {
	const course = findCourse(event.params.course);
	if (!course?.card) error(404, 'Not found');
	// An address naming a country shows that country's card to anyone, profile or not.
	const requested = parseCountry(event.url.searchParams.get('country'));
	const country = requested ?? viewerCountry(event).country;
	return {
		course: { slug: course.slug, title: course.title },
		title: course.card.title,
		intro: course.card.intro,
		card: country ? cardFor(course.card, country) : null
	};
};
