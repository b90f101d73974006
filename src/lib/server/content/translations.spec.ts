import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FOLDER, completeCourse, filesOf } from '$lib/server/__fixtures__/complete-course';
import { buildCatalog, formatProblem, type SourceFiles } from './catalog';
import { splitFrontMatter } from './schema';
import { sourceHash, translationStatus } from './translation-status';

const root = `/${FOLDER}`;

/** The complete course with a full, valid `nb` translation (English text, right hashes). */
function translatedFiles(promise: string[] = ['nb']): SourceFiles {
	const course = completeCourse();
	course.course.translations = promise;
	const files = filesOf(course);
	const hash = (name: string) => sourceHash(files[`${root}/${name}`]);
	files[`${root}/nb/course.md`] = `---\n${stringify({
		translationOf: hash('course.md'),
		title: 'Førstehjelp',
		summary: 'Det grunnleggende.',
		audience: 'Nye ansatte',
		contentNote: 'Dette kurset handler om barn som blir skadet.',
		objectives: ['Se hva som skjer', 'Handle']
	})}---\n\nOm kurset.\n`;
	for (const [name, body] of Object.entries(course.lessons)) {
		files[`${root}/nb/${name}`] =
			`---\n${stringify({ translationOf: hash(name), title: `Leksjon ${name}`, summary: 'Om leksjonen.' })}---\n\n${body}`;
	}
	files[`${root}/nb/quiz.yaml`] = stringify({
		translationOf: hash('quiz.yaml'),
		questions: Object.fromEntries(
			course.questions.map((q) => [
				q.id,
				{
					prompt: 'Hva gjør du?',
					...(q.type === 'case' ? { vignette: 'Mia sitter alene.' } : {}),
					options: { a: 'Valg a', b: 'Valg b', c: 'Valg c' },
					explanation: 'Fordi.'
				}
			])
		)
	});
	files[`${root}/nb/card.yaml`] = stringify({ translationOf: hash('card.yaml'), ...course.card });
	return files;
}

function problemsOf(files: SourceFiles): string[] {
	const { catalog, problems } = buildCatalog(files, []);
	return [...problems, ...translationStatus(files, catalog).problems].map(formatProblem);
}

function edit(files: SourceFiles, path: string, change: (data: Record<string, unknown>) => void) {
	const data = parse(files[path]) as Record<string, unknown>;
	change(data);
	files[path] = stringify(data);
}

describe('translations in the content check', () => {
	it('accepts a complete, current translation and serves it in the catalog', () => {
		const files = translatedFiles();
		expect(problemsOf(files)).toEqual([]);
		const course = buildCatalog(files, []).catalog.courses[0];
		expect(course.translated.nb.course?.title).toBe('Førstehjelp');
		expect(course.translated.nb.lessons['lesson-1'].path).toBe(`${root}/nb/01-lesson-1.md`);
		expect(course.translated.da.course).toBeNull();
	});

	it('hashes like sha256sum | cut -c1-12', () => {
		// printf 'abc' | sha256sum
		expect(sourceHash('abc')).toBe('ba7816bf8f01');
	});

	it('fails on a missing file of a promised language, naming the file', () => {
		const files = translatedFiles();
		delete files[`${root}/nb/02-lesson-2.md`];
		expect(problemsOf(files)).toEqual([
			`${FOLDER}/nb/02-lesson-2.md: (file): is missing: the Norwegian Bokmål translation of ${FOLDER}/02-lesson-2.md`
		]);
	});

	it('only notes missing files of a language the course does not promise', () => {
		const files = translatedFiles();
		const { catalog } = buildCatalog(files, []);
		const status = translationStatus(files, catalog);
		expect(status.problems).toEqual([]);
		expect(status.notes.map((n) => n.file)).toContain(`${FOLDER}/da/course.md`);
		expect(status.notes).toHaveLength(8); // course.md, 5 lessons, quiz.yaml, card.yaml
	});

	it('fails on a stale translation when the English file changed after it', () => {
		const files = translatedFiles();
		files[`${root}/03-lesson-3.md`] += '\nOne more sentence.\n';
		const [problem] = problemsOf(files);
		expect(problem).toMatch(
			new RegExp(`^${FOLDER}/nb/03-lesson-3\\.md: translationOf: is stale: it is [0-9a-f]{12} but`)
		);
	});

	it('fails a translated course.md with another number of objectives or no content note', () => {
		const files = translatedFiles();
		files[`${root}/nb/course.md`] = files[`${root}/nb/course.md`]
			.replace('  - Handle\n', '')
			.replace(/contentNote: .*\n/, '');
		expect(problemsOf(files)).toEqual(
			expect.arrayContaining([
				expect.stringContaining('nb/course.md: objectives: has 1 objective(s)'),
				expect.stringContaining('nb/course.md: contentNote: is missing')
			])
		);
	});

	it('fails a lesson whose components, country codes or figures differ from English', () => {
		const files = translatedFiles();
		const path = `${root}/nb/01-lesson-1.md`;
		files[path] = files[path].replace('<ForCountry code="IS">', '<ForCountry code="SE">');
		const problems = problemsOf(files);
		expect(problems).toContainEqual(
			expect.stringMatching(/nb\/01-lesson-1\.md: <ForCountry>: codes are NO, DK, SE, FI, SE/)
		);
		const other = translatedFiles();
		const lesson2 = `${root}/nb/02-lesson-2.md`;
		other[lesson2] = other[lesson2].replace(/<ModelAnswer>[\s\S]*<\/ModelAnswer>/, '');
		expect(problemsOf(other)).toContainEqual(
			expect.stringMatching(
				/nb\/02-lesson-2\.md: \(body\): has the components CaseVignette, Reflection but/
			)
		);
	});

	it('fails a lesson translation that has no English lesson', () => {
		const files = translatedFiles();
		files[`${root}/nb/09-extra.md`] = files[`${root}/nb/01-lesson-1.md`];
		expect(problemsOf(files)).toContain(
			`${FOLDER}/nb/09-extra.md: (file): has no English lesson with this file name`
		);
	});

	it('fails a quiz with a missing question, a missing or unknown option, or a stray vignette', () => {
		const files = translatedFiles();
		edit(files, `${root}/nb/quiz.yaml`, (data) => {
			const questions = data.questions as Record<string, Record<string, unknown>>;
			delete questions['fa-q-1'];
			const options = questions['fa-q-2'].options as Record<string, string>;
			delete options.c;
			options.z = 'Ukjent';
			questions['fa-q-20'].vignette = 'Ikke en case.';
			questions['fa-q-99'] = questions['fa-q-3'];
		});
		const problems = problemsOf(files).filter((p) => !p.includes('translationOf'));
		expect(problems).toEqual([
			`${FOLDER}/nb/quiz.yaml: questions.fa-q-1: is missing: translate every question of the English bank`,
			`${FOLDER}/nb/quiz.yaml: questions.fa-q-2.options.c: is missing`,
			`${FOLDER}/nb/quiz.yaml: questions.fa-q-2.options.z: is not an option of this question in English; use a, b, c`,
			`${FOLDER}/nb/quiz.yaml: questions.fa-q-20.vignette: must be left out: the English question is not a case`,
			`${FOLDER}/nb/quiz.yaml: questions.fa-q-99: is not a question of the English bank (unknown id)`
		]);
	});

	it('fails a case question without its vignette', () => {
		const files = translatedFiles();
		edit(files, `${root}/nb/quiz.yaml`, (data) => {
			delete (data.questions as Record<string, Record<string, unknown>>)['fa-q-1'].vignette;
		});
		expect(problemsOf(files)).toContain(
			`${FOLDER}/nb/quiz.yaml: questions.fa-q-1.vignette: is missing: the English question is a case`
		);
	});

	it('fails a card with another structure or a changed kind, phone or url', () => {
		const files = translatedFiles();
		edit(files, `${root}/nb/card.yaml`, (data) => {
			const countries = data.countries as Record<string, Record<string, unknown[]>>;
			countries.NO.steps.push('Ett steg til.');
			(countries.DK.contacts[0] as Record<string, unknown>).kind = 'police';
			(countries.SE.contacts[0] as Record<string, unknown>).phone = '+46 1';
		});
		const problems = problemsOf(files);
		expect(problems).toEqual(
			expect.arrayContaining([
				`${FOLDER}/nb/card.yaml: countries.NO.steps: must have 3 steps, as in English`,
				`${FOLDER}/nb/card.yaml: countries.DK.contacts.0.kind: must be "talk-to", as in English`,
				`${FOLDER}/nb/card.yaml: countries.SE.contacts.0.phone: must be left out, as in English`
			])
		);
	});

	it('fails a translated file without translationOf', () => {
		const files = translatedFiles();
		const path = `${root}/nb/04-lesson-4.md`;
		const { body } = splitFrontMatter(files[path]);
		files[path] = `---\ntitle: Leksjon\nsummary: Om.\n---\n${body}`;
		expect(problemsOf(files)).toEqual(
			expect.arrayContaining([
				expect.stringContaining('nb/04-lesson-4.md: translationOf: is required')
			])
		);
	});
});
