import { describe, expect, it } from 'vitest';
import { underCheck } from '$lib/server/__fixtures__/complete-course';
import { exerciseEntry, type ExerciseData } from '$lib/server/__fixtures__/exercise';
import {
	checkExerciseChecklist,
	checkExerciseLesson,
	checkExercisePeople,
	checkExerciseTimeline,
	checkModelAnswer,
	checkRequiredExercise
} from './exercise-rules';

const FILE = 'courses/01-first-aid/exercises/01-mia.yaml';

/** The complete course with one exercise, changed by `change`. */
function withExercise(change: (data: ExerciseData) => void = () => {}) {
	const course = underCheck();
	course.exercises = [{ file: FILE, exercise: exerciseEntry(change) }];
	return course;
}

const scene = (id: string, date: string, relevant: boolean) => ({
	id,
	date,
	scene: `Scene ${id}.`,
	relevant
});

describe('checkExerciseTimeline', () => {
	it('passes 6 scenes in date order, two of them not relevant', () => {
		expect(checkExerciseTimeline(withExercise())).toEqual([]);
	});

	it('passes 12 scenes', () => {
		const under = withExercise((e) => {
			for (let day = 10; day < 16; day += 1)
				e.case.timeline.push(scene(`more-${day}`, `2026-10-${day}`, true));
		});
		expect(checkExerciseTimeline(under)).toEqual([]);
	});

	it('fails fewer than 6 or more than 12 scenes', () => {
		const few = withExercise((e) => (e.case.timeline = e.case.timeline.slice(0, 5)));
		expect(checkExerciseTimeline(few)).toEqual([
			{ file: FILE, field: 'case.timeline', message: 'has 5 scene(s); a case has 6–12' }
		]);
		const many = withExercise((e) => {
			for (let day = 10; day < 17; day += 1)
				e.case.timeline.push(scene(`more-${day}`, `2026-10-${day}`, true));
		});
		expect(checkExerciseTimeline(many)).toEqual([
			{ file: FILE, field: 'case.timeline', message: 'has 13 scene(s); a case has 6–12' }
		]);
	});

	it('fails a case with fewer than two scenes that do not belong in the report', () => {
		const under = withExercise((e) => (e.case.timeline[0].relevant = true));
		expect(checkExerciseTimeline(under)).toEqual([
			{
				file: FILE,
				field: 'case.timeline',
				message:
					'has 1 scene(s) with relevant: false; at least 2 are needed, so that the learner chooses what goes in the report'
			}
		]);
	});

	it('fails a repeated scene id and a scene out of date order', () => {
		const under = withExercise((e) => {
			e.case.timeline[2].id = 'hungry';
			e.case.timeline[4].date = '2026-09-14';
		});
		expect(checkExerciseTimeline(under)).toEqual([
			{ file: FILE, field: 'case.timeline.2.id', message: '"hungry" is used by another scene' },
			{
				file: FILE,
				field: 'case.timeline.4.date',
				message:
					'2026-09-14 is before the scene above it (2026-09-15 09:35): keep the scenes in date order'
			}
		]);
	});
});

describe('checkModelAnswer', () => {
	it('passes a model answer with text in every section', () => {
		expect(checkModelAnswer(withExercise())).toEqual([]);
	});

	it('names each empty or missing section', () => {
		const under = withExercise((e) => {
			e.modelAnswer.strengths = '   ';
			delete e.modelAnswer.parentsInformed;
		});
		expect(checkModelAnswer(under)).toEqual([
			{
				file: FILE,
				field: 'modelAnswer.strengths',
				message: 'is empty: the model answer fills every section of the report'
			},
			{
				file: FILE,
				field: 'modelAnswer.parentsInformed',
				message: 'is empty: the model answer fills every section of the report'
			}
		]);
	});
});

describe('checkExerciseChecklist', () => {
	it('passes five items with their own ids', () => {
		expect(checkExerciseChecklist(withExercise())).toEqual([]);
	});

	it('fails four items, and an id used twice', () => {
		const short = withExercise((e) => (e.checklist = e.checklist.slice(0, 4)));
		expect(checkExerciseChecklist(short)).toEqual([
			{ file: FILE, field: 'checklist', message: 'has 4 item(s); a checklist has at least 5' }
		]);
		const twice = withExercise((e) => (e.checklist[3].id = 'dated'));
		expect(checkExerciseChecklist(twice)).toEqual([
			{ file: FILE, field: 'checklist.3.id', message: '"dated" is used by another item' }
		]);
	});
});

describe('checkExerciseLesson', () => {
	it('passes the slug of a lesson of the same course', () => {
		expect(checkExerciseLesson(withExercise((e) => (e.lesson = 'lesson-3')))).toEqual([]);
	});

	it('fails a lesson id or a slug from elsewhere', () => {
		expect(checkExerciseLesson(withExercise((e) => (e.lesson = 'fa-lesson-1')))).toEqual([
			{
				file: FILE,
				field: 'lesson',
				message:
					'"fa-lesson-1" is not a lesson of this course; use the slug of one of: lesson-1, lesson-2, lesson-3, lesson-4, lesson-5'
			}
		]);
	});
});

describe('checkExercisePeople', () => {
	it('passes a list with the child and everyone else named in the case', () => {
		expect(checkExercisePeople(withExercise())).toEqual([]);
	});

	it("fails a list without the child's name", () => {
		const under = withExercise((e) => (e.case.people = ['Ola', 'Tor']));
		expect(checkExercisePeople(under)).toEqual([
			{ file: FILE, field: 'case.people', message: 'must include the child, "Mia"' }
		]);
	});

	it('fails a name listed twice, and a name the case never uses', () => {
		const under = withExercise((e) => (e.case.people = ['Mia', 'Ola', 'Tor', 'Ola', 'Olav']));
		expect(checkExercisePeople(under)).toEqual([
			{ file: FILE, field: 'case.people.3', message: '"Ola" is listed twice' },
			{
				file: FILE,
				field: 'case.people',
				message:
					'"Olav" is not named in the setting, the scenes or the model answer; list only the people of the case'
			}
		]);
	});
});

describe('checkRequiredExercise', () => {
	it('passes a course that requires an approved exercise and has one, or does not require it', () => {
		const course = withExercise();
		course.course = { ...course.course, requiresApprovedExercise: true };
		expect(checkRequiredExercise(course)).toEqual([]);
		expect(checkRequiredExercise(underCheck())).toEqual([]);
	});

	it('fails a course that requires an approved exercise but has none', () => {
		const course = underCheck();
		course.course = { ...course.course, requiresApprovedExercise: true };
		expect(checkRequiredExercise(course)).toEqual([
			{
				file: `${course.folder}/course.md`,
				field: 'requiresApprovedExercise',
				message: 'the course has no exercises/ to approve; add one or leave this out'
			}
		]);
	});
});
