import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildCatalog as buildCatalogWithRules, formatProblem, type SourceFiles } from './catalog';

/**
 * These tests are about the files' structure, with a course too small for the content rules
 * (lesson length, bank size, cases…), which have their own specs (content-rules.spec.ts).
 */
const buildCatalog = (files: SourceFiles) => buildCatalogWithRules(files, []);

/**
 * A course described as plain data, so that a test can break exactly one thing and then turn it
 * into the file texts `buildCatalog` reads.
 */
type LessonSpec = { name: string; front: Record<string, unknown>; body: string };
type CourseSpec = {
	folder: string;
	course: Record<string, unknown>;
	lessons: LessonSpec[];
	questions: Record<string, unknown>[];
};

function markdown(front: Record<string, unknown>, body: string) {
	return `---\n${stringify(front)}---\n\n${body}`;
}

function lesson(name: string, id: string, body: string): LessonSpec {
	return {
		name,
		front: {
			id,
			title: `Lesson ${id}`,
			summary: 'What this lesson is about.',
			estimatedMinutes: 5,
			sources: [{ title: 'A source', url: 'https://example.org/source' }]
		},
		body
	};
}

function option(id: string, correct = false) {
	return correct ? { id, text: `Option ${id}`, correct: true } : { id, text: `Option ${id}` };
}

/** A valid course: two lessons (the second links to the first and uses <Note>), three questions on the first. */
function validCourse(folder = '01-first-aid', id = 'first-aid'): CourseSpec {
	return {
		folder,
		course: {
			id,
			title: 'First aid',
			version: 1,
			summary: 'The basics.',
			audience: 'New staff',
			estimatedMinutes: 20,
			passMark: 80,
			questionsPerAttempt: 2,
			objectives: ['Know what to do']
		},
		lessons: [
			lesson('01-seeing.md', `${id}-seeing`, '## Look\n\nLook closely.\n'),
			lesson(
				'02-acting.md',
				`${id}-acting`,
				'As in [the first lesson](./seeing#look), write it down.\n\n<Note kind="law">The law.</Note>\n\n<Reflection>Think.</Reflection>\n'
			)
		],
		questions: [
			{
				id: `${id}-q-single`,
				type: 'single',
				lesson: `${id}-seeing`,
				prompt: 'Which one?',
				explanation: 'Because.',
				options: [option('a', true), option('b')]
			},
			{
				id: `${id}-q-multiple`,
				type: 'multiple',
				lesson: `${id}-seeing`,
				prompt: 'Which ones?',
				explanation: 'Because.',
				options: [option('a', true), option('b', true), option('c')]
			},
			{
				id: `${id}-q-true-false`,
				type: 'true-false',
				lesson: `${id}-seeing`,
				prompt: 'True?',
				explanation: 'Because.',
				options: [option('true', true), option('false')]
			}
		]
	};
}

function toFiles(...courses: CourseSpec[]): SourceFiles {
	const files: SourceFiles = {};
	for (const { folder, course, lessons, questions } of courses) {
		const root = `/courses/${folder}`;
		files[`${root}/course.md`] = markdown(course, 'About the course.\n');
		for (const l of lessons) files[`${root}/${l.name}`] = markdown(l.front, l.body);
		files[`${root}/quiz.yaml`] = stringify({ questions });
	}
	return files;
}

function problemsOf(...courses: CourseSpec[]) {
	return buildCatalog(toFiles(...courses)).problems;
}

/** A valid course changed by `change`, checked on its own. */
function problemsAfter(change: (course: CourseSpec) => void) {
	const course = validCourse();
	change(course);
	return problemsOf(course);
}

const COURSE_FILE = 'courses/01-first-aid/course.md';
const FIRST_LESSON = 'courses/01-first-aid/01-seeing.md';
const SECOND_LESSON = 'courses/01-first-aid/02-acting.md';
const BANK = 'courses/01-first-aid/quiz.yaml';

describe('buildCatalog with valid content', () => {
	it('finds no problems and builds the course with its lessons and bank', () => {
		const { catalog, problems } = buildCatalog(toFiles(validCourse()));
		expect(problems).toEqual([]);
		expect(catalog.courses).toHaveLength(1);
		const [course] = catalog.courses;
		expect(course).toMatchObject({
			id: 'first-aid',
			number: 1,
			slug: 'first-aid',
			path: '/courses/01-first-aid/course.md',
			passMark: 80,
			questionsPerAttempt: 2
		});
		expect(course.lessons.map((l) => [l.number, l.slug, l.id, l.path])).toEqual([
			[1, 'seeing', 'first-aid-seeing', '/courses/01-first-aid/01-seeing.md'],
			[2, 'acting', 'first-aid-acting', '/courses/01-first-aid/02-acting.md']
		]);
		expect(course.bank.questions.map((q) => q.id)).toEqual([
			'first-aid-q-single',
			'first-aid-q-multiple',
			'first-aid-q-true-false'
		]);
	});

	it('orders courses and lessons by their numbers, whatever order the files come in', () => {
		const files = toFiles(validCourse('02-second', 'second'), validCourse('01-first', 'first'));
		const reversed = Object.fromEntries(Object.entries(files).reverse());
		const { catalog, problems } = buildCatalog(reversed);
		expect(problems).toEqual([]);
		expect(catalog.courses.map((c) => c.slug)).toEqual(['first', 'second']);
		expect(catalog.courses[1].lessons.map((l) => l.number)).toEqual([1, 2]);
	});

	it('ignores files that are not inside a course folder', () => {
		const files = {
			...toFiles(validCourse()),
			'/courses/README.md': '# Notes',
			'/other/x.md': 'x'
		};
		expect(buildCatalog(files).problems).toEqual([]);
	});

	it('accepts a case that lets learners pick several options', () => {
		const problems = problemsAfter((c) =>
			c.questions.push({
				id: 'first-aid-q-case',
				type: 'case',
				lesson: 'first-aid-acting',
				select: 'multiple',
				vignette: 'Mia cries a lot.',
				prompt: 'Which signs matter?',
				explanation: 'Both.',
				options: [option('a', true), option('b', true)]
			})
		);
		expect(problems).toEqual([]);
	});
});

describe('buildCatalog with broken front matter', () => {
	it('names the course file and the missing field', () => {
		const problems = problemsAfter((c) => delete c.course.summary);
		expect(problems).toEqual([{ file: COURSE_FILE, field: 'summary', message: 'is required' }]);
	});

	it('names the lesson file and the missing field', () => {
		const problems = problemsAfter((c) => delete c.lessons[1].front.sources);
		expect(problems).toEqual([
			{ file: SECOND_LESSON, field: 'sources', message: 'must be a list of { title, url }' }
		]);
	});

	it('names the list item of a bad objective or source', () => {
		expect(problemsAfter((c) => (c.course.objectives = ['Fine', '  ']))).toEqual([
			{ file: COURSE_FILE, field: 'objectives.1', message: 'must not be empty' }
		]);
		expect(
			problemsAfter((c) => (c.lessons[1].front.sources = [{ title: 'X', url: 'not a url' }]))
		).toEqual([
			{ file: SECOND_LESSON, field: 'sources.0.url', message: 'must be a full http(s) address' }
		]);
	});

	it('refuses a source address that is not http(s)', () => {
		for (const url of ['javascript:alert(document.cookie)', 'ftp://example.org/notes.pdf']) {
			const problems = problemsAfter((c) => (c.lessons[1].front.sources = [{ title: 'X', url }]));
			expect(problems, url).toEqual([
				{ file: SECOND_LESSON, field: 'sources.0.url', message: 'must be a full http(s) address' }
			]);
		}
	});

	it('refuses out-of-range numbers and badly formed ids', () => {
		expect(problemsAfter((c) => (c.course.passMark = 0))).toEqual([
			{ file: COURSE_FILE, field: 'passMark', message: 'must be at least 1' }
		]);
		expect(problemsAfter((c) => (c.course.passMark = 101))).toEqual([
			{ file: COURSE_FILE, field: 'passMark', message: 'must be at most 100' }
		]);
		expect(problemsAfter((c) => (c.lessons[1].front.estimatedMinutes = 0))).toEqual([
			{ file: SECOND_LESSON, field: 'estimatedMinutes', message: 'must be more than 0' }
		]);
		expect(problemsAfter((c) => (c.course.id = 'First_Aid'))).toEqual([
			{ file: COURSE_FILE, field: 'id', message: 'must be lowercase letters, digits and dashes' }
		]);
	});

	it('lists fields it does not know', () => {
		expect(problemsAfter((c) => (c.lessons[1].front.author = 'Ada'))).toEqual([
			{ file: SECOND_LESSON, field: '(file)', message: 'unknown field(s) author' }
		]);
	});

	it('reports a file without front matter or with invalid YAML', () => {
		const files = toFiles(validCourse());
		files['/courses/01-first-aid/01-seeing.md'] = '# Seeing\n\nNo front matter here.\n';
		files['/courses/01-first-aid/course.md'] = '---\ntitle: [unclosed\n---\n';
		const { problems } = buildCatalog(files);
		expect(problems).toContainEqual({
			file: FIRST_LESSON,
			field: '(front matter)',
			message: 'has no front matter (a --- block at the top)'
		});
		expect(problems).toContainEqual({
			file: COURSE_FILE,
			field: '(front matter)',
			message: expect.stringMatching(/^front matter is not valid YAML/)
		});
	});
});

describe('buildCatalog when one file is broken', () => {
	it('blames only the lesson with broken front matter, not the numbering of or links to it', () => {
		const problems = problemsAfter((c) => delete c.lessons[0].front.title);
		expect(problems).toEqual([{ file: FIRST_LESSON, field: 'title', message: 'is required' }]);
	});

	it('blames only the course with a broken course.md, not the numbering of the next course', () => {
		const first = validCourse();
		delete first.course.summary;
		const problems = problemsOf(first, validCourse('02-more', 'more'));
		expect(problems).toEqual([{ file: COURSE_FILE, field: 'summary', message: 'is required' }]);
	});
});

describe('buildCatalog with clashing ids', () => {
	it('refuses a lesson id used by another lesson', () => {
		const problems = problemsAfter((c) => (c.lessons[1].front.id = 'first-aid-seeing'));
		expect(problems).toEqual([
			{
				file: SECOND_LESSON,
				field: 'id',
				message: `id "first-aid-seeing" is already used in ${FIRST_LESSON}`
			}
		]);
	});

	it('refuses a question id used by another question or by a lesson', () => {
		const problems = problemsAfter((c) => {
			c.questions[1].id = 'first-aid-q-single';
			c.questions[2].id = 'first-aid-seeing';
		});
		expect(problems).toEqual([
			{
				file: BANK,
				field: 'questions.1(first-aid-q-single).id',
				message: `id "first-aid-q-single" is already used in ${BANK}`
			},
			{
				file: BANK,
				field: 'questions.2(first-aid-seeing).id',
				message: `id "first-aid-seeing" is already used in ${FIRST_LESSON}`
			}
		]);
	});

	it('refuses a course id used by another course', () => {
		const second = validCourse('02-more-first-aid', 'more');
		second.course.id = 'first-aid';
		expect(problemsOf(validCourse(), second)).toEqual([
			{
				file: 'courses/02-more-first-aid/course.md',
				field: 'id',
				message: `id "first-aid" is already used in ${COURSE_FILE}`
			}
		]);
	});

	it('refuses ids that clash across courses, such as a lesson of one and a question of another', () => {
		const second = validCourse('02-more', 'more');
		second.questions[0].id = 'first-aid-acting';
		expect(problemsOf(validCourse(), second)).toEqual([
			{
				file: 'courses/02-more/quiz.yaml',
				field: 'questions.0(first-aid-acting).id',
				message: `id "first-aid-acting" is already used in ${SECOND_LESSON}`
			}
		]);
	});

	it('refuses two course folders with the same slug', () => {
		const problems = problemsOf(validCourse(), validCourse('02-first-aid', 'other'));
		expect(problems).toEqual([
			{
				file: 'courses/02-first-aid/course.md',
				field: '(folder)',
				message: 'slug "first-aid" is used twice'
			}
		]);
	});
});

describe('buildCatalog with numbering and naming problems', () => {
	it('reports a gap in lesson numbers', () => {
		const problems = problemsAfter((c) => (c.lessons[1].name = '03-acting.md'));
		expect(problems).toEqual([
			{
				file: 'courses/01-first-aid/03-acting.md',
				field: '(file name)',
				message: expect.stringMatching(/^is number 03 but should be 02/)
			}
		]);
	});

	it('reports a repeated lesson number', () => {
		const problems = problemsAfter((c) => (c.lessons[1].name = '01-acting.md'));
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({
			field: '(file name)',
			message: expect.stringMatching(/should be 02/)
		});
	});

	it('reports a gap in course numbers', () => {
		const problems = problemsOf(validCourse(), validCourse('03-later', 'later'));
		expect(problems).toEqual([
			{
				file: 'courses/03-later',
				field: '(file name)',
				message: expect.stringMatching(
					/^is number 03 but should be 02: numbers in courses start at 01/
				)
			}
		]);
	});

	it('reports badly named course folders and lesson files', () => {
		expect(problemsOf(validCourse('first-aid'))).toEqual([
			{
				file: 'courses/first-aid',
				field: '(folder)',
				message: expect.stringMatching(/^folder name must be/)
			}
		]);
		expect(problemsAfter((c) => (c.lessons[1].name = 'acting.md'))).toEqual([
			{
				file: 'courses/01-first-aid/acting.md',
				field: '(file)',
				message: expect.stringMatching(/^lesson file name must be/)
			}
		]);
	});

	it('refuses the reserved lesson slug "quiz"', () => {
		const problems = problemsAfter((c) => {
			c.lessons[1].name = '02-quiz.md';
			c.lessons[1].body = 'Text.\n';
		});
		expect(problems).toEqual([
			{
				file: 'courses/01-first-aid/02-quiz.md',
				field: '(file)',
				message: '"quiz" is reserved and cannot be a lesson slug'
			}
		]);
	});

	it('reports a missing course.md or quiz.yaml and a course without lessons', () => {
		const files = toFiles(validCourse());
		delete files['/courses/01-first-aid/quiz.yaml'];
		expect(buildCatalog(files).problems).toEqual([
			{ file: BANK, field: '(file)', message: 'is missing' }
		]);
		delete files['/courses/01-first-aid/course.md'];
		expect(buildCatalog(files).problems).toEqual([
			{ file: COURSE_FILE, field: '(file)', message: 'is missing' }
		]);
		expect(problemsAfter((c) => (c.lessons = []))).toEqual([
			{ file: 'courses/01-first-aid', field: '(folder)', message: 'has no lessons' }
		]);
	});
});

describe('buildCatalog with problems in lesson bodies', () => {
	const withBody = (body: string) => problemsAfter((c) => (c.lessons[0].body = body));

	it('reports a link to a lesson that does not exist', () => {
		expect(withBody('See [later](./nowhere) and [acting](./acting).\n')).toEqual([
			{
				file: FIRST_LESSON,
				field: '(body)',
				message: 'links to "./nowhere", which is not a lesson of this course'
			}
		]);
	});

	it('reports components that are not allowed', () => {
		expect(withBody('<Video src="x.mp4" />\n')).toEqual([
			{
				file: FIRST_LESSON,
				field: '(body)',
				message:
					'uses <Video>; allowed components: CaseVignette, Reflection, ModelAnswer, Note, Figure, ForCountry, Term'
			}
		]);
	});

	it('reports a <script> block', () => {
		expect(withBody('Hello.\n\n<script>\n  alert(1);\n</script>\n')).toEqual([
			{ file: FIRST_LESSON, field: '(body)', message: 'must not contain a <script> block' }
		]);
		expect(withBody('<SCRIPT src="x.js"></SCRIPT>\n')).toContainEqual({
			file: FIRST_LESSON,
			field: '(body)',
			message: 'must not contain a <script> block'
		});
	});

	it('reports a <Note> without an allowed kind', () => {
		expect(withBody('<Note>Careful.</Note>\n')).toEqual([
			{ file: FIRST_LESSON, field: '(body)', message: '<Note> needs kind="info|warning|law"' }
		]);
		expect(withBody('<Note kind="tip">Careful.</Note>\n')).toHaveLength(1);
	});
});

describe('buildCatalog with problems in the quiz bank', () => {
	const QUESTION = (index: number, id: string) => `questions.${index}(${id}).options`;

	it('reports a question without a correct option', () => {
		const problems = problemsAfter((c) => (c.questions[1].options = [option('a'), option('b')]));
		expect(problems).toEqual([
			{
				file: BANK,
				field: QUESTION(1, 'first-aid-q-multiple'),
				message: 'needs at least one correct option'
			}
		]);
	});

	it('reports a single-choice question or single-choice case with two correct options', () => {
		expect(
			problemsAfter((c) => (c.questions[0].options = [option('a', true), option('b', true)]))
		).toEqual([
			{
				file: BANK,
				field: QUESTION(0, 'first-aid-q-single'),
				message: 'a single-choice question has exactly one correct option'
			}
		]);
		const caseProblems = problemsAfter((c) =>
			c.questions.push({
				id: 'first-aid-q-case',
				type: 'case',
				lesson: 'first-aid-acting',
				vignette: 'Mia.',
				prompt: 'Which?',
				explanation: 'Because.',
				options: [option('a', true), option('b', true)]
			})
		);
		expect(caseProblems).toEqual([
			{
				file: BANK,
				field: QUESTION(3, 'first-aid-q-case'),
				message: 'a single-choice question has exactly one correct option'
			}
		]);
	});

	it("reports a true-false question whose options are not 'true' and 'false'", () => {
		const problems = problemsAfter(
			(c) => (c.questions[2].options = [option('yes', true), option('no')])
		);
		expect(problems).toEqual([
			{
				file: BANK,
				field: QUESTION(2, 'first-aid-q-true-false'),
				message: "a true-false question has exactly the options 'true' and 'false'"
			}
		]);
	});

	it('reports repeated option ids within a question', () => {
		const problems = problemsAfter(
			(c) => (c.questions[1].options = [option('a', true), option('a')])
		);
		expect(problems).toEqual([
			{
				file: BANK,
				field: QUESTION(1, 'first-aid-q-multiple'),
				message: 'option ids must be unique'
			}
		]);
	});

	it('reports a question whose lesson is not a lesson of its course, naming file and field', () => {
		const other = validCourse('02-second', 'second');
		const course = validCourse();
		course.questions[0].lesson = 'second-seeing'; // a lesson of another course
		course.questions[1].lesson = 'seeing'; // the slug, not the id
		const lessonsOfCourse = 'use the id of one of: first-aid-seeing, first-aid-acting';
		expect(problemsOf(course, other)).toEqual([
			{
				file: BANK,
				field: 'questions.0(first-aid-q-single).lesson',
				message: `"second-seeing" is not a lesson of this course; ${lessonsOfCourse}`
			},
			{
				file: BANK,
				field: 'questions.1(first-aid-q-multiple).lesson',
				message: `"seeing" is not a lesson of this course; ${lessonsOfCourse}`
			}
		]);
		expect(buildCatalog(toFiles(course, other)).catalog.courses.map((c) => c.id)).toEqual([
			'second'
		]);
	});

	it('requires every question to name its lesson', () => {
		expect(problemsAfter((c) => delete c.questions[2].lesson)).toEqual([
			{ file: BANK, field: 'questions.2.lesson', message: 'is required' }
		]);
	});

	it('keeps the paragraphs of a case text and joins its wrapped lines', () => {
		const course = validCourse();
		course.questions.push({
			id: 'first-aid-q-case',
			type: 'case',
			lesson: 'first-aid-seeing',
			vignette: 'Mia, 14 months, cries\na lot.\n\nHer father is worried.\n',
			prompt: 'What now?',
			explanation: 'Because.',
			options: [option('a', true), option('b')]
		});
		const { catalog, problems } = buildCatalog(toFiles(course));
		expect(problems).toEqual([]);
		expect(catalog.courses[0].bank.questions[3]).toMatchObject({
			vignette: ['Mia, 14 months, cries a lot.', 'Her father is worried.']
		});
	});

	it('names the question and field of a schema problem', () => {
		expect(problemsAfter((c) => delete c.questions[0].explanation)).toEqual([
			{ file: BANK, field: 'questions.0.explanation', message: 'is required' }
		]);
		expect(problemsAfter((c) => (c.questions[0].options = [option('a', true)]))).toEqual([
			{ file: BANK, field: 'questions.0.options', message: 'needs at least two options' }
		]);
		expect(problemsAfter((c) => (c.questions[0].type = 'essay'))).toEqual([
			{
				file: BANK,
				field: 'questions.0.type',
				message: 'type must be one of single, multiple, true-false, case'
			}
		]);
	});

	it('reports a bank that is not valid YAML or has no questions', () => {
		const files = toFiles(validCourse());
		files['/courses/01-first-aid/quiz.yaml'] = 'questions: [unclosed';
		expect(buildCatalog(files).problems).toEqual([
			{ file: BANK, field: '(file)', message: expect.stringMatching(/^is not valid YAML/) }
		]);
		expect(problemsAfter((c) => (c.questions = []))).toEqual([
			{ file: BANK, field: 'questions', message: 'needs at least one question' }
		]);
	});

	it('reports questionsPerAttempt larger than the bank', () => {
		expect(problemsAfter((c) => (c.course.questionsPerAttempt = 4))).toEqual([
			{
				file: COURSE_FILE,
				field: 'questionsPerAttempt',
				message: 'is 4 but quiz.yaml has only 3 questions'
			}
		]);
	});

	it('leaves a course with an invalid bank out of the catalog', () => {
		const course = validCourse();
		course.questions[0].options = [option('a'), option('b')];
		expect(buildCatalog(toFiles(course)).catalog.courses).toEqual([]);
	});
});

describe('formatProblem', () => {
	it('writes file, field and message on one line', () => {
		expect(formatProblem({ file: COURSE_FILE, field: 'summary', message: 'is required' })).toBe(
			'courses/01-first-aid/course.md: summary: is required'
		);
	});
});
