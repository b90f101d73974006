/**
 * Turns the files under `courses/` into a validated catalog. Pure: it takes the file texts, so
 * the content check, the server and the tests all run the same rules. Every problem names the
 * file and the field.
 */
import { parse as parseYaml } from 'yaml';
import {
	FrontMatterError,
	courseFrontMatter,
	describeIssues,
	lessonFrontMatter,
	parseNumberedName,
	quizBank,
	selectionOf,
	splitFrontMatter,
	type CourseFrontMatter,
	type LessonFrontMatter,
	type QuizBank
} from './schema';

/** File texts keyed by path from the project root, e.g. `/courses/01-x/course.md`. */
export type SourceFiles = Record<string, string>;
export type Problem = { file: string; field: string; message: string };

export type LessonEntry = LessonFrontMatter & {
	number: number;
	slug: string;
	/** Key of the compiled lesson module, e.g. `/courses/01-x/02-y.md`. */
	path: string;
};

export type CourseEntry = CourseFrontMatter & {
	number: number;
	slug: string;
	path: string;
	lessons: LessonEntry[];
	bank: QuizBank;
};

export type Catalog = { courses: CourseEntry[] };

/** Components a lesson may use; `preprocess.js` imports exactly these. */
export const LESSON_COMPONENTS = ['CaseVignette', 'Reflection', 'Note'] as const;
const NOTE_KINDS = ['info', 'warning', 'law'];
const RESERVED_LESSON_SLUGS = ['quiz'];

export function formatProblem(p: Problem): string {
	return `${p.file}: ${p.field}: ${p.message}`;
}

export function buildCatalog(files: SourceFiles): { catalog: Catalog; problems: Problem[] } {
	const problems: Problem[] = [];
	const report = (file: string, field: string, message: string) =>
		problems.push({ file: file.replace(/^\//, ''), field, message });

	const folders = new Map<string, string[]>();
	for (const path of Object.keys(files).sort()) {
		const match = /^\/courses\/([^/]+)\/([^/]+)$/.exec(path);
		if (!match) continue;
		const [, folder, file] = match;
		if (!folders.has(folder)) folders.set(folder, []);
		folders.get(folder)!.push(file);
	}

	const courses: CourseEntry[] = [];
	const seenIds = new Map<string, string>();
	const claimId = (id: string, file: string, field: string) => {
		const owner = seenIds.get(id);
		if (owner) report(file, field, `id "${id}" is already used in ${owner}`);
		else seenIds.set(id, file.replace(/^\//, ''));
	};

	const numberedFolders: { number: number; file: string }[] = [];
	for (const [folder, names] of folders) {
		const numbered = parseNumberedName(folder);
		if (numbered) numberedFolders.push({ number: numbered.number, file: `/courses/${folder}` });
		const folderPath = `/courses/${folder}`;
		if (!numbered) {
			report(folderPath, '(folder)', 'folder name must be <nn>-<slug>, e.g. 01-signs-of-distress');
			continue;
		}
		const coursePath = `${folderPath}/course.md`;
		if (!names.includes('course.md')) {
			report(coursePath, '(file)', 'is missing');
			continue;
		}
		const course = readFrontMatter(files[coursePath], coursePath, courseFrontMatter, report);

		// Numbering and links are judged on file names, so one lesson with broken front matter
		// is reported alone, not as a gap in its neighbours' numbering.
		const lessonFiles: { path: string; number: number; slug: string }[] = [];
		for (const name of names.filter((n) => n.endsWith('.md') && n !== 'course.md')) {
			const path = `${folderPath}/${name}`;
			const lessonName = parseNumberedName(name);
			if (!lessonName) {
				report(
					path,
					'(file)',
					'lesson file name must be <nn>-<slug>.md, e.g. 01-why-it-matters.md'
				);
				continue;
			}
			if (RESERVED_LESSON_SLUGS.includes(lessonName.slug)) {
				report(path, '(file)', `"${lessonName.slug}" is reserved and cannot be a lesson slug`);
			}
			lessonFiles.push({ path, ...lessonName });
		}
		checkNumbering(
			lessonFiles.map((l) => ({ number: l.number, file: l.path })),
			folderPath,
			report
		);
		const lessonSlugs = new Set(lessonFiles.map((l) => l.slug));
		const lessons: LessonEntry[] = [];
		for (const file of lessonFiles.sort((a, b) => a.number - b.number)) {
			const front = readFrontMatter(files[file.path], file.path, lessonFrontMatter, report);
			checkLessonBody(files[file.path], file.path, lessonSlugs, report);
			if (front) {
				claimId(front.id, file.path, 'id');
				lessons.push({ ...front, ...file });
			}
		}

		const bankPath = `${folderPath}/quiz.yaml`;
		// A question's lesson is judged only when every lesson file could be read: a lesson with
		// broken front matter (or a course without lessons) is reported on its own, not again by
		// each question that names it.
		const lessonIds =
			lessons.length > 0 && lessons.length === lessonFiles.length
				? new Set(lessons.map((l) => l.id))
				: null;
		const bank = names.includes('quiz.yaml')
			? readQuizBank(files[bankPath], bankPath, lessonIds, report, claimId)
			: (report(bankPath, '(file)', 'is missing'), null);

		if (!course) continue;
		claimId(course.id, coursePath, 'id');
		if (bank && course.questionsPerAttempt > bank.questions.length) {
			report(
				coursePath,
				'questionsPerAttempt',
				`is ${course.questionsPerAttempt} but quiz.yaml has only ${bank.questions.length} questions`
			);
		}
		if (lessons.length === 0) report(folderPath, '(folder)', 'has no lessons');
		if (bank) courses.push({ ...course, ...numbered, path: coursePath, lessons, bank });
	}

	checkNumbering(numberedFolders, '/courses', report);
	const slugs = new Set<string>();
	for (const course of courses) {
		if (slugs.has(course.slug))
			report(course.path, '(folder)', `slug "${course.slug}" is used twice`);
		slugs.add(course.slug);
	}
	courses.sort((a, b) => a.number - b.number);
	return { catalog: { courses }, problems };
}

function readFrontMatter<T>(
	source: string,
	path: string,
	schema: {
		safeParse(
			data: unknown
		): { success: true; data: T } | { success: false; error: import('zod').ZodError };
	},
	report: (file: string, field: string, message: string) => void
): T | null {
	let data: unknown;
	try {
		data = splitFrontMatter(source).data;
	} catch (error) {
		if (error instanceof FrontMatterError) {
			report(path, '(front matter)', error.message);
			return null;
		}
		throw error;
	}
	const result = schema.safeParse(data ?? {});
	if (!result.success) {
		for (const { field, message } of describeIssues(result.error)) report(path, field, message);
		return null;
	}
	return result.data;
}

function checkNumbering(
	items: { number: number; file: string }[],
	where: string,
	report: (file: string, field: string, message: string) => void
) {
	const sorted = [...items].sort((a, b) => a.number - b.number);
	sorted.forEach((item, index) => {
		if (item.number !== index + 1) {
			report(
				item.file,
				'(file name)',
				`is number ${String(item.number).padStart(2, '0')} but should be ${String(index + 1).padStart(2, '0')}: numbers in ${where.replace(/^\//, '')} start at 01 with no gaps or repeats`
			);
		}
	});
}

function checkLessonBody(
	source: string,
	path: string,
	lessonSlugs: Set<string>,
	report: (file: string, field: string, message: string) => void
) {
	let body: string;
	try {
		body = splitFrontMatter(source).body;
	} catch {
		return; // already reported by readFrontMatter
	}
	if (/<script[\s>]/i.test(body)) report(path, '(body)', 'must not contain a <script> block');
	for (const match of body.matchAll(/<([A-Z][A-Za-z0-9]*)/g)) {
		if (!(LESSON_COMPONENTS as readonly string[]).includes(match[1])) {
			report(
				path,
				'(body)',
				`uses <${match[1]}>; allowed components: ${LESSON_COMPONENTS.join(', ')}`
			);
		}
	}
	for (const match of body.matchAll(/<Note(?:\s+kind="([^"]*)")?/g)) {
		if (!match[1] || !NOTE_KINDS.includes(match[1])) {
			report(path, '(body)', `<Note> needs kind="${NOTE_KINDS.join('|')}"`);
		}
	}
	for (const match of body.matchAll(/\]\(\.\/([^)#\s]*)(?:#[^)]*)?\)/g)) {
		if (!lessonSlugs.has(match[1])) {
			report(path, '(body)', `links to "./${match[1]}", which is not a lesson of this course`);
		}
	}
}

function readQuizBank(
	source: string,
	path: string,
	lessonIds: Set<string> | null,
	report: (file: string, field: string, message: string) => void,
	claimId: (id: string, file: string, field: string) => void
): QuizBank | null {
	let data: unknown;
	try {
		data = parseYaml(source);
	} catch (error) {
		report(path, '(file)', `is not valid YAML: ${(error as Error).message}`);
		return null;
	}
	const result = quizBank.safeParse(data ?? {});
	if (!result.success) {
		for (const { field, message } of describeIssues(result.error)) report(path, field, message);
		return null;
	}
	const bank = result.data;
	let valid = true;
	bank.questions.forEach((q, index) => {
		const field = (name: string) => `questions.${index}(${q.id}).${name}`;
		const fail = (name: string, message: string) => {
			report(path, field(name), message);
			valid = false;
		};
		claimId(q.id, path, field('id'));
		if (lessonIds && !lessonIds.has(q.lesson)) {
			fail(
				'lesson',
				`"${q.lesson}" is not a lesson of this course; use the id of one of: ${[...lessonIds].join(', ')}`
			);
		}
		const optionIds = q.options.map((o) => o.id);
		if (new Set(optionIds).size !== optionIds.length) fail('options', 'option ids must be unique');
		const correct = q.options.filter((o) => o.correct).length;
		if (correct === 0) fail('options', 'needs at least one correct option');
		if (selectionOf(q) === 'single' && correct > 1)
			fail('options', 'a single-choice question has exactly one correct option');
		if (
			q.type === 'true-false' &&
			(q.options.length !== 2 || !optionIds.includes('true') || !optionIds.includes('false'))
		) {
			fail('options', "a true-false question has exactly the options 'true' and 'false'");
		}
	});
	return valid ? bank : null;
}
