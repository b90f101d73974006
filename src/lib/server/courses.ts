/**
 * The course catalog, read from `courses/` at build time: Vite inlines the files into the server
 * bundle, and they are parsed and validated once, on first use. Lesson bodies are compiled
 * separately by mdsvex (see `src/lib/lessons.ts`); quiz banks stay with `quizzes.ts`. Figures are
 * bundled as assets (`FIGURE_URLS`); the catalog checks that every `<Figure>` names one of them.
 */
import {
	buildCatalog,
	formatProblem,
	type Catalog,
	type CourseEntry,
	type LessonEntry
} from '$lib/server/content/catalog';
import { FIGURE_URLS } from '$lib/components/lesson/figures';

const files = {
	...(import.meta.glob(
		[
			'/courses/glossary.yaml',
			'/courses/*/*.md',
			'/courses/*/quiz.yaml',
			'/courses/*/card.yaml',
			'/courses/*/{nb,da}/*.md',
			'/courses/*/{nb,da}/quiz.yaml',
			'/courses/*/{nb,da}/card.yaml'
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
export type Course = Omit<CourseEntry, 'bank' | 'lessons'> & { lessons: LessonStub[] };

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
	const { bank, lessons, ...rest } = entry;
	return { ...rest, lessons: lessons.map(toLessonStub) };
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
