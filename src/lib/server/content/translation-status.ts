/**
 * What `npm run courses:check` says about translations beyond their structure: which files are
 * missing or stale in each language, and which avoided glossary wordings a translation uses.
 * Missing and stale files fail the check only for the languages a course promises
 * (`translations:` in course.md); for the others they are listed as notes.
 */
import { createHash } from 'node:crypto';
import type { Catalog, Problem, SourceFiles } from './catalog';
import { avoidedTermsIn } from './glossary';
import { CONTENT_LANGUAGES, translationPath, type ContentLanguage } from './translations';

/** The first 12 hex digits of the SHA-256 of a file's bytes: `sha256sum file | cut -c1-12`. */
export function sourceHash(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

export type TranslationStatus = {
	/** Missing or stale files of promised languages: the check fails. */
	problems: Problem[];
	/** Missing or stale files of languages a course does not promise yet. */
	notes: Problem[];
	/** Avoided wordings a translation uses. */
	warnings: Problem[];
};

/** `translationOf` of a translated file, read without validating the rest. */
function recordedHash(source: string): string | null {
	return (
		/^(?:---\r?\n)?(?:[\s\S]*?\n)?translationOf:\s*["']?([0-9a-f]{12})["']?\s*$/m.exec(
			source
		)?.[1] ?? null
	);
}

export function translationStatus(files: SourceFiles, catalog: Catalog): TranslationStatus {
	const status: TranslationStatus = { problems: [], notes: [], warnings: [] };
	for (const course of catalog.courses) {
		const englishFiles = [
			course.path,
			...course.lessons.map((l) => l.path),
			course.path.replace(/course\.md$/, 'quiz.yaml'),
			...(course.card ? [course.path.replace(/course\.md$/, 'card.yaml')] : []),
			...course.exercises.map((e) => e.path)
		];
		for (const language of CONTENT_LANGUAGES) {
			const list = course.translations.includes(language) ? status.problems : status.notes;
			for (const englishPath of englishFiles) {
				const path = translationPath(englishPath, language);
				const file = path.slice(1);
				const source = files[path];
				if (source === undefined) {
					list.push({
						file,
						field: '(file)',
						message: `is missing: the ${languageName(language)} translation of ${englishPath.slice(1)}`
					});
					continue;
				}
				const expected = sourceHash(files[englishPath]);
				const recorded = recordedHash(source);
				if (recorded !== expected) {
					list.push({
						file,
						field: 'translationOf',
						message: `is stale: it is ${recorded ?? '(none)'} but ${englishPath.slice(1)} is now ${expected}; update the translation, then translationOf`
					});
				}
			}
		}
	}
	for (const [path, source] of Object.entries(files)) {
		const match = /^\/courses\/[^/]+\/(nb|da)\/(?:exercises\/)?[^/]+$/.exec(path);
		if (!match) continue;
		for (const term of avoidedTermsIn(source, catalog.glossary, match[1] as ContentLanguage)) {
			status.warnings.push({
				file: path.slice(1),
				field: '(text)',
				message: `uses "${term}", which courses/glossary.yaml says to avoid in ${languageName(match[1] as ContentLanguage)}`
			});
		}
	}
	return status;
}

function languageName(language: ContentLanguage): string {
	return language === 'nb' ? 'Norwegian Bokmål' : 'Danish';
}
