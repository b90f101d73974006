/**
 * Rules for `card.yaml`, the "What to do tomorrow morning" card: every course has one, every
 * country's card names every kind of contact staff need, and a course with a content note says
 * where staff can get support in every country.
 */
import type { Problem } from './catalog';
import { cardFile, courseFile, type CourseUnderCheck } from './content-rules';
import { COUNTRIES } from './schema';

/** The contacts every country's card must have, in the order a reader needs them. */
export const CARD_CONTACT_KINDS = [
	'talk-to',
	'routine',
	'child-welfare',
	'after-hours',
	'anonymous-consultation',
	'emergency'
] as const;

export function checkActionCard(under: CourseUnderCheck): Problem[] {
	const { card, cardPresent, course } = under;
	if (!cardPresent) {
		return [
			{
				file: cardFile(under),
				field: '(file)',
				message: 'is missing: every course needs a "What to do tomorrow morning" card'
			}
		];
	}
	if (!card) return []; // its schema problems are reported already
	const problems: Problem[] = [];
	for (const country of COUNTRIES) {
		const { contacts, support } = card.countries[country];
		const kinds = new Set(contacts.map((c) => c.kind));
		const missing = CARD_CONTACT_KINDS.filter((kind) => !kinds.has(kind));
		if (missing.length > 0) {
			problems.push({
				file: cardFile(under),
				field: `countries.${country}.contacts`,
				message: `has no ${missing.join(', ')} contact; every country needs ${CARD_CONTACT_KINDS.join(', ')}`
			});
		}
		if (course.contentNote && (!support || support.length === 0)) {
			problems.push({
				file: cardFile(under),
				field: `countries.${country}.support`,
				message: `is required because ${courseFile(under)} has a contentNote: list where staff can get support`
			});
		}
	}
	return problems;
}
