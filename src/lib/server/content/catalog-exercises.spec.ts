import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { completeCourse, filesOf } from '$lib/server/__fixtures__/complete-course';
import {
	exerciseData,
	exerciseYaml,
	templatesData,
	translatedExerciseData,
	type ExerciseData
} from '$lib/server/__fixtures__/exercise';
import { buildCatalog, type SourceFiles } from './catalog';
import { translationStatus, sourceHash } from './translation-status';

const ROOT = '/courses/01-first-aid';
const FIRST = `${ROOT}/exercises/01-mia.yaml`;
const TRANSLATED = `${ROOT}/nb/exercises/01-mia.yaml`;

/** The complete course, the templates, and the exercise files given (by path → data or text). */
function files(exercises: Record<string, ExerciseData | string> = { [FIRST]: exerciseData() }) {
	const all: SourceFiles = {
		...filesOf(completeCourse()),
		'/courses/referral-templates.yaml': stringify(templatesData())
	};
	for (const [path, data] of Object.entries(exercises)) {
		all[path] = typeof data === 'string' ? data : exerciseYaml(data);
	}
	return all;
}

function changed(change: (data: ExerciseData) => void) {
	const data = exerciseData();
	change(data);
	return data;
}

describe('buildCatalog reads the exercises of a course', () => {
	it('keeps them in number order, with slug, order and path, and finds no problem', () => {
		const second = changed((e) => (e.id = 'fa-ex-ola'));
		const { catalog, problems } = buildCatalog(
			files({ [`${ROOT}/exercises/02-ola.yaml`]: second, [FIRST]: exerciseData() })
		);
		expect(problems).toEqual([]);
		const [course] = catalog.courses;
		expect(course.exercises.map((e) => [e.order, e.slug, e.id, e.path])).toEqual([
			[1, 'mia', 'fa-ex-mia', FIRST],
			[2, 'ola', 'fa-ex-ola', `${ROOT}/exercises/02-ola.yaml`]
		]);
		expect(course.exercises[0].case.timeline[1]).toEqual({
			id: 'hungry',
			date: '2026-09-08 08:10',
			scene: 'Mia arrives hungry and eats three slices of bread.',
			relevant: true
		});
		expect(catalog.referralTemplates?.countries.DK?.da?.extraFields).toEqual([
			{ id: 'interpreter', label: 'Interpreter (da)', hint: 'Which language?' }
		]);
	});

	it('runs the exercise rules on them', () => {
		const { problems } = buildCatalog(files({ [FIRST]: changed((e) => (e.lesson = 'nowhere')) }));
		expect(problems).toEqual([
			{
				file: FIRST.slice(1),
				field: 'lesson',
				message:
					'"nowhere" is not a lesson of this course; use the slug of one of: lesson-1, lesson-2, lesson-3, lesson-4, lesson-5'
			}
		]);
	});

	it('names the file and field of a schema problem', () => {
		const broken = changed((e) => {
			e.difficulty = 'hard';
			e.case.timeline[1].date = '2026-02-30';
			delete (e.case.child as Partial<ExerciseData['case']['child']>).age;
		});
		expect(buildCatalog(files({ [FIRST]: broken })).problems).toEqual([
			{
				file: FIRST.slice(1),
				field: 'difficulty',
				message: 'must be clear, vague or do-not-tell-first'
			},
			{ file: FIRST.slice(1), field: 'case.child.age', message: 'is required' },
			{
				file: FIRST.slice(1),
				field: 'case.timeline.1.date',
				message: "must be a real date, 'YYYY-MM-DD', or a date and time, 'YYYY-MM-DD HH:MM'"
			}
		]);
	});

	it('reports a badly named file and a gap in the numbering', () => {
		const { problems } = buildCatalog(
			files({
				[`${ROOT}/exercises/mia.yaml`]: exerciseData(),
				[`${ROOT}/exercises/02-mia.yaml`]: exerciseData()
			})
		);
		expect(problems).toEqual([
			{
				file: `${ROOT.slice(1)}/exercises/mia.yaml`,
				field: '(file)',
				message: 'exercise file name must be <nn>-<slug>.yaml, e.g. 01-a-clear-case.yaml'
			},
			{
				file: `${ROOT.slice(1)}/exercises/02-mia.yaml`,
				field: '(file name)',
				message: `is number 02 but should be 01: numbers in ${ROOT.slice(1)}/exercises start at 01 with no gaps or repeats`
			}
		]);
	});

	it('refuses an exercise id that another id of the courses already uses', () => {
		const { problems } = buildCatalog(files({ [FIRST]: changed((e) => (e.id = 'fa-q-3')) }));
		expect(problems).toEqual([
			{
				file: FIRST.slice(1),
				field: 'id',
				message: 'id "fa-q-3" is already used in courses/01-first-aid/quiz.yaml'
			}
		]);
	});

	it('requires the country templates once a course has exercises', () => {
		const withoutTemplates = files();
		delete withoutTemplates['/courses/referral-templates.yaml'];
		expect(buildCatalog(withoutTemplates).problems).toEqual([
			{
				file: 'courses/referral-templates.yaml',
				field: '(file)',
				message: "is missing: the exercises' reports follow the country forms it describes"
			}
		]);
	});
});

describe('buildCatalog reads translated exercises', () => {
	it('keeps a valid translation under its slug', () => {
		const { catalog, problems } = buildCatalog(
			files({ [FIRST]: exerciseData(), [TRANSLATED]: stringify(translatedExerciseData()) })
		);
		expect(problems).toEqual([]);
		expect(catalog.courses[0].translated.nb.exercises.mia.title).toBe('Mia, 3 år');
	});

	it('names a model answer section the translation leaves out', () => {
		const translation = translatedExerciseData();
		delete (translation.modelAnswer as Partial<typeof translation.modelAnswer>).assessment;
		const { problems } = buildCatalog(
			files({ [FIRST]: exerciseData(), [TRANSLATED]: stringify(translation) })
		);
		expect(problems).toEqual([
			{ file: TRANSLATED.slice(1), field: 'modelAnswer.assessment', message: 'is required' }
		]);
	});

	it('names a scene the translation leaves out and a checklist item English does not have', () => {
		const translation = translatedExerciseData();
		delete translation.case.timeline.sores;
		translation.checklist.tidy = 'Er teksten ryddig?';
		const { problems } = buildCatalog(
			files({ [FIRST]: exerciseData(), [TRANSLATED]: stringify(translation) })
		);
		expect(problems).toEqual([
			{
				file: TRANSLATED.slice(1),
				field: 'case.timeline.sores',
				message: 'is missing: translate every scene of the English file'
			},
			{
				file: TRANSLATED.slice(1),
				field: 'checklist.tidy',
				message:
					'is not a checklist item of the English file; use dated, quoted, done, strengths, apart'
			}
		]);
	});

	it('names a translation without an English exercise', () => {
		const orphan = `${ROOT}/nb/exercises/02-ola.yaml`;
		const { problems } = buildCatalog(
			files({ [FIRST]: exerciseData(), [orphan]: stringify(translatedExerciseData()) })
		);
		expect(problems).toEqual([
			{
				file: orphan.slice(1),
				field: '(file)',
				message: 'has no English exercise with this file name'
			}
		]);
	});
});

describe('translationStatus of exercises', () => {
	function statusOf(all: SourceFiles) {
		const course = completeCourse();
		course.course.translations = ['nb'];
		const withPromise = { ...all, ...filesOf(course) };
		const { catalog } = buildCatalog(withPromise, []);
		return translationStatus(withPromise, catalog).problems.filter((p) =>
			p.file.includes('/exercises/')
		);
	}

	it('names a missing translation of an exercise in a promised language', () => {
		expect(statusOf(files())).toEqual([
			{
				file: TRANSLATED.slice(1),
				field: '(file)',
				message: `is missing: the Norwegian Bokmål translation of ${FIRST.slice(1)}`
			}
		]);
	});

	it('passes a translation made from the current English file, and names a stale one', () => {
		const english = exerciseYaml();
		const current = { ...translatedExerciseData(), translationOf: sourceHash(english) };
		expect(statusOf(files({ [FIRST]: english, [TRANSLATED]: stringify(current) }))).toEqual([]);
		const stale = { ...current, translationOf: 'abcdefabcdef' };
		expect(statusOf(files({ [FIRST]: english, [TRANSLATED]: stringify(stale) }))).toEqual([
			{
				file: TRANSLATED.slice(1),
				field: 'translationOf',
				message: `is stale: it is abcdefabcdef but ${FIRST.slice(1)} is now ${sourceHash(english)}; update the translation, then translationOf`
			}
		]);
	});
});
