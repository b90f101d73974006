/**
 * "What to do tomorrow morning": a course's action card (`card.yaml`) as pages show it, for one
 * country, and the support services that follow a course's content note. The data lives in the
 * course files; this module only picks the country and shapes it for the page.
 */
import type { ActionCard } from '$lib/server/content/schema';
import { COUNTRIES, type Country } from '$lib/server/countries';

export type CardContact = {
	kind: string;
	label: string;
	detail: string;
	phone: string | null;
	/** `tel:+4711223344`: the number as a phone dials it. */
	phoneHref: string | null;
	url: string | null;
};

export type CardView = {
	title: string;
	intro: string;
	country: Country;
	steps: string[];
	contacts: CardContact[];
	sources: { title: string; url: string }[];
};

export type SupportService = {
	name: string;
	detail: string;
	phone: string | null;
	phoneHref: string | null;
	url: string | null;
};
export type CountrySupport = { country: Country; services: SupportService[] };

/** `+47 116 111` → `tel:+47116111`; null when there is nothing to dial. */
export function telHref(phone: string | undefined): string | null {
	const digits = phone?.replace(/[^\d+]/g, '') ?? '';
	return /\d/.test(digits) ? `tel:${digits}` : null;
}

/** The card of one country. */
export function cardFor(card: ActionCard, country: Country): CardView {
	const entry = card.countries[country];
	return {
		title: card.title,
		intro: card.intro,
		country,
		steps: entry.steps,
		contacts: entry.contacts.map((c) => ({
			kind: c.kind,
			label: c.label,
			detail: c.detail,
			phone: c.phone ?? null,
			phoneHref: telHref(c.phone),
			url: c.url ?? null
		})),
		sources: card.sources
	};
}

/**
 * The support services shown under a content note: the viewer's country's, or every country's
 * (each under its name) when there is no one country.
 */
export function supportFor(card: ActionCard | null, country: Country | null): CountrySupport[] {
	if (!card) return [];
	return (country ? [country] : [...COUNTRIES])
		.map((code) => ({
			country: code,
			services: (card.countries[code].support ?? []).map((s) => ({
				name: s.name,
				detail: s.detail,
				phone: s.phone ?? null,
				phoneHref: telHref(s.phone),
				url: s.url ?? null
			}))
		}))
		.filter((entry) => entry.services.length > 0);
}

export type ContentNote = { text: string; support: CountrySupport[] };

/** The course's content note with the support services for the viewer, or null if it has none. */
export function contentNoteFor(
	course: { contentNote?: string; card: ActionCard | null },
	country: Country | null
): ContentNote | null {
	if (!course.contentNote) return null;
	return { text: course.contentNote, support: supportFor(course.card, country) };
}

/**
 * The card where a module ends (after its last lesson, and when the quiz is done): the viewer's
 * country's card, or only its title when there is no one country (the page then offers all five).
 */
export function moduleCardFor(
	card: ActionCard | null,
	country: Country | null
): { title: string; card: CardView | null } | null {
	return card ? { title: card.title, card: country ? cardFor(card, country) : null } : null;
}
