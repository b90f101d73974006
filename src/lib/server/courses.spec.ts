import { describe, expect, it } from 'vitest';
import { coursesIn, courseTitleIn, getCatalog, issuedCourseText, listCourses } from './courses';

const english = () => getCatalog().courses.find((c) => c.id === 'signs-of-distress')!;

describe('the catalog in the reader’s language', () => {
	it('gives Norwegian and Danish titles, summaries and lesson titles with the English ids', () => {
		const en = english();
		const nb = coursesIn('nb').find((c) => c.id === en.id)!;
		const da = coursesIn('da').find((c) => c.id === en.id)!;
		expect(nb.title).toBe(en.translated.nb!.course!.title);
		expect(da.title).toBe(en.translated.da!.course!.title);
		expect(nb.title).not.toBe(en.title);
		expect(nb.lessons.map((l) => l.id)).toEqual(en.lessons.map((l) => l.id));
		expect(nb.lessons[0].title).toBe(en.translated.nb!.lessons[en.lessons[0].slug].title);
		// What is graded stays the English catalog's.
		expect(nb.bank).toBe(en.bank);
		expect(coursesIn('en')).toBe(getCatalog().courses);
	});

	it('lists course cards in the reader’s language', () => {
		expect(listCourses('da').map((c) => c.title)).toEqual(
			getCatalog().courses.map((c) => c.translated.da?.course?.title ?? c.title)
		);
	});

	it('finds a title by course id, and keeps the stored one for a course no longer published', () => {
		expect(courseTitleIn('signs-of-distress', 'nb', 'stored')).toBe(
			english().translated.nb!.course!.title
		);
		expect(courseTitleIn('retired-course', 'nb', 'Retired course')).toBe('Retired course');
	});
});

describe('an issued certificate in the reader’s language', () => {
	const issued = () => ({
		courseId: english().id,
		courseVersion: english().version,
		courseTitle: english().title,
		objectives: [...english().objectives]
	});

	it('shows the translation of the same edition', () => {
		const text = issuedCourseText(issued(), 'da');
		expect(text).toEqual({
			title: english().translated.da!.course!.title,
			objectives: english().translated.da!.course!.objectives,
			lang: 'da'
		});
	});

	it('keeps the stored English text for another edition, another set of objectives, or English', () => {
		const stored = { title: english().title, objectives: english().objectives, lang: 'en' };
		expect(issuedCourseText({ ...issued(), courseVersion: '2020.1' }, 'da')).toEqual(stored);
		expect(issuedCourseText({ ...issued(), objectives: ['Only one'] }, 'nb')).toEqual({
			...stored,
			objectives: ['Only one']
		});
		expect(issuedCourseText(issued(), 'en')).toEqual(stored);
		// Asked for the title only (a list of certificates), the objectives do not matter.
		const titleOnly = { ...issued(), objectives: undefined };
		expect(issuedCourseText(titleOnly, 'da').title).toBe(english().translated.da!.course!.title);
		expect(issuedCourseText({ ...issued(), courseId: 'retired-course' }, 'nb').lang).toBe('en');
	});
});
