/**
 * The course catalog, read from `courses/` at build time: Vite inlines the files into the server
 * bundle, and they are parsed and validated once, on first use. Lesson bodies are compiled
 * separately by mdsvex (see `src/lib/lessons.ts`); quiz banks stay with `quizzes.ts`. Figures are
 * bundled as assets (`FIGURE_URLS`); the catalog checks that every `<Figure>` names one of them.
 * Writing exercises and the country forms of a practice report come from here too.
 */
import {
	buildCatalog,
	formatProblem,
	type Catalog,
	type CourseEntry,
	type LessonEntry
} from '$lib/server/content/catalog';
import { FIGURE_URLS } from '$lib/components/lesson/figures';
import type { ExerciseEntry } from '$lib/server/content/exercise-schema';
import { templateIn, type TemplateCode } from '$lib/server/content/referral-templates';
import type { ReferralTemplate } from '$lib/referral-sections';
import {
	contentLocale,
	courseText,
	lessonText,
	type ContentLocale
} from '$lib/server/course-language';
import type { ContentLanguage } from '$lib/server/content/translations';

const files = {
	...(import.meta.glob(
		[
			'/courses/glossary.yaml',
			'/courses/referral-templates.yaml',
			'/courses/*/*.md',
			'/courses/*/quiz.yaml',
			'/courses/*/card.yaml',
			'/courses/*/exercises/*.yaml',
			'/courses/*/{nb,da}/*.md',
			'/courses/*/{nb,da}/quiz.yaml',
			'/courses/*/{nb,da}/card.yaml',
			'/courses/*/{nb,da}/exercises/*.yaml'
		],
		{
			query: '?raw',
			import: 'default',
			eager: true
		}
	) as Record<string, string>),
	// Only their names: the SVGs themselves were checked by `npm run courses:check` at build.
	...Object.fromEntries(Object.keys(FIGURE_URLS).map((path) => [path, '']))
};

let catalog: Catalog | undefined;

export class InvalidCourseContentError extends Error {}

/** The validated catalog; throws, naming file and field, if the content is invalid. */
export function getCatalog(): Catalog {
	if (!catalog) {
		const built = buildCatalog(files);
		if (built.problems.length > 0) {
			throw new InvalidCourseContentError(
				`Course content is invalid:\n${built.problems.map(formatProblem).join('\n')}`
			);
		}
		catalog = built.catalog;
	}
	return catalog;
}

/** What navigation needs: no lesson bodies, no quiz bank. */
export type CourseStub = {
	id: string;
	slug: string;
	title: string;
	summary: string;
	estimatedMinutes: number;
	lessonCount: number;
};

export type LessonStub = Pick<
	LessonEntry,
	'id' | 'slug' | 'number' | 'title' | 'summary' | 'estimatedMinutes'
>;

/** A course as pages see it: the front matter and lesson stubs, never the quiz bank. */
export type Course = Omit<CourseEntry, 'bank' | 'lessons' | 'exercises'> & {
	lessons: LessonStub[];
};

export function toCourseStub(course: CourseEntry): CourseStub {
	return {
		id: course.id,
		slug: course.slug,
		title: course.title,
		summary: course.summary,
		estimatedMinutes: course.estimatedMinutes,
		lessonCount: course.lessons.length
	};
}

function toLessonStub(lesson: LessonEntry): LessonStub {
	const { id, slug, number, title, summary, estimatedMinutes } = lesson;
	return { id, slug, number, title, summary, estimatedMinutes };
}

export function listCourses(locale: ContentLocale = 'en'): CourseStub[] {
	return coursesIn(locale).map(toCourseStub);
}

const coursesByLocale = new Map<ContentLocale, CourseEntry[]>();

/**
 * The catalog with its course and lesson titles, summaries and objectives in the reader's
 * language (English where a course is not translated), for pages that list courses: the catalog,
 * My learning, the educators' views. Ids, order, quiz banks and the compiled lessons are the
 * English catalog's, so nothing graded or stored depends on the language.
 */
export function coursesIn(locale: ContentLocale): CourseEntry[] {
	if (locale === 'en') return getCatalog().courses;
	let courses = coursesByLocale.get(locale);
	if (!courses) {
		courses = getCatalog().courses.map((course) => {
			const { title, summary, audience, objectives, contentNote } = courseText(course, locale);
			const lessons = course.lessons.map((lesson) => {
				const text = lessonText(course, lesson, locale);
				return { ...lesson, title: text.title, summary: text.summary };
			});
			return { ...course, title, summary, audience, objectives, contentNote, lessons };
		});
		coursesByLocale.set(locale, courses);
	}
	return courses;
}

/**
 * A course's title in the reader's language, found by its id: for records that keep only the id
 * (assignments, notifications, certificates). `fallback` where the course is no longer in the
 * catalog, e.g. the title stored with a certificate.
 */
export function courseTitleIn(courseId: string, locale: ContentLocale, fallback: string): string {
	const course = getCatalog().courses.find((c) => c.id === courseId);
	return course ? courseText(course, locale).title : fallback;
}

function entryBySlug(slug: string): CourseEntry | undefined {
	return getCatalog().courses.find((c) => c.slug === slug);
}

/** The whole course, quiz bank included: for server modules that grade, never for pages. */
export function findCourseEntry(slug: string): CourseEntry | null {
	return entryBySlug(slug) ?? null;
}

export function findCourse(slug: string): Course | null {
	const entry = entryBySlug(slug);
	if (!entry) return null;
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { bank, lessons, exercises, ...rest } = entry;
	return { ...rest, lessons: lessons.map(toLessonStub) };
}

/** What a list of exercises needs, in English: use `exerciseIn` for the reader's language. */
export type ExerciseStub = Pick<
	ExerciseEntry,
	'id' | 'slug' | 'order' | 'title' | 'summary' | 'difficulty' | 'lesson' | 'template'
>;

/** A course's writing exercises in number order; empty for an unknown course. */
export function listExercises(courseSlug: string): ExerciseStub[] {
	return (entryBySlug(courseSlug)?.exercises ?? []).map(
		({ id, slug, order, title, summary, difficulty, lesson, template }) => ({
			id,
			slug,
			order,
			title,
			summary,
			difficulty,
			lesson,
			template
		})
	);
}

/**
 * One exercise, in English, with its course (for `exerciseIn` and the lesson it links to), or
 * null if the course has no such exercise.
 */
export function findExercise(
	courseSlug: string,
	exerciseSlug: string
): { course: CourseEntry; exercise: ExerciseEntry } | null {
	const course = entryBySlug(courseSlug);
	const exercise = course?.exercises.find((e) => e.slug === exerciseSlug);
	return course && exercise ? { course, exercise } : null;
}

/** An exercise by its stored id, wherever it is: for drafts and submissions, which keep the id. */
export function findExerciseById(
	exerciseId: string
): { course: CourseEntry; exercise: ExerciseEntry } | null {
	for (const course of getCatalog().courses) {
		const exercise = course.exercises.find((e) => e.id === exerciseId);
		if (exercise) return { course, exercise };
	}
	return null;
}

/**
 * A country's practice form (courses/referral-templates.yaml) in the reader's language, English
 * where that language is missing. For an exercise, pass `templateCountry(exercise.template,
 * learner's country)` from content/referral-templates.ts.
 */
export function referralTemplate(
	country: TemplateCode,
	locale: string
): { template: ReferralTemplate; fallback: boolean } {
	const templates = getCatalog().referralTemplates;
	if (!templates) throw new InvalidCourseContentError('courses/referral-templates.yaml is missing');
	return templateIn(templates, country, contentLocale(locale));
}

export type Lesson = LessonEntry & { previous: LessonStub | null; next: LessonStub | null };

/** One full lesson with its neighbours, or null if the course has no such lesson. */
export function findLesson(courseSlug: string, lessonSlug: string): Lesson | null {
	const entry = entryBySlug(courseSlug);
	const index = entry?.lessons.findIndex((l) => l.slug === lessonSlug) ?? -1;
	if (!entry || index < 0) return null;
	const previous = entry.lessons[index - 1];
	const next = entry.lessons[index + 1];
	return {
		...entry.lessons[index],
		previous: previous ? toLessonStub(previous) : null,
		next: next ? toLessonStub(next) : null
	};
}

/**
 * The course title and objectives of an issued certificate, in the reader's language: the
 * translation of the same edition where the catalog has it, else the English text stored with the
 * certificate (a certificate keeps what the course said when it was issued). `lang` is the
 * language of what is returned, for the page's `lang` attribute.
 */
export function issuedCourseText(
	/** Without `objectives`, only the title is asked for. */
	issued: { courseId: string; courseVersion: string; courseTitle: string; objectives?: string[] },
	locale: ContentLocale
): { title: string; objectives: string[]; lang: 'en' | ContentLanguage } {
	const stored = {
		title: issued.courseTitle,
		objectives: issued.objectives ?? [],
		lang: 'en' as const
	};
	if (locale === 'en') return stored;
	const course = getCatalog().courses.find((c) => c.id === issued.courseId);
	if (!course || course.version !== issued.courseVersion) return stored;
	const text = courseText(course, locale);
	if (text.fallback) return stored;
	if (!issued.objectives) return { title: text.title, objectives: [], lang: locale };
	// A translation that lists other objectives than were certified is not the same text.
	if (text.objectives.length !== issued.objectives.length) return stored;
	return { title: text.title, objectives: text.objectives, lang: locale };
}
