import { describe, expect, it } from 'vitest';
import {
	FrontMatterError,
	courseFrontMatter,
	describeIssues,
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
	const base = { id: 'q', prompt: 'P', explanation: 'E', options: [] };
	it('is multiple for multiple-choice questions and cases that say so, single otherwise', () => {
		expect(selectionOf({ ...base, type: 'multiple' })).toBe('multiple');
		expect(selectionOf({ ...base, type: 'case', select: 'multiple', vignette: 'V' })).toBe(
			'multiple'
		);
		expect(selectionOf({ ...base, type: 'case', select: 'single', vignette: 'V' })).toBe('single');
		expect(selectionOf({ ...base, type: 'single' })).toBe('single');
		expect(selectionOf({ ...base, type: 'true-false' })).toBe('single');
	});
});

describe('question', () => {
	it('lets a case default to picking one option', () => {
		const parsed = question.parse({
			id: 'q-case',
			type: 'case',
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
