import { describe, expect, it } from 'vitest';
import type { ActionCard } from '$lib/server/content/schema';
import {
	cardFor,
	contentNoteFor,
	moduleCardFor,
	supportFor,
	telHref
} from '$lib/server/action-cards';

function country(name: string, support = true) {
	return {
		steps: [`Write it down (${name}).`, 'Tell your leader.', 'Follow the routine.'],
		contacts: [
			{ kind: 'talk-to' as const, label: 'Your leader', detail: 'Today.' },
			{
				kind: 'emergency' as const,
				label: 'Acute danger',
				detail: 'Call 112.',
				phone: '112'
			}
		],
		support: support
			? [{ name: `Line ${name}`, detail: 'Someone to talk to.', phone: '+47 116 111' }]
			: undefined
	};
}

const CARD: ActionCard = {
	title: 'What to do tomorrow morning',
	intro: 'When you are worried.',
	countries: {
		NO: country('NO'),
		DK: country('DK'),
		SE: country('SE'),
		FI: country('FI', false),
		IS: country('IS')
	},
	sources: [{ title: 'Source', url: 'https://example.org/' }]
};

describe('action cards', () => {
	it('dials a phone number without its spaces and punctuation', () => {
		expect(telHref('+47 116 111')).toBe('tel:+47116111');
		expect(telHref('(0) 22-33')).toBe('tel:02233');
		expect(telHref('ask your leader')).toBeNull();
		expect(telHref(undefined)).toBeNull();
	});

	it("shapes one country's card, with phone links", () => {
		const card = cardFor(CARD, 'SE');
		expect(card).toMatchObject({ title: CARD.title, intro: CARD.intro, country: 'SE' });
		expect(card.steps[0]).toBe('Write it down (SE).');
		expect(card.contacts[1]).toEqual({
			kind: 'emergency',
			label: 'Acute danger',
			detail: 'Call 112.',
			phone: '112',
			phoneHref: 'tel:112',
			url: null
		});
	});

	it("gives the viewer's country's support services, or every country's that has any", () => {
		expect(supportFor(CARD, 'NO').map((s) => s.country)).toEqual(['NO']);
		expect(supportFor(CARD, null).map((s) => s.country)).toEqual(['NO', 'DK', 'SE', 'IS']);
		expect(supportFor(CARD, 'FI')).toEqual([]);
		expect(supportFor(null, 'NO')).toEqual([]);
	});

	it('has a content note only where the course has one', () => {
		expect(contentNoteFor({ card: CARD }, 'NO')).toBeNull();
		expect(contentNoteFor({ card: CARD, contentNote: 'Take care.' }, 'DK')).toEqual({
			text: 'Take care.',
			support: [
				{
					country: 'DK',
					services: [
						{
							name: 'Line DK',
							detail: 'Someone to talk to.',
							phone: '+47 116 111',
							phoneHref: 'tel:+47116111',
							url: null
						}
					]
				}
			]
		});
	});

	it("ends a module with the viewer's card, or only its title without a country", () => {
		expect(moduleCardFor(CARD, 'IS')?.card?.country).toBe('IS');
		expect(moduleCardFor(CARD, null)).toEqual({ title: CARD.title, card: null });
		expect(moduleCardFor(null, 'IS')).toBeNull();
	});
});
