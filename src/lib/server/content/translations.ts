/**
 * Translations of course files (see courses/README.md): `courses/<course>/<nb|da>/` holds files
 * with the same names as the English ones, only their text, and `translationOf`, the first 12 hex
 * digits of the SHA-256 of the English file they were made from. Pure, like the catalog: the
 * check, the server and the tests read the same rules.
 */
import { z } from 'zod';
import { actionCard, type ActionCard, type QuizBank } from './schema';
import { SECTION_IDS, type SectionId } from '../../referral-sections';
import type { ExerciseEntry } from './exercise-schema';
import { readCountryPassages } from './country-passages';
import { compareAnchors } from './anchors';

/** The languages course files may be translated into; English is the source. */
export const CONTENT_LANGUAGES = ['nb', 'da'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
export type Locale = 'en' | ContentLanguage;

export function isContentLanguage(value: string): value is ContentLanguage {
	return (CONTENT_LANGUAGES as readonly string[]).includes(value);
}

const text = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });
const translationOf = z
	.string({ error: 'is required: the first 12 hex digits of the SHA-256 of the English file' })
	.regex(/^[0-9a-f]{12}$/, {
		error: 'must be 12 lowercase hex digits (sha256sum <English file> | cut -c1-12)'
	});
const sources = z
	.array(z.strictObject({ title: text, url: z.string({ error: 'is required' }) }), {
		error: 'must be a list of { title, url }'
	})
	.min(1, { error: 'needs at least one source, or leave the field out' });

export const translatedCourseFrontMatter = z.strictObject({
	translationOf,
	title: text,
	summary: text,
	audience: text,
	objectives: z.array(text, { error: 'must be a list' }),
	contentNote: text.optional()
});

export const translatedLessonFrontMatter = z.strictObject({
	translationOf,
	title: text,
	summary: text,
	/** Left out: the English list is shown. */
	sources: sources.optional()
});

export const translatedQuiz = z.strictObject({
	translationOf,
	questions: z.record(
		z.string(),
		z.strictObject({
			prompt: text,
			vignette: text.optional(),
			options: z.record(z.string(), text, { error: 'must map option ids to their text' }),
			explanation: text
		}),
		{ error: 'must map question ids to their text' }
	)
});

export const translatedCard = actionCard.extend({ translationOf });

/**
 * A translated exercise (`<nb|da>/exercises/<same name>.yaml`): only its text. Scenes and
 * checklist items are keyed by their English ids; names, dates, `relevant`, `difficulty`,
 * `template` and `parentsToldFirst` come from the English file.
 */
export const translatedExercise = z.strictObject({
	translationOf,
	title: text,
	summary: text,
	case: z.strictObject({
		child: z.strictObject({ age: text }),
		setting: text,
		timeline: z.record(z.string(), text, { error: 'must map scene ids to their text' })
	}),
	modelAnswer: z.strictObject(
		Object.fromEntries(SECTION_IDS.map((section) => [section, text])) as Record<
			SectionId,
			typeof text
		>
	),
	checklist: z.record(z.string(), text, { error: 'must map checklist ids to their text' })
});

export type TranslatedCourse = z.output<typeof translatedCourseFrontMatter> & {
	/** Key of the compiled overview module, e.g. `/courses/01-x/nb/course.md`. */
	path: string;
};
export type TranslatedLesson = z.output<typeof translatedLessonFrontMatter> & {
	/** Key of the compiled lesson module, e.g. `/courses/01-x/nb/02-y.md`. */
	path: string;
	/** The glossary terms the translation marks with `<Term>`. */
	termIds: string[];
};
export type TranslatedQuiz = z.output<typeof translatedQuiz>;
export type TranslatedCard = z.output<typeof translatedCard>;
export type TranslatedExercise = z.output<typeof translatedExercise>;

/** What one language has of one course; a file that is missing or invalid is simply absent. */
export type CourseTranslation = {
	course: TranslatedCourse | null;
	/** By lesson slug. */
	lessons: Record<string, TranslatedLesson>;
	quiz: TranslatedQuiz | null;
	card: TranslatedCard | null;
	/** By exercise slug. */
	exercises: Record<string, TranslatedExercise>;
};

type Report = (field: string, message: string) => void;

/** Translated course.md against the English: same number of objectives, a content note iff English has one. */
export function compareCourse(
	english: { objectives: string[]; contentNote?: string },
	translated: z.output<typeof translatedCourseFrontMatter>,
	report: Report
) {
	if (translated.objectives.length !== english.objectives.length) {
		report(
			'objectives',
			`has ${translated.objectives.length} objective(s) but the English course.md has ${english.objectives.length}: translate each one, in the same order`
		);
	}
	if (Boolean(translated.contentNote) !== Boolean(english.contentNote)) {
		report(
			'contentNote',
			english.contentNote
				? 'is missing: the English course.md has a content note'
				: 'must be left out: the English course.md has no content note'
		);
	}
}

/** The components of a lesson body in order (`<Term>` marks words, not structure, so it is left out). */
export function componentSequence(body: string): string[] {
	return [...body.matchAll(/<([A-Z][A-Za-z0-9]*)/g)]
		.map((match) => match[1])
		.filter((name) => name !== 'Term');
}

export function figureSources(body: string): string[] {
	return [...body.matchAll(/<Figure\b[^>]*?\ssrc="([^"]*)"/g)].map((match) => match[1]);
}

/** Translated lesson against the English: same components in the same order, same country codes, anchors and figures. */
export function compareLesson(
	english: { body: string; sources: { url: string }[] },
	translated: { body: string; sources?: { url: string }[] },
	report: Report
) {
	const expected = componentSequence(english.body);
	const actual = componentSequence(translated.body);
	if (expected.join(',') !== actual.join(',')) {
		report(
			'(body)',
			`has the components ${actual.join(', ') || '(none)'} but the English lesson has ${expected.join(', ') || '(none)'}: keep the same components in the same order`
		);
	}
	const codesOf = (body: string) => readCountryPassages(body).passages.map((p) => p.code);
	const englishCodes = codesOf(english.body);
	const codes = codesOf(translated.body);
	if (englishCodes.join(',') !== codes.join(',')) {
		report(
			'<ForCountry>',
			`codes are ${codes.join(', ') || '(none)'} but the English lesson has ${englishCodes.join(', ') || '(none)'}`
		);
	}
	compareAnchors(english.body, translated.body, report);
	const englishFigures = figureSources(english.body);
	const figures = figureSources(translated.body);
	if (englishFigures.join(',') !== figures.join(',')) {
		report(
			'<Figure>',
			`src must be the same as in English, in the same order: ${englishFigures.join(', ') || '(none)'}`
		);
	}
	if (translated.sources) {
		const expectedUrls = english.sources.map((s) => s.url);
		const urls = translated.sources.map((s) => s.url);
		if (expectedUrls.join('\n') !== urls.join('\n')) {
			report(
				'sources',
				'must have the same urls as the English lesson, in the same order (or be left out)'
			);
		}
	}
}

/** Translated quiz.yaml against the English bank: every question and option, nothing else; a vignette iff a case. */
export function compareQuiz(bank: QuizBank, translated: TranslatedQuiz, report: Report) {
	const english = new Map(bank.questions.map((q) => [q.id, q]));
	for (const q of bank.questions) {
		const t = translated.questions[q.id];
		if (!t) {
			report(`questions.${q.id}`, 'is missing: translate every question of the English bank');
			continue;
		}
		for (const option of q.options) {
			if (!(option.id in t.options)) report(`questions.${q.id}.options.${option.id}`, 'is missing');
		}
		for (const optionId of Object.keys(t.options)) {
			if (!q.options.some((o) => o.id === optionId)) {
				report(
					`questions.${q.id}.options.${optionId}`,
					`is not an option of this question in English; use ${q.options.map((o) => o.id).join(', ')}`
				);
			}
		}
		if (q.type === 'case' && t.vignette === undefined) {
			report(`questions.${q.id}.vignette`, 'is missing: the English question is a case');
		}
		if (q.type !== 'case' && t.vignette !== undefined) {
			report(`questions.${q.id}.vignette`, 'must be left out: the English question is not a case');
		}
	}
	for (const id of Object.keys(translated.questions)) {
		if (!english.has(id))
			report(`questions.${id}`, 'is not a question of the English bank (unknown id)');
	}
}

/** Translated card.yaml against the English: same shape, and kind, phone and url unchanged. */
export function compareCard(english: ActionCard, translated: ActionCard, report: Report) {
	if (english.sources.length !== translated.sources.length) {
		report('sources', `must have ${english.sources.length} entries, as in English`);
	} else {
		english.sources.forEach((source, i) => {
			if (translated.sources[i].url !== source.url)
				report(`sources.${i}.url`, `must be ${source.url}, as in English`);
		});
	}
	for (const code of Object.keys(english.countries) as (keyof ActionCard['countries'])[]) {
		const e = english.countries[code];
		const t = translated.countries[code];
		const where = `countries.${code}`;
		if (t.steps.length !== e.steps.length)
			report(`${where}.steps`, `must have ${e.steps.length} steps, as in English`);
		const lists = [
			['contacts', e.contacts, t.contacts, ['kind', 'phone', 'url']],
			['support', e.support ?? [], t.support ?? [], ['phone', 'url']]
		] as const;
		for (const [name, englishItems, items, unchanged] of lists) {
			if (items.length !== englishItems.length) {
				report(`${where}.${name}`, `must have ${englishItems.length} entries, as in English`);
				continue;
			}
			englishItems.forEach((item, i) => {
				for (const key of unchanged) {
					const expected = (item as Record<string, unknown>)[key];
					const actual = (items[i] as Record<string, unknown>)[key];
					if (expected !== actual) {
						report(
							`${where}.${name}.${i}.${key}`,
							`must be ${expected === undefined ? 'left out' : `"${String(expected)}"`}, as in English`
						);
					}
				}
			});
		}
	}
}

/** Translated exercise against the English: every scene and checklist item, nothing else. */
export function compareExercise(
	english: ExerciseEntry,
	translated: TranslatedExercise,
	report: Report
) {
	const lists = [
		['case.timeline', english.case.timeline, translated.case.timeline, 'scene'],
		['checklist', english.checklist, translated.checklist, 'checklist item']
	] as const;
	for (const [field, items, texts, what] of lists) {
		for (const item of items) {
			if (!(item.id in texts)) {
				report(`${field}.${item.id}`, `is missing: translate every ${what} of the English file`);
			}
		}
		for (const id of Object.keys(texts)) {
			if (!items.some((item) => item.id === id)) {
				report(
					`${field}.${id}`,
					`is not a ${what} of the English file; use ${items.map((item) => item.id).join(', ')}`
				);
			}
		}
	}
}

/**
 * Where a translation of an English course file lives: the language folder right inside the
 * course folder. `/courses/01-x/02-y.md` → `/courses/01-x/nb/02-y.md`, and
 * `/courses/01-x/exercises/01-z.yaml` → `/courses/01-x/nb/exercises/01-z.yaml`.
 */
export function translationPath(englishPath: string, language: ContentLanguage): string {
	return englishPath.replace(/^(\/courses\/[^/]+)\//, `$1/${language}/`);
}
