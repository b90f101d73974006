import { describe, expect, it } from 'vitest';
import { buildCatalog, checkFigureFiles, formatProblem } from './catalog';
import { readCourseFiles } from './check';

describe('the real courses folder', () => {
	const files = readCourseFiles(process.cwd());

	it('is read with keys the way the server sees them', () => {
		const keys = Object.keys(files);
		expect(keys.length).toBeGreaterThan(0);
		for (const key of keys)
			expect(key).toMatch(
				/^\/courses\/(glossary\.yaml|referral-templates\.yaml|[^/]+\/((nb|da)\/)?(course\.md|quiz\.yaml|card\.yaml|[^/]+\.md|exercises\/[^/]+\.yaml)|[^/]+\/figures\/[^/]+)$/
			);
		expect(keys.some((key) => key.endsWith('/quiz.yaml'))).toBe(true);
		expect(keys).toContain('/courses/glossary.yaml');
		expect(keys).toContain('/courses/referral-templates.yaml');
		expect(keys.some((key) => /\/exercises\/\d{2}-[^/]+\.yaml$/.test(key))).toBe(true);
	});

	it('passes the content check with zero problems', () => {
		const { catalog, problems } = buildCatalog(files);
		expect(problems.map(formatProblem)).toEqual([]);
		expect(checkFigureFiles(files).map(formatProblem)).toEqual([]);
		expect(catalog.courses.length).toBeGreaterThan(0);
		for (const course of catalog.courses) {
			expect(course.lessons.length).toBeGreaterThan(0);
			expect(course.bank.questions.length).toBeGreaterThanOrEqual(course.questionsPerAttempt);
		}
	});
});
