import { error } from '@sveltejs/kit';
import { cardFor } from '$lib/server/action-cards';
import { parseCountry, viewerCountry } from '$lib/server/countries';
import { findCourse } from '$lib/server/courses';
import { getLocale } from '$lib/paraglide/runtime';
import { cardIn, contentLocale, courseText, languageName } from '$lib/server/course-language';
import { findCourseEntry } from '$lib/server/courses';
import type { PageServerLoad } from './$types';

/** The printable action card: open to everyone, like the lessons. */
export const load: PageServerLoad = async (event) => {
	const course = findCourse(event.params.course);
	if (!course?.card) error(404, 'Not found');
	// An address naming a country shows that country's card to anyone, profile or not.
	const requested = parseCountry(event.url.searchParams.get('country'));
	const country = requested ?? viewerCountry(event).country;
	const entry = findCourseEntry(course.slug)!;
	const locale = contentLocale(getLocale());
	const { card, fallback } = cardIn(entry, locale);
	const shown = card ?? course.card;
	return {
		course: { slug: course.slug, title: courseText(entry, locale).title },
		/** Set when the card is shown in English because it is not translated yet. */
		fallbackLanguage: fallback ? languageName(locale) : null,
		title: shown.title,
		intro: shown.intro,
		card: country ? cardFor(shown, country) : null
	};
};
