/**
 * The figures `npm run courses:check` prints: every lesson's LIX on every run, and with
 * `--report` a table per course of its lessons' words (as one country's reader sees them) and
 * LIX, with the course's totals and the shape of its quiz bank. Pure: it reads the file texts
 * and the built catalog.
 */
import type { Catalog, SourceFiles } from './catalog';
import { caseShare, longestKeyShare } from './quiz-rules';
import { formatLix, lessonLix, oneCountryWordCount } from './readability';
import { splitFrontMatter } from './schema';

export type LessonFigures = { file: string; words: number; lix: number };
export type CourseFigures = {
	/** e.g. `01-signs-of-distress`, or `01-signs-of-distress/nb` for its Norwegian lessons */
	folder: string;
	/** `en` for the English source. */
	language: 'en' | 'nb' | 'da';
	lessons: LessonFigures[];
	words: number;
	/** Null when the course's bank could not be read. */
	bank: { size: number; caseShare: number; longestKeyShare: number } | null;
};

const LESSON_FILE = /^\/courses\/([^/]+(?:\/(?:nb|da))?)\/(\d{2}-[^/]+\.md)$/;

export function courseFigures(files: SourceFiles, catalog: Catalog): CourseFigures[] {
	const byFolder = new Map<string, LessonFigures[]>();
	for (const path of Object.keys(files).sort()) {
		const match = LESSON_FILE.exec(path);
		if (!match) continue;
		let body: string;
		try {
			body = splitFrontMatter(files[path]).body;
		} catch {
			continue; // reported by the check
		}
		const [, folder, name] = match;
		if (!byFolder.has(folder)) byFolder.set(folder, []);
		byFolder
			.get(folder)!
			.push({ file: `${folder}/${name}`, words: oneCountryWordCount(body), lix: lessonLix(body) });
	}
	return [...byFolder].map(([folder, lessons]) => {
		const [courseFolder, language = 'en'] = folder.split('/') as [
			string,
			CourseFigures['language']?
		];
		const course = catalog.courses.find((c) => c.path === `/courses/${courseFolder}/course.md`);
		return {
			folder,
			language,
			lessons,
			words: lessons.reduce((sum, l) => sum + l.words, 0),
			bank: course
				? {
						size: course.bank.questions.length,
						caseShare: caseShare(course.bank),
						longestKeyShare: longestKeyShare(course.bank)
					}
				: null
		};
	});
}

/** One line per lesson: `  01-x/02-y.md  LIX 25.2`. */
export function formatLixLines(courses: CourseFigures[]): string[] {
	return courses.flatMap((course) =>
		course.lessons.map((l) => `  ${l.file}  LIX ${formatLix(l.lix)}`)
	);
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** A table per course: lesson, words (one country's view), LIX; then the course's totals. */
export function formatReport(courses: CourseFigures[]): string[] {
	const lines: string[] = [];
	for (const course of courses) {
		const names = course.lessons.map((l) => l.file.slice(course.folder.length + 1));
		const width = Math.max('Lesson'.length, ...names.map((n) => n.length));
		lines.push('', course.folder);
		lines.push(`  ${'Lesson'.padEnd(width)}  ${'Words'.padStart(5)}  ${'LIX'.padStart(5)}`);
		course.lessons.forEach((lesson, index) => {
			lines.push(
				`  ${names[index].padEnd(width)}  ${String(lesson.words).padStart(5)}  ${formatLix(lesson.lix).padStart(5)}`
			);
		});
		const bank = course.bank
			? `bank ${course.bank.size} questions, ${percent(course.bank.caseShare)} cases, longest key in ${percent(course.bank.longestKeyShare)} of single-choice questions`
			: 'bank not readable';
		lines.push(`  ${course.lessons.length} lessons, ${course.words} words; ${bank}`);
	}
	return lines;
}
