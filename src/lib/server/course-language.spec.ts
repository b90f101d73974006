import { describe, expect, it } from 'vitest';
import { makeCourse } from '$lib/server/__fixtures__/learning';
import { attemptPaper } from '$lib/server/quizzes';
import { exerciseEntry, translatedExerciseData } from '$lib/server/__fixtures__/exercise';
import type { Exercise } from '$lib/referral-sections';
import {
	cardIn,
	contentLocale,
	courseText,
	exerciseIn,
	languageName,
	lessonText,
	quizBankIn,
	termsIn
} from './course-language';
import type { CourseEntry } from './content/catalog';
import { glossary } from './content/glossary';
import type { ActionCard } from './content/schema';

/** The test course with a Norwegian translation of its course.md, lesson "one" and quiz. */
function translatedCourse(): CourseEntry {
	const course = makeCourse();
	course.translated.nb = {
		course: {
			translationOf: '000000000000',
			title: 'Testkurs',
			summary: 'Et kurs for tester.',
			audience: 'Tester',
			objectives: ['Bestå testene'],
			path: '/courses/01-test-course/nb/course.md'
		},
		lessons: {
			one: {
				translationOf: '000000000000',
				title: 'Leksjon én',
				summary: 'En leksjon.',
				path: '/courses/01-test-course/nb/01-one.md',
				termIds: ['wondering']
			}
		},
		quiz: {
			translationOf: '000000000000',
			questions: Object.fromEntries(
				course.bank.questions.map((q) => [
					q.id,
					{
						prompt: `Spørsmål ${q.id}`,
						...(q.type === 'case' ? { vignette: 'Første avsnitt.\n\nAndre avsnitt.' } : {}),
						options: Object.fromEntries(q.options.map((o) => [o.id, `Svar ${o.id}`])),
						explanation: 'Forklaring.'
					}
				])
			)
		},
		card: null,
		exercises: {}
	};
	return course;
}

describe('course content in the reader language', () => {
	it('treats any locale without translations as English', () => {
		expect(contentLocale('nb')).toBe('nb');
		expect(contentLocale('da')).toBe('da');
		expect(contentLocale('en')).toBe('en');
		expect(contentLocale('sv')).toBe('en');
	});

	it('serves the translated course text and lesson module, and English with a fallback where missing', () => {
		const course = translatedCourse();
		expect(courseText(course, 'nb')).toMatchObject({
			title: 'Testkurs',
			path: '/courses/01-test-course/nb/course.md',
			fallback: false
		});
		expect(lessonText(course, course.lessons[0], 'nb')).toMatchObject({
			title: 'Leksjon én',
			path: '/courses/01-test-course/nb/01-one.md',
			sources: course.lessons[0].sources,
			termIds: ['wondering'],
			fallback: false
		});
		expect(lessonText(course, course.lessons[1], 'nb')).toMatchObject({
			title: 'Lesson two',
			path: '/courses/01-test-course/02-two.md',
			fallback: true
		});
		expect(courseText(course, 'da')).toMatchObject({ title: 'Test course', fallback: true });
		expect(courseText(course, 'en')).toMatchObject({ title: 'Test course', fallback: false });
	});

	it('merges the quiz text with the English bank; correctness still never reaches the paper', () => {
		const course = translatedCourse();
		const { bank, fallback } = quizBankIn(course, 'nb');
		expect(fallback).toBe(false);
		const attempt = {
			paper: course.bank.questions.map((q) => ({
				questionId: q.id,
				optionIds: q.options.map((o) => o.id)
			}))
		};
		const paper = attemptPaper({ bank }, attempt);
		expect(paper[0].prompt).toBe(`Spørsmål ${course.bank.questions[0].id}`);
		expect(paper[0].options[0].text).toBe(`Svar ${course.bank.questions[0].options[0].id}`);
		expect(JSON.stringify(paper)).not.toContain('correct');
		const caseQuestion = paper.find((q) => q.type === 'case');
		expect(caseQuestion?.vignette).toEqual(['Første avsnitt.', 'Andre avsnitt.']);
		// Which options are right is the English bank's.
		bank.questions.forEach((q, i) =>
			expect(q.options.map((o) => o.correct)).toEqual(
				course.bank.questions[i].options.map((o) => o.correct)
			)
		);
		expect(quizBankIn(course, 'da')).toEqual({ bank: course.bank, fallback: true });
	});

	it('serves the translated card, and the English one with a fallback where missing', () => {
		const course = translatedCourse();
		expect(cardIn(course, 'nb')).toEqual({ card: null, fallback: false }); // no card at all
		const english = { title: 'What to do tomorrow morning' } as ActionCard;
		const withCard = { ...course, card: english };
		expect(cardIn(withCard, 'nb')).toEqual({ card: english, fallback: true });
		withCard.translated.nb.card = {
			...english,
			title: 'Dette gjør du i morgen tidlig',
			translationOf: '000000000000'
		};
		expect(cardIn(withCard, 'nb')).toEqual({
			card: { title: 'Dette gjør du i morgen tidlig' },
			fallback: false
		});
	});

	it("serves an exercise's text in the reader's language, keeping the English ids, names and dates", () => {
		const english = exerciseEntry();
		const course = { ...translatedCourse(), exercises: [english] };
		const translation = translatedExerciseData();
		delete translation.case.timeline.birthday;
		delete translation.checklist.apart;
		course.translated.nb.exercises.mia = translation;

		const { exercise, fallback } = exerciseIn(course, english, 'nb');
		expect(fallback).toBe(false);
		const shared: Exercise = exercise;
		expect(shared).toMatchObject({
			id: 'fa-ex-mia',
			title: 'Mia, 3 år',
			summary: 'Sår som ikke gror.',
			difficulty: 'clear',
			template: 'learner',
			parentsToldFirst: 'allowed',
			lesson: 'lesson-1'
		});
		expect(exercise.case.child).toEqual({ name: 'Mia', age: '3 år' });
		expect(exercise.case.people).toEqual(['Mia', 'Ola', 'Tor']);
		expect(exercise.case.setting).toBe('En barnehage ved sjøen.');
		expect(exercise.case.timeline.map((s) => [s.id, s.date, s.relevant])).toEqual(
			english.case.timeline.map((s) => [s.id, s.date, s.relevant])
		);
		expect(exercise.case.timeline[0].scene).toBe('Scene boots på norsk.');
		// A scene or item the translation lacks stays English rather than disappearing.
		expect(exercise.case.timeline[4].scene).toBe('The group sings for Mia on her birthday.');
		expect(exercise.checklist.map((item) => item.text)).toEqual([
			'Har jeg sjekket dated?',
			'Har jeg sjekket quoted?',
			'Har jeg sjekket done?',
			'Har jeg sjekket strengths?',
			'Have I checked apart?'
		]);
		expect(exercise.modelAnswer.assessment).toBe('Dette står under assessment for Mia.');
	});

	it('serves the English exercise, with a fallback, where there is no translation', () => {
		const english = exerciseEntry();
		const course = { ...translatedCourse(), exercises: [english] };
		expect(exerciseIn(course, english, 'da')).toEqual({ exercise: english, fallback: true });
		expect(exerciseIn(course, english, 'en')).toEqual({ exercise: english, fallback: false });
	});

	it('lists the lesson terms in the reader language', () => {
		const terms = glossary.parse({
			terms: [
				{
					id: 'wondering',
					en: { term: 'wondering', definition: 'The first step.' },
					nb: { term: 'undring', definition: 'Første trinn.' },
					da: { term: 'undren', definition: 'Det første trin.' }
				}
			]
		});
		expect(termsIn(terms, ['wondering', 'unknown'], 'nb')).toEqual([
			{ id: 'wondering', term: 'undring', definition: 'Første trinn.' }
		]);
		expect(termsIn(terms, ['wondering'], 'da')[0].term).toBe('undren');
	});

	it('names the language for the notice in that language', () => {
		expect(languageName('nb')).toMatch(/^norsk bokmål$/i);
		expect(languageName('da')).toMatch(/^dansk$/i);
	});
});
