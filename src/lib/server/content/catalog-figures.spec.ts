import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FIGURE_MAX_BYTES, buildCatalog, checkFigureFiles, type SourceFiles } from './catalog';

/** These tests are about figures; the content rules have their own specs. */
const STRUCTURE_ONLY = [] as const;
const FOLDER = '/courses/01-first-aid';
const LESSON = 'courses/01-first-aid/01-seeing.md';
const FIGURE = `${FOLDER}/figures/steps.svg`;
const SVG =
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" role="img"><title>Steps</title><text x="10" y="20">One</text></svg>';

/** One valid course whose only lesson has `body`, plus the given figure files. */
function course(body: string, figures: SourceFiles = { [FIGURE]: SVG }): SourceFiles {
	const front = (data: Record<string, unknown>) => `---\n${stringify(data)}---\n\n`;
	return {
		[`${FOLDER}/course.md`]: `${front({
			id: 'first-aid',
			title: 'First aid',
			version: 1,
			summary: 'The basics.',
			audience: 'New staff',
			estimatedMinutes: 20,
			passMark: 80,
			questionsPerAttempt: 1,
			objectives: ['Know what to do']
		})}About.\n`,
		[`${FOLDER}/01-seeing.md`]: `${front({
			id: 'first-aid-seeing',
			title: 'Seeing',
			summary: 'Look.',
			estimatedMinutes: 5,
			sources: [{ title: 'A source', url: 'https://example.org/source' }]
		})}${body}`,
		[`${FOLDER}/quiz.yaml`]: stringify({
			questions: [
				{
					id: 'first-aid-q',
					type: 'single',
					lesson: 'first-aid-seeing',
					prompt: 'Which one?',
					explanation: 'Because.',
					options: [
						{ id: 'a', text: 'A', correct: true },
						{ id: 'b', text: 'B' }
					]
				}
			]
		}),
		...figures
	};
}

const problemsIn = (body: string, figures?: SourceFiles) =>
	buildCatalog(course(body, figures), STRUCTURE_ONLY).problems;

const GOOD =
	'<Figure src="figures/steps.svg" alt="Three steps, one after the other." caption="Go in order." />';

describe('buildCatalog and <Figure> in a lesson', () => {
	it('accepts a figure whose file exists, with alt text, on one line or several', () => {
		expect(problemsIn(`Text.\n\n${GOOD}\n\nMore text.\n`)).toEqual([]);
		expect(problemsIn('<Figure\n\tsrc="figures/steps.svg"\n\talt="Three steps."\n/>\n')).toEqual(
			[]
		);
	});

	it('names the lesson and the figure when the file does not exist', () => {
		expect(problemsIn(GOOD, {})).toEqual([
			{
				file: LESSON,
				field: '<Figure> 1.src',
				message: 'courses/01-first-aid/figures/steps.svg does not exist'
			}
		]);
	});

	it("does not take another course's figure of the same name", () => {
		expect(problemsIn(GOOD, { '/courses/02-other/figures/steps.svg': SVG })).toContainEqual({
			file: LESSON,
			field: '<Figure> 1.src',
			message: 'courses/01-first-aid/figures/steps.svg does not exist'
		});
	});

	it('refuses empty or missing alt text, and counts the figures of a lesson', () => {
		const body = `${GOOD}\n\n<Figure src="figures/steps.svg" alt="  " />\n\n<Figure src="figures/steps.svg" />\n`;
		expect(problemsIn(body)).toEqual([
			{
				file: LESSON,
				field: '<Figure> 2.alt',
				message: 'must not be empty: say what the figure shows'
			},
			{ file: LESSON, field: '<Figure> 3.alt', message: 'is required: say what the figure shows' }
		]);
	});

	it('refuses a src outside the figures folder, of another type, or missing', () => {
		for (const src of [
			'../secrets.svg',
			'figures/../course.md',
			'/figures/steps.svg',
			'figures/photo.jpg',
			'figures/Steps.SVG'
		]) {
			expect(problemsIn(`<Figure src="${src}" alt="A figure." />`)).toEqual([
				{
					file: LESSON,
					field: '<Figure> 1.src',
					message: `"${src}" must name a file in the course's figures folder: figures/<lowercase-name>.svg or .png`
				}
			]);
		}
		expect(problemsIn('<Figure alt="A figure." />')).toEqual([
			{ file: LESSON, field: '<Figure> 1.src', message: 'is required, e.g. src="figures/name.svg"' }
		]);
	});

	it('refuses expressions, unknown or repeated attributes, an empty caption and an open tag', () => {
		expect(problemsIn('<Figure src="figures/steps.svg" alt={text} />')).toEqual([
			{
				file: LESSON,
				field: '<Figure> 1',
				message: 'cannot read "alt={text}": write attributes as name="text"'
			},
			{ file: LESSON, field: '<Figure> 1.alt', message: 'is required: say what the figure shows' }
		]);
		expect(problemsIn('<Figure src="figures/steps.svg" alt="{secret}" />')).toEqual([
			{ file: LESSON, field: '<Figure> 1.alt', message: 'must be plain text, without { or }' }
		]);
		expect(
			problemsIn('<Figure src="figures/steps.svg" alt="A." alt="B." width="300" caption="" />')
		).toEqual([
			{ file: LESSON, field: '<Figure> 1.alt', message: 'is given twice' },
			{ file: LESSON, field: '<Figure> 1.width', message: 'is not known; use src, alt, caption' },
			{
				file: LESSON,
				field: '<Figure> 1.caption',
				message: 'must not be empty; leave it out instead'
			}
		]);
		expect(problemsIn('<Figure src="figures/steps.svg" alt="A."></Figure>')).toEqual([
			{
				file: LESSON,
				field: '<Figure> 1',
				message: 'must close itself: <Figure src="…" alt="…" caption="…" />'
			}
		]);
	});

	it('builds the catalog when a figure is only listed by name, as the server does', () => {
		const { catalog, problems } = buildCatalog(course(GOOD, { [FIGURE]: '' }), STRUCTURE_ONLY);
		expect(problems).toEqual([]);
		expect(catalog.courses[0].lessons).toHaveLength(1);
	});
});

describe('checkFigureFiles', () => {
	const fileProblems = (svg: string, body = GOOD) =>
		checkFigureFiles(course(body, { [FIGURE]: svg }));
	const FILE = 'courses/01-first-aid/figures/steps.svg';

	it('accepts a small, self-contained SVG with a viewBox that a lesson uses', () => {
		expect(fileProblems(SVG)).toEqual([]);
		expect(
			fileProblems(
				SVG.replace('<title>', '<a href="#steps"><title>').replace('</title>', '</title></a>')
			)
		).toEqual([]);
	});

	it('requires a viewBox', () => {
		expect(fileProblems(SVG.replace(' viewBox="0 0 400 200"', ' width="400"'))).toEqual([
			{
				file: FILE,
				field: 'viewBox',
				message: 'is required on <svg>, so that the figure scales to the screen'
			}
		]);
	});

	it('refuses scripts and event handlers', () => {
		const refused = {
			file: FILE,
			field: '(file)',
			message: 'must not contain scripts, event attributes or <foreignObject>'
		};
		expect(fileProblems(SVG.replace('</svg>', '<script>alert(1)</script></svg>'))).toEqual([
			refused
		]);
		expect(fileProblems(SVG.replace('<text ', '<text onclick="alert(1)" '))).toEqual([refused]);
	});

	it('refuses anything loaded from elsewhere: images, links, fonts', () => {
		const refused = {
			file: FILE,
			field: '(file)',
			message: 'must not load anything (links, images, fonts) from elsewhere'
		};
		for (const extra of [
			'<image href="https://example.org/x.png"/>',
			'<image xlink:href="//example.org/x.png"/>',
			'<style>@import url(https://fonts.example.org/a.css);</style>',
			'<style>@font-face { font-family: X; src: local(X); }</style>',
			'<rect fill="url(\'https://example.org/p.svg#p\')"/>'
		]) {
			expect(fileProblems(SVG.replace('</svg>', `${extra}</svg>`)), extra).toEqual([refused]);
		}
	});

	it('refuses a file that is too big, or that no lesson uses', () => {
		const padding = `<desc>${'x'.repeat(FIGURE_MAX_BYTES)}</desc>`;
		expect(fileProblems(SVG.replace('</svg>', `${padding}</svg>`))).toEqual([
			{
				file: FILE,
				field: '(file)',
				message: `is ${SVG.length + padding.length} bytes; keep figures under ${FIGURE_MAX_BYTES} bytes`
			}
		]);
		expect(fileProblems(SVG, 'No figures here.\n')).toEqual([
			{ file: FILE, field: '(file)', message: 'is not used by any lesson of its course' }
		]);
	});

	it('refuses files of other types in a figures folder', () => {
		const problems = checkFigureFiles(
			course(GOOD, { [FIGURE]: SVG, [`${FOLDER}/figures/notes.txt`]: '' })
		);
		expect(problems).toContainEqual({
			file: 'courses/01-first-aid/figures/notes.txt',
			field: '(file)',
			message: 'figures must be .svg or .png files'
		});
	});
});
