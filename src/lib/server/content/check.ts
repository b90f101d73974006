/**
 * `npm run courses:check`: validates everything under `courses/` and prints each problem as
 * `file: field: message`. Exits 1 on any problem. Also runs before every build. Prints every
 * lesson's LIX on every run; `--report` adds a table per course of words, LIX and the bank.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REFERRAL_TEMPLATES_PATH } from './referral-templates';
import {
	GLOSSARY_PATH,
	buildCatalog,
	checkFigureFiles,
	formatProblem,
	type Catalog,
	type Problem,
	type SourceFiles
} from './catalog';
import { courseFigures, formatLixLines, formatReport, type CourseFigures } from './content-report';
import { LIX_MAX, formatLix } from './readability';
import { translationStatus } from './translation-status';
import { interfaceTranslationProblems } from './interface-translations';
import { CONTENT_LANGUAGES } from './translations';
import { PERSONAL_DATA_PATH, readPersonalDataFile } from './personal-data-words';
import {
	FEEDBACK_LANGUAGES,
	FEEDBACK_WORDS_FOLDER,
	readAllFeedbackWords,
	type FeedbackLanguage
} from './referral-words';

/**
 * Reads the course files the way the server's import.meta.glob sees them, and the files in each
 * course's `figures/` folder: SVGs with their text, anything else as '' (only its name counts).
 */
export function readCourseFiles(projectRoot: string): SourceFiles {
	const files: SourceFiles = {};
	const root = join(projectRoot, 'courses');
	const key = (path: string) => `/${relative(projectRoot, path).split('\\').join('/')}`;
	for (const shared of [GLOSSARY_PATH, REFERRAL_TEMPLATES_PATH]) {
		const sharedPath = join(projectRoot, shared);
		if (existsSync(sharedPath)) files[shared] = readFileSync(sharedPath, 'utf8');
	}
	/** The `.yaml` files of an `exercises/` folder, if there is one. */
	const readExercises = (folder: string) => {
		const exercises = join(folder, 'exercises');
		if (!existsSync(exercises) || !statSync(exercises).isDirectory()) return;
		for (const name of readdirSync(exercises)) {
			const path = join(exercises, name);
			if (statSync(path).isFile()) files[key(path)] = readFileSync(path, 'utf8');
		}
	};
	for (const folder of readdirSync(root)) {
		const folderPath = join(root, folder);
		if (!statSync(folderPath).isDirectory()) continue;
		readExercises(folderPath);
		for (const name of readdirSync(folderPath)) {
			const path = join(folderPath, name);
			if ((CONTENT_LANGUAGES as readonly string[]).includes(name) && statSync(path).isDirectory()) {
				readExercises(path);
				for (const translated of readdirSync(path)) {
					const translatedPath = join(path, translated);
					if (statSync(translatedPath).isFile()) {
						files[key(translatedPath)] = readFileSync(translatedPath, 'utf8');
					}
				}
			}
			if (name === 'figures' && statSync(path).isDirectory()) {
				for (const figure of readdirSync(path)) {
					const figurePath = join(path, figure);
					files[key(figurePath)] = figure.endsWith('.svg') ? readFileSync(figurePath, 'utf8') : '';
				}
			}
			if (!name.endsWith('.md') && name !== 'quiz.yaml' && name !== 'card.yaml') continue;
			files[key(path)] = readFileSync(path, 'utf8');
		}
	}
	return files;
}

/** The word lists of the referral feedback by language; a language without a file is left out. */
export function readFeedbackWordFiles(
	projectRoot: string
): Partial<Record<FeedbackLanguage, string>> {
	const sources: Partial<Record<FeedbackLanguage, string>> = {};
	for (const language of FEEDBACK_LANGUAGES) {
		const path = join(projectRoot, FEEDBACK_WORDS_FOLDER, `${language}.yaml`);
		if (existsSync(path)) sources[language] = readFileSync(path, 'utf8');
	}
	return sources;
}

/**
 * Translated lessons above the LIX limit: problems in the languages their course promises,
 * notes in the others.
 */
export function translatedLixProblems(
	figures: CourseFigures[],
	catalog: Catalog
): { problems: Problem[]; notes: Problem[] } {
	const problems: Problem[] = [];
	const notes: Problem[] = [];
	for (const group of figures) {
		if (group.language === 'en') continue;
		const courseFolder = group.folder.split('/')[0];
		const course = catalog.courses.find((c) => c.path === `/courses/${courseFolder}/course.md`);
		const list = course?.translations.includes(group.language) ? problems : notes;
		for (const lesson of group.lessons) {
			if (lesson.lix > LIX_MAX) {
				list.push({
					file: `courses/${lesson.file}`,
					field: '(body)',
					message: `LIX is ${formatLix(lesson.lix)}, above ${LIX_MAX}: use shorter sentences and shorter words`
				});
			}
		}
	}
	return { problems, notes };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	const files = readCourseFiles(process.cwd());
	const { catalog, problems } = buildCatalog(files);
	problems.push(...checkFigureFiles(files));
	const figures = courseFigures(files, catalog);
	console.log(`LIX per lesson and language (the check fails above ${LIX_MAX}):`);
	for (const line of formatLixLines(figures)) console.log(line);
	const status = translationStatus(files, catalog);
	const lix = translatedLixProblems(figures, catalog);
	problems.push(...status.problems, ...lix.problems);
	const messages = (language: string) =>
		JSON.parse(readFileSync(join(process.cwd(), 'messages', `${language}.json`), 'utf8'));
	problems.push(
		...interfaceTranslationProblems(messages('en'), { nb: messages('nb'), da: messages('da') })
	);
	const personalDataPath = join(process.cwd(), PERSONAL_DATA_PATH);
	problems.push(
		...readPersonalDataFile(
			existsSync(personalDataPath) ? readFileSync(personalDataPath, 'utf8') : undefined
		).problems
	);
	problems.push(...readAllFeedbackWords(readFeedbackWordFiles(process.cwd())).problems);
	const notes = [...status.notes, ...lix.notes];
	if (notes.length > 0) {
		console.log(
			`Translations not yet promised by their course (translations: in course.md), ${notes.length} note(s):`
		);
		for (const note of notes) console.log(`  ${formatProblem(note)}`);
	}
	if (status.warnings.length > 0) {
		console.warn(`Warnings (the check does not fail on these), ${status.warnings.length}:`);
		for (const warning of status.warnings) console.warn(`  ${formatProblem(warning)}`);
	}
	if (process.argv.includes('--report')) {
		for (const line of formatReport(figures)) console.log(line);
		console.log('');
	}
	if (problems.length > 0) {
		console.error(`Course content check failed with ${problems.length} problem(s):`);
		for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
		process.exit(1);
	}
	const lessons = catalog.courses.reduce((n, c) => n + c.lessons.length, 0);
	const questions = catalog.courses.reduce((n, c) => n + c.bank.questions.length, 0);
	const figureFiles = Object.keys(files).filter((path) => path.includes('/figures/')).length;
	const exercises = catalog.courses.reduce((n, c) => n + c.exercises.length, 0);
	console.log(
		`Course content OK: ${catalog.courses.length} course(s), ${lessons} lessons, ${questions} questions, ${exercises} exercises, ${figureFiles} figures.`
	);
}
