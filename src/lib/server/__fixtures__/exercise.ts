/**
 * A small writing exercise that meets every rule, as plain data (what the YAML file holds) and as
 * the catalog's entry, with a Norwegian translation. Specs break one thing in it at a time.
 */
import { stringify } from 'yaml';
import { SECTION_IDS } from '$lib/referral-sections';
import { exerciseFile, type ExerciseEntry } from '$lib/server/content/exercise-schema';
import type { TranslatedExercise } from '$lib/server/content/translations';
import type { TemplateCode, TemplateLanguage } from '$lib/server/content/referral-templates';

export type ExerciseData = Record<string, unknown> & {
	case: {
		child: { name: string; age: string };
		setting: string;
		people: string[];
		timeline: { id: string; date: string; scene: string; relevant: boolean }[];
	};
	modelAnswer: Record<string, string>;
	checklist: { id: string; text: string }[];
};

const SCENES: [string, string, string, boolean][] = [
	['boots', '2026-09-01', 'Mia gets new red boots.', false],
	['hungry', '2026-09-08 08:10', 'Mia arrives hungry and eats three slices of bread.', true],
	['sores', '2026-09-15 09:30', 'Ola and I see open sores on her legs.', true],
	['words', '2026-09-15 09:35', 'Mia says: "It stings."', true],
	['birthday', '2026-09-20', 'The group sings for Mia on her birthday.', false],
	['meeting', '2026-09-22 15:00', 'We tell her father, Tor, that we will report.', true]
];

export function exerciseData(): ExerciseData {
	return {
		id: 'fa-ex-mia',
		title: 'Mia, 3 years',
		summary: 'Sores that do not heal.',
		difficulty: 'clear',
		lesson: 'lesson-1',
		template: 'learner',
		parentsToldFirst: 'allowed',
		case: {
			child: { name: 'Mia', age: '3 years' },
			setting: 'A kindergarten by the sea.',
			people: ['Mia', 'Ola', 'Tor'],
			timeline: SCENES.map(([id, date, scene, relevant]) => ({ id, date, scene, relevant }))
		},
		modelAnswer: Object.fromEntries(
			SECTION_IDS.map((section) => [section, `What goes under ${section} for Mia.`])
		),
		checklist: ['dated', 'quoted', 'done', 'strengths', 'apart'].map((id) => ({
			id,
			text: `Have I checked ${id}?`
		}))
	};
}

export function exerciseYaml(data: ExerciseData = exerciseData()): string {
	return stringify(data);
}

/** The parsed entry, as the catalog holds it. */
export function exerciseEntry(
	change: (data: ExerciseData) => void = () => {},
	path = '/courses/01-first-aid/exercises/01-mia.yaml'
): ExerciseEntry {
	const data = exerciseData();
	change(data);
	return { ...exerciseFile.parse(data), slug: 'mia', order: 1, path };
}

/** The Norwegian translation of `exerciseData()`, keyed by the English ids. */
export function translatedExerciseData(): TranslatedExercise {
	return {
		translationOf: '000000000000',
		title: 'Mia, 3 år',
		summary: 'Sår som ikke gror.',
		case: {
			child: { age: '3 år' },
			setting: 'En barnehage ved sjøen.',
			timeline: Object.fromEntries(SCENES.map(([id]) => [id, `Scene ${id} på norsk.`]))
		},
		modelAnswer: Object.fromEntries(
			SECTION_IDS.map((section) => [section, `Dette står under ${section} for Mia.`])
		) as TranslatedExercise['modelAnswer'],
		checklist: Object.fromEntries(
			['dated', 'quoted', 'done', 'strengths', 'apart'].map((id) => [id, `Har jeg sjekket ${id}?`])
		)
	};
}

/** A complete courses/referral-templates.yaml as data: every country, language and section. */
export function templatesData(): {
	countries: Record<TemplateCode, Record<TemplateLanguage, Record<string, unknown>>>;
} {
	const form = (country: string, language: string) => ({
		name: `Form of ${country} in ${language}`,
		headings: Object.fromEntries(
			SECTION_IDS.map((section) => [
				section,
				{ label: `${section} (${country}, ${language})`, hint: `Write about ${section}.` }
			])
		),
		...(country === 'DK'
			? {
					extraFields: [
						{ id: 'interpreter', label: `Interpreter (${language})`, hint: 'Which language?' }
					]
				}
			: {})
	});
	const countries = ['NO', 'DK', 'SE', 'FI', 'IS', 'other'] as const;
	return {
		countries: Object.fromEntries(
			countries.map((country) => [
				country,
				Object.fromEntries(
					['en', 'nb', 'da'].map((language) => [language, form(country, language)])
				)
			])
		) as unknown as Record<TemplateCode, Record<TemplateLanguage, Record<string, unknown>>>
	};
}
