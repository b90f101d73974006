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
import { contentLocale } from '$lib/server/course-language';

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

export function listCourses(): CourseStub[] {
	return getCatalog().courses.map(toCourseStub);
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
