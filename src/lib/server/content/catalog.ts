/**
 * Turns the files under `courses/` into a validated catalog. Pure: it takes the file texts, so
 * the content check, the server and the tests all run the same rules. Every problem names the
 * file and the field.
 */
import { parse as parseYaml } from 'yaml';
import {
	FrontMatterError,
	actionCard,
	courseFrontMatter,
	describeIssues,
	lessonFrontMatter,
	parseNumberedName,
	quizBank,
	selectionOf,
	splitFrontMatter,
	type ActionCard,
	type CourseFrontMatter,
	type LessonFrontMatter,
	type QuizBank
} from './schema';
import { CONTENT_RULES, type ContentRule, type CourseUnderCheck } from './content-rules';
import { passageCodesIn, type PassageCode } from './passages';
import { checkAnchors } from './anchors';
import { EMPTY_GLOSSARY, checkTermIds, glossary, termIdsIn, type Glossary } from './glossary';
import { exerciseFile, type ExerciseEntry } from './exercise-schema';
import {
	REFERRAL_TEMPLATES_PATH,
	checkReferralTemplates,
	referralTemplates,
	type ReferralTemplates
} from './referral-templates';
import {
	CONTENT_LANGUAGES,
	compareCard,
	compareCourse,
	compareExercise,
	compareLesson,
	compareQuiz,
	translatedCard,
	translatedCourseFrontMatter,
	translatedExercise,
	translatedLessonFrontMatter,
	translatedQuiz,
	type ContentLanguage,
	type CourseTranslation
} from './translations';

/**
 * File texts keyed by path from the project root, e.g. `/courses/01-x/course.md`. Figures
 * (`/courses/01-x/figures/name.svg`) are listed too: their presence is what lessons are checked
 * against, and `checkFigureFiles` reads the SVG texts where they are given.
 */
export type SourceFiles = Record<string, string>;
export type Problem = { file: string; field: string; message: string };

export type LessonEntry = LessonFrontMatter & {
	number: number;
	slug: string;
	/** Key of the compiled lesson module, e.g. `/courses/01-x/02-y.md`. */
	path: string;
	/** The `<ForCountry>` codes the lesson uses; empty when it has no country passages. */
	countryCodes: PassageCode[];
	/** The glossary terms the lesson marks with `<Term>`, in first-use order. */
	termIds: string[];
};

export type CourseEntry = CourseFrontMatter & {
	number: number;
	slug: string;
	path: string;
	lessons: LessonEntry[];
	bank: QuizBank;
	/** The "What to do tomorrow morning" card from `card.yaml`, if the course has one. */
	card: ActionCard | null;
	/** The writing exercises in `exercises/`, by number. */
	exercises: ExerciseEntry[];
	/** The translated files that could be read, per language (see translations.ts). */
	translated: Record<ContentLanguage, CourseTranslation>;
};

export type Catalog = {
	courses: CourseEntry[];
	glossary: Glossary;
	/** The country forms of a practice report; null when the file is missing or invalid. */
	referralTemplates: ReferralTemplates | null;
};

export const GLOSSARY_PATH = '/courses/glossary.yaml';

/** Components a lesson may use; `preprocess.js` imports exactly these. */
export const LESSON_COMPONENTS = [
	'CaseVignette',
	'Reflection',
	'ModelAnswer',
	'Note',
	'Figure',
	'ForCountry',
	'Term'
] as const;
const NOTE_KINDS = ['info', 'warning', 'law'];
const RESERVED_LESSON_SLUGS = ['quiz'];

export function formatProblem(p: Problem): string {
	return `${p.file}: ${p.field}: ${p.message}`;
}

/**
 * Reads and validates the course files. `rules` are the content rules run on every course whose
 * course.md can be read (see `content-rules.ts`); tests of the file structure alone pass `[]`.
 */
export function buildCatalog(
	files: SourceFiles,
	rules: readonly ContentRule[] = CONTENT_RULES
): { catalog: Catalog; problems: Problem[] } {
	const problems: Problem[] = [];
	const report = (file: string, field: string, message: string) =>
		problems.push({ file: file.replace(/^\//, ''), field, message });

	const terms =
		files[GLOSSARY_PATH] === undefined
			? EMPTY_GLOSSARY
			: (readYamlFile(files[GLOSSARY_PATH], GLOSSARY_PATH, glossary, report) ?? EMPTY_GLOSSARY);

	const templatesPresent = files[REFERRAL_TEMPLATES_PATH] !== undefined;
	const templates = templatesPresent
		? readYamlFile(
				files[REFERRAL_TEMPLATES_PATH],
				REFERRAL_TEMPLATES_PATH,
				referralTemplates,
				report
			)
		: null;
	if (templates) problems.push(...checkReferralTemplates(templates));

	const folders = new Map<string, string[]>();
	const exerciseFolders = new Map<string, string[]>();
	const figures = new Set<string>();
	for (const path of Object.keys(files).sort()) {
		if (FIGURE_PATH.test(path)) figures.add(path);
		if (path === GLOSSARY_PATH || path === REFERRAL_TEMPLATES_PATH) continue;
		const exercise = /^\/courses\/([^/]+)\/exercises\/([^/]+)$/.exec(path);
		if (exercise) {
			if (!exerciseFolders.has(exercise[1])) exerciseFolders.set(exercise[1], []);
			exerciseFolders.get(exercise[1])!.push(exercise[2]);
		}
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
		const lessonBodies: CourseUnderCheck['lessons'] = [];
		for (const file of lessonFiles.sort((a, b) => a.number - b.number)) {
			const front = readFrontMatter(files[file.path], file.path, lessonFrontMatter, report);
			const body = bodyOf(files[file.path]);
			if (body !== null) lessonBodies.push({ file: file.path.slice(1), body });
			checkLessonBody(files[file.path], file.path, lessonSlugs, terms, report);
			checkFigures(files[file.path], file.path, folderPath, figures, report);
			if (front) {
				claimId(front.id, file.path, 'id');
				lessons.push({
					...front,
					...file,
					countryCodes: passageCodesIn(files[file.path]),
					termIds: body === null ? [] : termIdsIn(body)
				});
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

		const cardPath = `${folderPath}/card.yaml`;
		const card = names.includes('card.yaml')
			? readActionCard(files[cardPath], cardPath, report)
			: null;

		const exercises = readExercises(
			files,
			folderPath,
			exerciseFolders.get(folder) ?? [],
			report,
			claimId
		);

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
		const underCheck: CourseUnderCheck = {
			folder: folderPath.slice(1),
			course,
			lessons: lessonBodies,
			bank,
			card,
			cardPresent: names.includes('card.yaml'),
			exercises: exercises.map((exercise) => ({ file: exercise.path.slice(1), exercise }))
		};
		for (const rule of rules) problems.push(...rule(underCheck));
		const translated = Object.fromEntries(
			CONTENT_LANGUAGES.map((language) => [
				language,
				readTranslation(files, folderPath, language, {
					course,
					lessons,
					lessonSlugs,
					bank,
					card,
					exercises,
					terms,
					report
				})
			])
		) as Record<ContentLanguage, CourseTranslation>;
		if (bank)
			courses.push({
				...course,
				...numbered,
				path: coursePath,
				lessons,
				bank,
				card,
				exercises,
				translated
			});
	}

	if (!templatesPresent && courses.some((course) => course.exercises.length > 0)) {
		report(
			REFERRAL_TEMPLATES_PATH,
			'(file)',
			"is missing: the exercises' reports follow the country forms it describes"
		);
	}

	checkNumbering(numberedFolders, '/courses', report);
	const slugs = new Set<string>();
	for (const course of courses) {
		if (slugs.has(course.slug))
			report(course.path, '(folder)', `slug "${course.slug}" is used twice`);
		slugs.add(course.slug);
	}
	courses.sort((a, b) => a.number - b.number);
	return { catalog: { courses, glossary: terms, referralTemplates: templates }, problems };
}

type Reporter = (file: string, field: string, message: string) => void;

/**
 * Reads `<folder>/<language>/`: each translated file is validated on its own and against its
 * English file; a valid one is kept. Missing and stale files are the check's business
 * (`translationStatus`), not the catalog's: the site shows English where a file is missing.
 */
function readTranslation(
	files: SourceFiles,
	folderPath: string,
	language: ContentLanguage,
	english: {
		course: CourseFrontMatter | null;
		lessons: LessonEntry[];
		lessonSlugs: Set<string>;
		bank: QuizBank | null;
		card: ActionCard | null;
		exercises: ExerciseEntry[];
		terms: Glossary;
		report: Reporter;
	}
): CourseTranslation {
	const { report } = english;
	const translation: CourseTranslation = {
		course: null,
		lessons: {},
		quiz: null,
		card: null,
		exercises: {}
	};
	const folder = `${folderPath}/${language}`;
	const names = Object.keys(files)
		.filter((path) => path.startsWith(`${folder}/`) && !path.slice(folder.length + 1).includes('/'))
		.map((path) => path.slice(folder.length + 1));
	for (const name of names) {
		const path = `${folder}/${name}`;
		const source = files[path];
		const against = (file: string) => (field: string, message: string) =>
			report(file, field, message);
		if (name === 'course.md') {
			const front = readFrontMatter(source, path, translatedCourseFrontMatter, report);
			if (front && english.course) {
				compareCourse(english.course, front, against(path));
				translation.course = { ...front, path };
			}
			const body = bodyOf(source);
			if (body !== null) checkTermIds(body, english.terms, (m) => report(path, '(body)', m));
		} else if (name === 'quiz.yaml') {
			const quiz = readYamlFile(source, path, translatedQuiz, report);
			if (quiz && english.bank) {
				compareQuiz(english.bank, quiz, against(path));
				translation.quiz = quiz;
			}
		} else if (name === 'card.yaml') {
			const card = readYamlFile(source, path, translatedCard, report);
			if (card && english.card) compareCard(english.card, card, against(path));
			else if (card) report(path, '(file)', 'has no English card.yaml to translate');
			if (card && english.card) translation.card = card;
		} else if (name.endsWith('.md')) {
			const lesson = english.lessons.find((l) => l.path.endsWith(`/${name}`));
			if (!lesson) {
				report(path, '(file)', 'has no English lesson with this file name');
				continue;
			}
			const front = readFrontMatter(source, path, translatedLessonFrontMatter, report);
			const body = bodyOf(source);
			checkLessonBody(source, path, english.lessonSlugs, english.terms, report);
			const englishBody = bodyOf(files[lesson.path]);
			if (front && body !== null && englishBody !== null) {
				compareLesson(
					{ body: englishBody, sources: lesson.sources },
					{ body, sources: front.sources },
					against(path)
				);
				translation.lessons[lesson.slug] = { ...front, path, termIds: termIdsIn(body) };
			}
		} else if (name !== 'figures') {
			report(path, '(file)', 'is not a course file (course.md, a lesson, quiz.yaml, card.yaml)');
		}
	}
	const exerciseFolder = `${folder}/exercises/`;
	for (const path of Object.keys(files).filter((p) => p.startsWith(exerciseFolder))) {
		const name = path.slice(exerciseFolder.length);
		const exercise = english.exercises.find((e) => e.path.endsWith(`/exercises/${name}`));
		if (!exercise) {
			report(path, '(file)', 'has no English exercise with this file name');
			continue;
		}
		const translated = readYamlFile(files[path], path, translatedExercise, report);
		if (!translated) continue;
		compareExercise(exercise, translated, (field, message) => report(path, field, message));
		translation.exercises[exercise.slug] = translated;
	}
	return translation;
}

/** `01-a-clear-case.yaml` → { number: 1, slug: 'a-clear-case' }. */
const EXERCISE_NAME = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$/;

/**
 * Reads `<folder>/exercises/`: file names, numbering and each file's shape, claiming each id
 * across all courses. What an exercise must contain beyond its shape is in exercise-rules.ts.
 */
function readExercises(
	files: SourceFiles,
	folderPath: string,
	names: string[],
	report: Reporter,
	claimId: (id: string, file: string, field: string) => void
): ExerciseEntry[] {
	const numbered: { path: string; number: number; slug: string }[] = [];
	for (const name of names) {
		const path = `${folderPath}/exercises/${name}`;
		const match = EXERCISE_NAME.exec(name);
		if (!match) {
			report(
				path,
				'(file)',
				'exercise file name must be <nn>-<slug>.yaml, e.g. 01-a-clear-case.yaml'
			);
			continue;
		}
		numbered.push({ path, number: Number(match[1]), slug: match[2] });
	}
	checkNumbering(
		numbered.map((e) => ({ number: e.number, file: e.path })),
		`${folderPath}/exercises`,
		report
	);
	const exercises: ExerciseEntry[] = [];
	for (const { path, number, slug } of numbered.sort((a, b) => a.number - b.number)) {
		const exercise = readYamlFile(files[path], path, exerciseFile, report);
		if (!exercise) continue;
		claimId(exercise.id, path, 'id');
		if (exercises.some((e) => e.slug === slug)) {
			report(path, '(file name)', `slug "${slug}" is used by another exercise of this course`);
			continue;
		}
		exercises.push({ ...exercise, slug, order: number, path });
	}
	return exercises;
}

/** The body of a Markdown file, or null if its front matter cannot be split off. */
function bodyOf(source: string): string | null {
	try {
		return splitFrontMatter(source).body;
	} catch {
		return null;
	}
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
	terms: Glossary,
	report: (file: string, field: string, message: string) => void
) {
	let body: string;
	try {
		body = splitFrontMatter(source).body;
	} catch {
		return; // already reported by readFrontMatter
	}
	if (/<script[\s>]/i.test(body)) report(path, '(body)', 'must not contain a <script> block');
	checkTermIds(body, terms, (message) => report(path, '(body)', message));
	const linesBefore = source.slice(0, source.length - body.length).split('\n').length - 1;
	checkAnchors(body, (field, message) => report(path, field, message), linesBefore);
	for (const match of body.matchAll(/<([A-Z][A-Za-z0-9]*)/g)) {
		if (!(LESSON_COMPONENTS as readonly string[]).includes(match[1])) {
			report(
				path,
				'(body)',
				`uses <${match[1]}>; allowed components: ${LESSON_COMPONENTS.join(', ')}`
			);
		}
	}
	for (const match of body.matchAll(/<Note\b([^>]*)>/g)) {
		const kind = /\skind="([^"]*)"/.exec(match[1])?.[1];
		if (!kind || !NOTE_KINDS.includes(kind)) {
			report(path, '(body)', `<Note> needs kind="${NOTE_KINDS.join('|')}"`);
		}
	}
	for (const match of body.matchAll(/\]\(\.\/([^)#\s]*)(?:#[^)]*)?\)/g)) {
		if (!lessonSlugs.has(match[1])) {
			report(path, '(body)', `links to "./${match[1]}", which is not a lesson of this course`);
		}
	}
}

/** A figure file inside a course folder: `/courses/<folder>/figures/<name>.svg|png`. */
const FIGURE_PATH = /^\/courses\/[^/]+\/figures\/[^/]+$/;
/** How `src` names a figure: relative to the course folder, lowercase, SVG or PNG. */
const FIGURE_SRC = /^figures\/[a-z0-9]+(?:-[a-z0-9]+)*\.(?:svg|png)$/;
const FIGURE_ATTRIBUTES = ['src', 'alt', 'caption'];
/** Figures are drawings, not photographs: anything bigger is probably not what was meant. */
export const FIGURE_MAX_BYTES = 40_000;

/**
 * `<Figure src="figures/x.svg" alt="…" caption="…" />`: the file must exist in the course's
 * `figures/` folder and the alt text must say something. Attribute values are plain quoted text,
 * so that the check reads exactly what the reader gets.
 */
function checkFigures(
	source: string,
	path: string,
	folderPath: string,
	figures: Set<string>,
	report: (file: string, field: string, message: string) => void
) {
	let body: string;
	try {
		body = splitFrontMatter(source).body;
	} catch {
		return; // already reported by readFrontMatter
	}
	let index = 0;
	for (const tag of body.matchAll(/<Figure\b([^>]*?)(\/?)>/g)) {
		index += 1;
		const field = (name: string) => `<Figure> ${index}${name ? `.${name}` : ''}`;
		const [, rawAttributes, selfClosing] = tag;
		if (!selfClosing) {
			report(path, field(''), 'must close itself: <Figure src="…" alt="…" caption="…" />');
		}
		const attributes = new Map<string, string>();
		const rest = rawAttributes.replace(
			/\s*([A-Za-z]+)\s*=\s*"([^"]*)"/g,
			(_, name: string, value: string) => {
				if (!FIGURE_ATTRIBUTES.includes(name)) {
					report(path, field(name), `is not known; use ${FIGURE_ATTRIBUTES.join(', ')}`);
				} else if (attributes.has(name)) {
					report(path, field(name), 'is given twice');
				}
				attributes.set(name, value);
				return '';
			}
		);
		if (rest.trim()) {
			report(path, field(''), `cannot read "${rest.trim()}": write attributes as name="text"`);
		}
		for (const [name, value] of attributes) {
			if (/[{}]/.test(value)) report(path, field(name), 'must be plain text, without { or }');
		}
		const src = attributes.get('src');
		if (src === undefined) report(path, field('src'), 'is required, e.g. src="figures/name.svg"');
		else if (!FIGURE_SRC.test(src)) {
			report(
				path,
				field('src'),
				`"${src}" must name a file in the course's figures folder: figures/<lowercase-name>.svg or .png`
			);
		} else if (!figures.has(`${folderPath}/${src}`)) {
			report(path, field('src'), `${folderPath.slice(1)}/${src} does not exist`);
		}
		const alt = attributes.get('alt');
		if (alt === undefined) report(path, field('alt'), 'is required: say what the figure shows');
		else if (!alt.trim())
			report(path, field('alt'), 'must not be empty: say what the figure shows');
		const caption = attributes.get('caption');
		if (caption !== undefined && !caption.trim()) {
			report(path, field('caption'), 'must not be empty; leave it out instead');
		}
	}
}

/**
 * Checks the SVG files among `files` (those given with their text): a viewBox so they scale to
 * the reader's screen, nothing that runs or loads from elsewhere, and a small size. PNGs are given
 * without their bytes and are only checked for use.
 */
export function checkFigureFiles(files: SourceFiles): Problem[] {
	const problems: Problem[] = [];
	const report = (file: string, field: string, message: string) =>
		problems.push({ file: file.replace(/^\//, ''), field, message });
	const lessonTexts = Object.entries(files)
		.filter(([path]) => /^\/courses\/[^/]+\/[^/]+\.md$/.test(path))
		.map(([path, text]) => ({ folder: path.slice(0, path.lastIndexOf('/')), text }));
	for (const [path, text] of Object.entries(files)) {
		if (!FIGURE_PATH.test(path)) continue;
		const folder = path.slice(0, path.lastIndexOf('/figures/'));
		const src = path.slice(folder.length + 1);
		const used = lessonTexts.some((l) => l.folder === folder && l.text.includes(`src="${src}"`));
		if (!used) report(path, '(file)', 'is not used by any lesson of its course');
		if (!/\.(svg|png)$/.test(path)) {
			report(path, '(file)', 'figures must be .svg or .png files');
			continue;
		}
		if (!path.endsWith('.svg') || !text) continue;
		const bytes = new TextEncoder().encode(text).length;
		if (bytes > FIGURE_MAX_BYTES) {
			report(path, '(file)', `is ${bytes} bytes; keep figures under ${FIGURE_MAX_BYTES} bytes`);
		}
		const root = /<svg\b[^>]*>/.exec(text)?.[0];
		if (!root) report(path, '(file)', 'has no <svg> element');
		else if (!/\sviewBox="[^"]+"/.test(root)) {
			report(path, 'viewBox', 'is required on <svg>, so that the figure scales to the screen');
		}
		if (/<script\b|\son[a-z]+\s*=|<foreignObject\b/i.test(text)) {
			report(path, '(file)', 'must not contain scripts, event attributes or <foreignObject>');
		}
		if (/(?:href\s*=\s*"|url\(\s*['"]?)(?:[a-z]+:|\/\/)|@import|@font-face/i.test(text)) {
			report(path, '(file)', 'must not load anything (links, images, fonts) from elsewhere');
		}
	}
	return problems;
}

/** Parses a YAML course file and validates it against its schema; problems name the field. */
function readYamlFile<T>(
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
		data = parseYaml(source);
	} catch (error) {
		report(path, '(file)', `is not valid YAML: ${(error as Error).message}`);
		return null;
	}
	const result = schema.safeParse(data ?? {});
	if (!result.success) {
		for (const { field, message } of describeIssues(result.error)) report(path, field, message);
		return null;
	}
	return result.data;
}

function readActionCard(
	source: string,
	path: string,
	report: (file: string, field: string, message: string) => void
): ActionCard | null {
	return readYamlFile(source, path, actionCard, report);
}

function readQuizBank(
	source: string,
	path: string,
	lessonIds: Set<string> | null,
	report: (file: string, field: string, message: string) => void,
	claimId: (id: string, file: string, field: string) => void
): QuizBank | null {
	const bank = readYamlFile(source, path, quizBank, report);
	if (!bank) return null;
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
