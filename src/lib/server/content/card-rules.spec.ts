import { describe, expect, it } from 'vitest';
import { FOLDER, underCheck } from '$lib/server/__fixtures__/complete-course';
import { checkActionCard } from './card-rules';

const CARD = `${FOLDER}/card.yaml`;
type Countries = Record<string, { contacts: { kind: string }[]; support?: unknown[] }>;

describe('checkActionCard', () => {
	it('passes a card with every contact kind and support for every country', () => {
		expect(checkActionCard(underCheck())).toEqual([]);
	});

	it('passes a card without support when the course has no content note', () => {
		const under = underCheck((c) => {
			delete c.course.contentNote;
			for (const country of Object.values(c.card!.countries as Countries)) delete country.support;
		});
		expect(checkActionCard(under)).toEqual([]);
	});

	it('fails a course without card.yaml', () => {
		expect(checkActionCard(underCheck((c) => (c.card = null)))).toEqual([
			{
				file: CARD,
				field: '(file)',
				message: 'is missing: every course needs a "What to do tomorrow morning" card'
			}
		]);
	});

	it('fails a country without a required kind of contact', () => {
		const under = underCheck((c) => {
			const dk = (c.card!.countries as Countries).DK;
			dk.contacts = dk.contacts.filter((x) => !['after-hours', 'emergency'].includes(x.kind));
		});
		expect(checkActionCard(under)).toEqual([
			{
				file: CARD,
				field: 'countries.DK.contacts',
				message:
					'has no after-hours, emergency contact; every country needs talk-to, routine, child-welfare, after-hours, anonymous-consultation, emergency'
			}
		]);
	});

	it('fails a country without support when the course has a content note', () => {
		const under = underCheck((c) => delete (c.card!.countries as Countries).FI.support);
		expect(checkActionCard(under)).toEqual([
			{
				file: CARD,
				field: 'countries.FI.support',
				message: `is required because ${FOLDER}/course.md has a contentNote: list where staff can get support`
			}
		]);
	});
});
