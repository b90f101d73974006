/**
 * Course content in the reader's language: the translated text of a course, its lessons, quiz,
 * card and exercises where the translation exists (courses/<course>/<nb|da>/, read with the catalog at
 * start-up), and the English text with `fallback: true` where it does not, so that the page can
 * say so and mark the English part `lang="en"`. Ids, answers and structure always come from the
 * English files, so progress and attempts do not depend on the language.
 */
import type { CourseEntry, LessonEntry } from '$lib/server/content/catalog';
import type { Glossary } from '$lib/server/content/glossary';
import type { ActionCard, QuizBank } from '$lib/server/content/schema';
import type { ExerciseEntry } from '$lib/server/content/exercise-schema';
import { isContentLanguage, type CourseTranslation } from '$lib/server/content/translations';

/** 'en' for English and for any locale the courses are not translated into. */
export type ContentLocale = 'en' | 'nb' | 'da';

export function contentLocale(locale: string): ContentLocale {
	return isContentLanguage(locale) ? locale : 'en';
}

function translationOf(course: CourseEntry, locale: ContentLocale): CourseTranslation | null {
	return locale === 'en' ? null : course.translated[locale];
}

export type CourseText = {
	title: string;
	summary: string;
	audience: string;
	objectives: string[];
	contentNote?: string;
	/** The compiled overview to show. */
	path: string;
	/** English is shown in place of the reader's language. */
	fallback: boolean;
};

export function courseText(course: CourseEntry, locale: ContentLocale): CourseText {
	const translated = translationOf(course, locale)?.course;
	if (!translated) {
		const { title, summary, audience, objectives, contentNote, path } = course;
		return {
			title,
			summary,
			audience,
			objectives,
			contentNote,
			path,
			fallback: locale !== 'en'
		};
	}
	const { title, summary, audience, objectives, contentNote, path } = translated;
	return { title, summary, audience, objectives, contentNote, path, fallback: false };
}

export type LessonText = {
	title: string;
	summary: string;
	sources: { title: string; url: string }[];
	/** The compiled lesson to show. */
	path: string;
	/** The glossary terms the shown lesson marks. */
	termIds: string[];
	fallback: boolean;
};

export function lessonText(
	course: CourseEntry,
	lesson: Pick<LessonEntry, 'slug' | 'title' | 'summary' | 'sources' | 'path' | 'termIds'>,
	locale: ContentLocale
): LessonText {
	const translated = translationOf(course, locale)?.lessons[lesson.slug];
	if (!translated) {
		const { title, summary, sources, path, termIds } = lesson;
		return { title, summary, sources, path, termIds, fallback: locale !== 'en' };
	}
	return {
		title: translated.title,
		summary: translated.summary,
		sources: translated.sources ?? lesson.sources,
		path: translated.path,
		termIds: translated.termIds,
		fallback: false
	};
}

/** A lesson's title in the reader's language, English where it is not translated. */
export function lessonTitle(
	course: CourseEntry,
	lesson: { slug: string; title: string },
	locale: ContentLocale
): string {
	return translationOf(course, locale)?.lessons[lesson.slug]?.title ?? lesson.title;
}

/**
 * The quiz bank with its text in the reader's language: type, correct options, lesson,
 * objective and countries stay the English bank's. Correctness is never in the translation, so
 * the views built from this bank (attemptPaper, attemptReview) keep their guarantees.
 */
export function quizBankIn(
	course: CourseEntry,
	locale: ContentLocale
): { bank: QuizBank; fallback: boolean } {
	const translated = translationOf(course, locale)?.quiz;
	if (!translated) return { bank: course.bank, fallback: locale !== 'en' };
	return {
		bank: {
			questions: course.bank.questions.map((q) => {
				const t = translated.questions[q.id];
				if (!t) return q;
				const options = q.options.map((o) => ({ ...o, text: t.options[o.id] ?? o.text }));
				const text = { prompt: t.prompt, explanation: t.explanation, options };
				return q.type === 'case'
					? { ...q, ...text, vignette: t.vignette ? paragraphs(t.vignette) : q.vignette }
					: { ...q, ...text };
			})
		},
		fallback: false
	};
}

/** As `paragraphsOf` in the schema: a blank line ends a paragraph. */
function paragraphs(source: string): string[] {
	return source
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((p) => p.replace(/\s+/g, ' ').trim())
		.filter((p) => p.length > 0);
}

export function cardIn(
	course: CourseEntry,
	locale: ContentLocale
): { card: ActionCard | null; fallback: boolean } {
	if (!course.card) return { card: null, fallback: false };
	const translated = translationOf(course, locale)?.card;
	if (!translated) return { card: course.card, fallback: locale !== 'en' };
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { translationOf: _hash, ...card } = translated;
	return { card, fallback: false };
}

/**
 * A writing exercise with its text in the reader's language: title, summary, the child's age, the
 * setting, each scene, the model answer and the checklist. Ids, names, dates, `relevant`,
 * `difficulty`, `template` and `parentsToldFirst` stay the English file's, so drafts and the
 * feedback rules do not depend on the language. A scene or item the translation lacks stays
 * English; `fallback` says that the whole exercise is shown in English.
 */
export function exerciseIn(
	course: CourseEntry,
	exercise: ExerciseEntry,
	locale: ContentLocale
): { exercise: ExerciseEntry; fallback: boolean } {
	const translated = translationOf(course, locale)?.exercises[exercise.slug];
	if (!translated) return { exercise, fallback: locale !== 'en' };
	return {
		exercise: {
			...exercise,
			title: translated.title,
			summary: translated.summary,
			case: {
				...exercise.case,
				child: { ...exercise.case.child, age: translated.case.child.age },
				setting: translated.case.setting,
				timeline: exercise.case.timeline.map((scene) => ({
					...scene,
					scene: translated.case.timeline[scene.id] ?? scene.scene
				}))
			},
			modelAnswer: translated.modelAnswer,
			checklist: exercise.checklist.map((item) => ({
				...item,
				text: translated.checklist[item.id] ?? item.text
			}))
		},
		fallback: false
	};
}

export type TermDefinition = { id: string; term: string; definition: string };

/** The "Words in this lesson" list: each term the lesson marks, in the reader's language. */
export function termsIn(
	glossary: Glossary,
	termIds: string[],
	locale: ContentLocale
): TermDefinition[] {
	return termIds.flatMap((id) => {
		const term = glossary.terms.find((t) => t.id === id);
		return term ? [{ id, term: term[locale].term, definition: term[locale].definition }] : [];
	});
}

/** The reader's language by its own name, for the fallback notice: "norsk bokmål", "dansk". */
export function languageName(locale: ContentLocale): string {
	return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
}
