import { describe, expect, it } from 'vitest';
import {
	FrontMatterError,
	courseFrontMatter,
	describeIssues,
	paragraphsOf,
	parseNumberedName,
	question,
	selectionOf,
	splitFrontMatter
} from './schema';

describe('parseNumberedName', () => {
	it('reads the two-digit number and the slug of folders and lesson files', () => {
		expect(parseNumberedName('01-signs-of-distress')).toEqual({
			number: 1,
			slug: 'signs-of-distress'
		});
		expect(parseNumberedName('12-why-2-matters.md')).toEqual({ number: 12, slug: 'why-2-matters' });
	});

	it('refuses names without a two-digit number or with an unusual slug', () => {
		for (const name of [
			'1-intro',
			'001-intro',
			'intro.md',
			'01-Intro',
			'01-intro-',
			'01--intro',
			'01-intro.txt',
			'01-'
		]) {
			expect(parseNumberedName(name), name).toBeNull();
		}
	});
});

describe('splitFrontMatter', () => {
	it('parses the YAML block at the top and returns the body after it', () => {
		const source = '---\nid: x\nlist:\n  - 1\n---\n# Heading\n\nText.\n';
		expect(splitFrontMatter(source)).toEqual({
			data: { id: 'x', list: [1] },
			body: '# Heading\n\nText.\n'
		});
	});

	it('accepts Windows line endings', () => {
		expect(splitFrontMatter('---\r\nid: x\r\n---\r\nBody').data).toEqual({ id: 'x' });
	});

	it('explains a missing block and invalid YAML', () => {
		expect(() => splitFrontMatter('# No front matter')).toThrow(FrontMatterError);
		expect(() => splitFrontMatter('# No front matter')).toThrow(/has no front matter/);
		expect(() => splitFrontMatter('---\nid: [unclosed\n---\n')).toThrow(
			/front matter is not valid YAML/
		);
	});
});

describe('selectionOf', () => {
	const base = { id: 'q', lesson: 'l', prompt: 'P', explanation: 'E', options: [] };
	it('is multiple for multiple-choice questions and cases that say so, single otherwise', () => {
		expect(selectionOf({ ...base, type: 'multiple' })).toBe('multiple');
		expect(selectionOf({ ...base, type: 'case', select: 'multiple', vignette: ['V'] })).toBe(
			'multiple'
		);
		expect(selectionOf({ ...base, type: 'case', select: 'single', vignette: ['V'] })).toBe(
			'single'
		);
		expect(selectionOf({ ...base, type: 'single' })).toBe('single');
		expect(selectionOf({ ...base, type: 'true-false' })).toBe('single');
	});
});

describe('paragraphsOf', () => {
	it('keeps blank lines as paragraph breaks and joins lines wrapped within a paragraph', () => {
		const vignette =
			'Linnea, 11 months, used to babble and\nreach for the adults.\n\nA colleague says\nshe is just a calm baby.\n';
		expect(paragraphsOf(vignette)).toEqual([
			'Linnea, 11 months, used to babble and reach for the adults.',
			'A colleague says she is just a calm baby.'
		]);
	});

	it('gives one paragraph for text without a blank line', () => {
		expect(paragraphsOf('One line\nand the next')).toEqual(['One line and the next']);
	});

	it('treats several blank lines, blank lines with spaces and Windows line ends alike', () => {
		expect(paragraphsOf('First.\r\n\r\n\r\nSecond.\n  \t\nThird.\r\nstill third.')).toEqual([
			'First.',
			'Second.',
			'Third. still third.'
		]);
	});

	it('drops surrounding and repeated whitespace and gives nothing for blank text', () => {
		expect(paragraphsOf('\n\n  Mia   cries.  \n\n')).toEqual(['Mia cries.']);
		expect(paragraphsOf(' \n \n ')).toEqual([]);
	});
});

describe('question', () => {
	it('reads the case text of a case as paragraphs', () => {
		const parsed = question.parse({
			id: 'q-case',
			type: 'case',
			lesson: 'l-one',
			vignette: 'Mia, 14 months,\ncries a lot.\n\nHer father is worried.\n',
			prompt: 'What now?',
			explanation: 'Because.',
			options: [
				{ id: 'a', text: 'A', correct: true },
				{ id: 'b', text: 'B' }
			]
		});
		expect(parsed).toMatchObject({
			vignette: ['Mia, 14 months, cries a lot.', 'Her father is worried.']
		});
	});

	it('requires the lesson that teaches the point', () => {
		const result = question.safeParse({
			id: 'q-single',
			type: 'single',
			prompt: 'Which?',
			explanation: 'Because.',
			options: [
				{ id: 'a', text: 'A', correct: true },
				{ id: 'b', text: 'B' }
			]
		});
		expect(result.success).toBe(false);
		expect(describeIssues(result.error!)).toEqual([{ field: 'lesson', message: 'is required' }]);
	});

	it('lets a case default to picking one option', () => {
		const parsed = question.parse({
			id: 'q-case',
			type: 'case',
			lesson: 'l-one',
			vignette: 'Mia cries.',
			prompt: 'What now?',
			explanation: 'Because.',
			options: [
				{ id: 'a', text: 'A', correct: true },
				{ id: 'b', text: 'B' }
			]
		});
		expect(parsed).toMatchObject({ type: 'case', select: 'single' });
	});
});

describe('describeIssues', () => {
	it('names the field of each problem, and lists unknown fields', () => {
		const result = courseFrontMatter.safeParse({
			id: 'x',
			title: 'T',
			summary: ' ',
			audience: 'A',
			estimatedMinutes: 1.5,
			passMark: 80,
			questionsPerAttempt: 1,
			objectives: ['One', ''],
			colour: 'red'
		});
		expect(result.success).toBe(false);
		expect(describeIssues(result.error!)).toEqual(
			expect.arrayContaining([
				{ field: 'summary', message: 'must not be empty' },
				{ field: 'estimatedMinutes', message: 'must be a whole number' },
				{ field: 'objectives.1', message: 'must not be empty' },
				{ field: '(file)', message: 'unknown field(s) colour' }
			])
		);
	});
});
