import { describe, expect, it } from 'vitest';
import { completeCourse, filesOf } from '$lib/server/__fixtures__/complete-course';
import { buildCatalog } from './catalog';
import { courseFigures, formatLixLines, formatReport } from './content-report';

describe("the check's figures", () => {
	const files = filesOf(completeCourse());
	const figures = courseFigures(files, buildCatalog(files).catalog);

	it('prints one LIX line per lesson, named by course folder and file', () => {
		const lines = formatLixLines(figures);
		expect(lines).toHaveLength(5);
		expect(lines[1]).toMatch(/^ {2}01-first-aid\/02-lesson-2\.md {2}LIX \d+\.\d$/);
	});

	it('reports words, LIX and the bank per course', () => {
		expect(figures[0]).toMatchObject({
			folder: '01-first-aid',
			bank: { size: 20, caseShare: 0.4, longestKeyShare: 0 }
		});
		// Lesson 1: 2 heading words + 605 plain words + one country's passage of 7 words.
		expect(figures[0].lessons[0].words).toBe(614);
		const report = formatReport(figures);
		expect(report).toContain('01-first-aid');
		expect(report.find((line) => line.includes('01-lesson-1.md'))).toMatch(
			/^ {2}01-lesson-1\.md +614 +\d+\.\d$/
		);
		expect(report.at(-1)).toBe(
			`  5 lessons, ${figures[0].words} words; bank 20 questions, 40% cases, longest key in 0% of single-choice questions`
		);
	});
});
