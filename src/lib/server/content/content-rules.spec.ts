import { describe, expect, it } from 'vitest';
import { FOLDER, completeCourse, filesOf } from '$lib/server/__fixtures__/complete-course';
import { buildCatalog } from './catalog';

describe('buildCatalog runs the content rules', () => {
	it('finds no problem in a course that meets every rule', () => {
		const { catalog, problems } = buildCatalog(filesOf(completeCourse()));
		expect(problems).toEqual([]);
		expect(catalog.courses[0].lessons).toHaveLength(5);
		expect(catalog.courses[0].bank.questions).toHaveLength(20);
	});

	it('reports a broken rule with file and field, and still builds the course', () => {
		const course = completeCourse();
		course.card = null;
		delete course.questions[3].objective;
		const { catalog, problems } = buildCatalog(filesOf(course));
		expect(problems).toEqual([
			{
				file: `${FOLDER}/quiz.yaml`,
				field: 'questions.3(fa-q-4).objective',
				message:
					'is required: the number of the objective in course.md that the question tests (1–2)'
			},
			{
				file: `${FOLDER}/card.yaml`,
				field: '(file)',
				message: 'is missing: every course needs a "What to do tomorrow morning" card'
			}
		]);
		expect(catalog.courses.map((c) => c.id)).toEqual(['first-aid']);
	});

	it('runs only the rules it is given', () => {
		const course = completeCourse();
		course.card = null;
		expect(buildCatalog(filesOf(course), []).problems).toEqual([]);
	});
});
