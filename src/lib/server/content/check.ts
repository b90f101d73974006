/**
 * `npm run courses:check`: validates everything under `courses/` and prints each problem as
 * `file: field: message`. Exits 1 on any problem. Also runs before every build. Prints every
 * lesson's LIX on every run; `--report` adds a table per course of words, LIX and the bank.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildCatalog, checkFigureFiles, formatProblem, type SourceFiles } from './catalog';
import { courseFigures, formatLixLines, formatReport } from './content-report';
import { LIX_MAX } from './readability';

/**
 * Reads the course files the way the server's import.meta.glob sees them, and the files in each
 * course's `figures/` folder: SVGs with their text, anything else as '' (only its name counts).
 */
export function readCourseFiles(projectRoot: string): SourceFiles {
	const files: SourceFiles = {};
	const root = join(projectRoot, 'courses');
	const key = (path: string) => `/${relative(projectRoot, path).split('\\').join('/')}`;
	for (const folder of readdirSync(root)) {
		const folderPath = join(root, folder);
		if (!statSync(folderPath).isDirectory()) continue;
		for (const name of readdirSync(folderPath)) {
			const path = join(folderPath, name);
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

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	const files = readCourseFiles(process.cwd());
	const { catalog, problems } = buildCatalog(files);
	problems.push(...checkFigureFiles(files));
	const figures = courseFigures(files, catalog);
	console.log(`LIX per lesson (the check fails above ${LIX_MAX}):`);
	for (const line of formatLixLines(figures)) console.log(line);
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
	console.log(
		`Course content OK: ${catalog.courses.length} course(s), ${lessons} lessons, ${questions} questions, ${figureFiles} figures.`
	);
}
