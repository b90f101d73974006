import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { templatesData } from '$lib/server/__fixtures__/exercise';
import { buildCatalog } from './catalog';
import {
	checkReferralTemplates,
	referralTemplates,
	templateCountry,
	templateIn,
	type ReferralTemplates
} from './referral-templates';

const FILE = 'courses/referral-templates.yaml';

function parsed(change: (data: ReturnType<typeof templatesData>) => void = () => {}) {
	const data = templatesData();
	change(data);
	return referralTemplates.parse(data);
}

describe('checkReferralTemplates', () => {
	it('passes every country with every section label in en, nb and da', () => {
		expect(checkReferralTemplates(parsed())).toEqual([]);
	});

	it('names a missing country, a missing language and a missing section label', () => {
		const templates = parsed((data) => {
			delete (data.countries as Partial<typeof data.countries>).IS;
			delete (data.countries.SE as Partial<(typeof data.countries)['SE']>).nb;
			delete (data.countries.FI.da.headings as Record<string, unknown>).assessment;
		});
		expect(checkReferralTemplates(templates)).toEqual([
			{
				file: FILE,
				field: 'countries.SE.nb',
				message: "is missing: every country's form is needed in en, nb, da"
			},
			{
				file: FILE,
				field: 'countries.FI.da.headings.assessment',
				message: 'is missing: every section needs a label and a hint, in every country and language'
			},
			{
				file: FILE,
				field: 'countries.IS',
				message: 'is missing: every country (NO, DK, SE, FI, IS, other) needs its form'
			}
		]);
	});

	it('names a language whose extra fields differ from the English ones', () => {
		const templates = parsed((data) => {
			data.countries.DK.nb.extraFields = [];
		});
		expect(checkReferralTemplates(templates)).toEqual([
			{
				file: FILE,
				field: 'countries.DK.nb.extraFields',
				message: 'must have the ids interpreter, in that order, as in English'
			}
		]);
	});

	it('is run by buildCatalog on courses/referral-templates.yaml, with schema problems by field', () => {
		const data = templatesData();
		delete (data.countries.other.en.headings as Record<string, unknown>).child;
		(data.countries.NO.en.headings as Record<string, { label: string }>).reporter.label = ' ';
		const { problems } = buildCatalog({ '/courses/referral-templates.yaml': stringify(data) });
		expect(problems).toEqual([
			{
				file: FILE,
				field: 'countries.NO.en.headings.reporter.label',
				message: 'must not be empty'
			}
		]);
		data.countries.NO.en.headings = Object.fromEntries(
			Object.entries(templatesData().countries.NO.en.headings as Record<string, unknown>)
		);
		expect(buildCatalog({ '/courses/referral-templates.yaml': stringify(data) }).problems).toEqual([
			{
				file: FILE,
				field: 'countries.other.en.headings.child',
				message: 'is missing: every section needs a label and a hint, in every country and language'
			}
		]);
	});
});

describe('templateIn', () => {
	const templates: ReferralTemplates = parsed();

	it("gives a country's form in the reader's language", () => {
		const { template, fallback } = templateIn(templates, 'DK', 'da');
		expect(fallback).toBe(false);
		expect(template.country).toBe('DK');
		expect(template.name).toBe('Form of DK in da');
		expect(template.headings.observations).toEqual({
			label: 'observations (DK, da)',
			hint: 'Write about observations.'
		});
		expect(template.extraFields).toEqual([
			{ id: 'interpreter', label: 'Interpreter (da)', hint: 'Which language?' }
		]);
		expect(templateIn(templates, 'SE', 'en').template.extraFields).toEqual([]);
	});

	it('falls back to English for a language the file lacks', () => {
		const withoutDanish = parsed((data) => {
			delete (data.countries.NO as Partial<(typeof data.countries)['NO']>).da;
		});
		const { template, fallback } = templateIn(withoutDanish, 'NO', 'da');
		expect(fallback).toBe(true);
		expect(template.name).toBe('Form of NO in en');
	});
});

describe('templateCountry', () => {
	it("keeps an exercise's own country, and gives the learner's for `learner`", () => {
		expect(templateCountry('DK', 'NO')).toBe('DK');
		expect(templateCountry('learner', 'SE')).toBe('SE');
	});

	it('gives `other` to a learner outside the five countries or without one', () => {
		expect(templateCountry('learner', 'other')).toBe('other');
		expect(templateCountry('learner', null)).toBe('other');
	});
});
