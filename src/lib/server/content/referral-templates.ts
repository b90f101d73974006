/**
 * The country templates of a practice report, `courses/referral-templates.yaml`: for NO, DK, SE,
 * FI, IS and `other`, in each content language, what the form is called, the label and a one-line
 * hint of each of the eight sections (worded as that country's forms word them), and the form's
 * extra fields. Pure, like the catalog that reads it: the check, the server and the tests share it.
 */
import { z } from 'zod';
import {
	SECTION_IDS,
	type ReferralTemplate,
	type SectionId,
	type TemplateCountry
} from '../../referral-sections';
import type { Problem } from './catalog';
import { COUNTRIES } from './schema';

export const REFERRAL_TEMPLATES_PATH = '/courses/referral-templates.yaml';
const FILE = REFERRAL_TEMPLATES_PATH.slice(1);

export const TEMPLATE_COUNTRIES = [...COUNTRIES, 'other'] as const;
export type TemplateCode = (typeof TEMPLATE_COUNTRIES)[number];
/** English is the source here too, and the fallback for any other interface language. */
export const TEMPLATE_LANGUAGES = ['en', 'nb', 'da'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

const id = z
	.string({ error: 'is required' })
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lowercase letters, digits and dashes' });
const text = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });
const labelled = { label: text, hint: text };

/**
 * One country's form in one language. Sections and languages may be missing as far as the shape
 * goes; `checkReferralTemplates` names each missing one.
 */
const templateText = z.strictObject({
	name: text,
	headings: z.partialRecord(z.enum(SECTION_IDS), z.strictObject(labelled), {
		error: `must map section ids (${SECTION_IDS.join(', ')}) to { label, hint }`
	}),
	extraFields: z
		.array(z.strictObject({ id, ...labelled }), { error: 'must be a list of { id, label, hint }' })
		.default([])
});

export const referralTemplates = z.strictObject({
	countries: z.partialRecord(
		z.enum(TEMPLATE_COUNTRIES),
		z.partialRecord(z.enum(TEMPLATE_LANGUAGES), templateText, {
			error: `must map languages (${TEMPLATE_LANGUAGES.join(', ')}) to the form's text`
		}),
		{ error: `must map country codes (${TEMPLATE_COUNTRIES.join(', ')}) to their forms` }
	)
});

export type ReferralTemplates = z.output<typeof referralTemplates>;

/**
 * Every country has its form in every language, with a label and hint for every section, and the
 * same extra fields (by id, in the same order) in every language as in English.
 */
export function checkReferralTemplates(templates: ReferralTemplates): Problem[] {
	const problems: Problem[] = [];
	const report = (field: string, message: string) => problems.push({ file: FILE, field, message });
	for (const country of TEMPLATE_COUNTRIES) {
		const languages = templates.countries[country];
		if (!languages) {
			report(
				`countries.${country}`,
				`is missing: every country (${TEMPLATE_COUNTRIES.join(', ')}) needs its form`
			);
			continue;
		}
		const englishFields = languages.en?.extraFields.map((field) => field.id) ?? [];
		for (const language of TEMPLATE_LANGUAGES) {
			const form = languages[language];
			const where = `countries.${country}.${language}`;
			if (!form) {
				report(
					where,
					`is missing: every country's form is needed in ${TEMPLATE_LANGUAGES.join(', ')}`
				);
				continue;
			}
			for (const section of SECTION_IDS) {
				if (!form.headings[section]) {
					report(
						`${where}.headings.${section}`,
						'is missing: every section needs a label and a hint, in every country and language'
					);
				}
			}
			const ids = form.extraFields.map((field) => field.id);
			if (new Set(ids).size !== ids.length) {
				report(`${where}.extraFields`, 'has an id twice: extra field ids are unique in a form');
			}
			if (language !== 'en' && languages.en && ids.join(',') !== englishFields.join(',')) {
				report(
					`${where}.extraFields`,
					`must have the ids ${englishFields.join(', ') || '(none)'}, in that order, as in English`
				);
			}
		}
	}
	return problems;
}

/**
 * The form whose template an exercise follows: its own country, or for `learner` the learner's
 * country (`other` when the profile names none of the five).
 */
export function templateCountry(
	template: TemplateCountry | 'learner',
	learnerCountry: string | null | undefined
): TemplateCode {
	if (template !== 'learner') return template;
	return (COUNTRIES as readonly string[]).includes(learnerCountry ?? '')
		? (learnerCountry as TemplateCountry)
		: 'other';
}

/**
 * One country's form in the reader's language, English where the language is missing, and
 * `fallback` then. Sections missing from a language take the English label (the check fails on
 * them anyway, so this only keeps a half-written file from breaking a page).
 */
export function templateIn(
	templates: ReferralTemplates,
	country: TemplateCode,
	locale: string
): { template: ReferralTemplate; fallback: boolean } {
	const forms = templates.countries[country] ?? templates.countries.other ?? {};
	const language = (TEMPLATE_LANGUAGES as readonly string[]).includes(locale)
		? (locale as TemplateLanguage)
		: 'en';
	const form = forms[language] ?? forms.en;
	if (!form) throw new Error(`courses/referral-templates.yaml has no form for ${country}`);
	const english = forms.en ?? form;
	const headings = Object.fromEntries(
		SECTION_IDS.map((section) => [
			section,
			form.headings[section] ?? english.headings[section] ?? { label: section, hint: '' }
		])
	) as Record<SectionId, { label: string; hint: string }>;
	return {
		template: { country, name: form.name, headings, extraFields: form.extraFields },
		fallback: !forms[language]
	};
}
