import { describe, expect, it } from 'vitest';
import { SECTION_IDS } from '$lib/referral-sections';
import { templateCountry } from '$lib/server/content/referral-templates';
import { toExercise } from '$lib/server/content/exercise-schema';
import { exerciseIn } from '$lib/server/course-language';
import {
	coursesIn,
	courseTitleIn,
	findCourse,
	findExercise,
	findExerciseById,
	getCatalog,
	issuedCourseText,
	listCourses,
	listExercises,
	referralTemplate
} from './courses';

/** These read the real course files, as the server bundles them. */
describe('the exercises of module 4', () => {
	it('lists three exercises in number order: a clear case, a vague worry, and do not tell first', () => {
		expect(
			listExercises('notification-of-concern').map((e) => [e.order, e.difficulty, e.template])
		).toEqual([
			[1, 'clear', 'learner'],
			[2, 'vague', 'learner'],
			[3, 'do-not-tell-first', 'DK']
		]);
		expect(listExercises('no-such-course')).toEqual([]);
	});

	it('finds an exercise by course and slug, and by its stored id', () => {
		const found = findExercise('notification-of-concern', 'freja-marks-on-her-arm');
		expect(found?.exercise).toMatchObject({
			id: 'noc-ex-freja-do-not-tell-first',
			parentsToldFirst: 'must-not',
			lesson: 'telling-the-parents'
		});
		expect(found?.course.slug).toBe('notification-of-concern');
		expect(findExerciseById('noc-ex-freja-do-not-tell-first')?.exercise.slug).toBe(
			'freja-marks-on-her-arm'
		);
		expect(findExercise('notification-of-concern', 'nobody')).toBeNull();
		expect(findExercise('signs-of-distress', 'freja-marks-on-her-arm')).toBeNull();
		expect(findExerciseById('noc-ex-nobody')).toBeNull();
	});

	it('serves each exercise in nb and da with the same scenes, and a model answer in every section', () => {
		for (const stub of listExercises('notification-of-concern')) {
			const { course, exercise } = findExercise('notification-of-concern', stub.slug)!;
			for (const locale of ['nb', 'da'] as const) {
				const translated = exerciseIn(course, exercise, locale);
				expect(translated.fallback).toBe(false);
				expect(translated.exercise.title).not.toBe(exercise.title);
				expect(translated.exercise.case.timeline.map((s) => s.id)).toEqual(
					exercise.case.timeline.map((s) => s.id)
				);
				for (const section of SECTION_IDS) {
					expect(translated.exercise.modelAnswer[section]).not.toBe(exercise.modelAnswer[section]);
				}
			}
		}
	});

	it('keeps the exercises off the course as pages see it, and file paths off an exercise', () => {
		expect(findCourse('notification-of-concern')).not.toHaveProperty('exercises');
		const { exercise } = findExercise('notification-of-concern', 'aksel-quieter-every-week')!;
		const forPage = toExercise(exercise);
		expect(forPage).not.toHaveProperty('path');
		expect(forPage.case.timeline[0]).toMatchObject({ id: 'after-summer', date: '2026-09-01' });
	});
});

describe('referralTemplate', () => {
	it("gives a country's form with a label for every section, in the reader's language", () => {
		const { template, fallback } = referralTemplate('DK', 'da');
		expect(fallback).toBe(false);
		expect(template.name).toBe('Underretning til kommunen');
		expect(template.headings.parentsInformed.label).toBe(
			'Er forældrene orienteret om underretningen?'
		);
		expect(template.extraFields.map((f) => f.id)).toEqual(['interpreter']);
		expect(referralTemplate('NO', 'nb').template.name).toBe('Bekymringsmelding til barnevernet');
		expect(referralTemplate('SE', 'en').template.extraFields).toEqual([]);
	});

	it('gives English for an interface language the forms are not written in', () => {
		expect(referralTemplate('FI', 'sv').template.headings.reporter.label).toBe(
			referralTemplate('FI', 'en').template.headings.reporter.label
		);
	});

	it("follows the learner's country for a `learner` exercise, and the fixed one otherwise", () => {
		const clear = findExercise('notification-of-concern', 'ida-sores-that-do-not-heal')!.exercise;
		const fixed = findExercise('notification-of-concern', 'freja-marks-on-her-arm')!.exercise;
		expect(referralTemplate(templateCountry(clear.template, 'SE'), 'en').template.country).toBe(
			'SE'
		);
		expect(referralTemplate(templateCountry(clear.template, 'other'), 'nb').template.name).toBe(
			'Bekymringsmelding til barnevernstjenesten'
		);
		expect(referralTemplate(templateCountry(fixed.template, 'NO'), 'nb').template.country).toBe(
			'DK'
		);
	});
});

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
