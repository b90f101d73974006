/**
 * Rules about a course's writing exercises beyond the shape of their files: a case long enough to
 * sort relevant from irrelevant scenes, a model answer for every section, a checklist worth
 * ticking, a lesson that exists and a list of the people in the case.
 */
import { SECTION_IDS } from '../../referral-sections';
import type { Problem } from './catalog';
import type { CourseUnderCheck } from './content-rules';
import { parseNumberedName } from './schema';

export const SCENES_MIN = 6;
export const SCENES_MAX = 12;
/** The learner has to leave something out: a birthday, new boots… */
export const IRRELEVANT_SCENES_MIN = 2;
export const CHECKLIST_MIN = 5;

/** 6–12 scenes in date order, with unique ids and at least two that do not belong in the report. */
export function checkExerciseTimeline({ exercises }: CourseUnderCheck): Problem[] {
	const problems: Problem[] = [];
	for (const { file, exercise } of exercises) {
		const timeline = exercise.case.timeline;
		const report = (field: string, message: string) => problems.push({ file, field, message });
		if (timeline.length < SCENES_MIN || timeline.length > SCENES_MAX) {
			report(
				'case.timeline',
				`has ${timeline.length} scene(s); a case has ${SCENES_MIN}–${SCENES_MAX}`
			);
		}
		const irrelevant = timeline.filter((scene) => !scene.relevant).length;
		if (irrelevant < IRRELEVANT_SCENES_MIN) {
			report(
				'case.timeline',
				`has ${irrelevant} scene(s) with relevant: false; at least ${IRRELEVANT_SCENES_MIN} are needed, so that the learner chooses what goes in the report`
			);
		}
		const seen = new Set<string>();
		timeline.forEach((scene, index) => {
			if (seen.has(scene.id)) {
				report(`case.timeline.${index}.id`, `"${scene.id}" is used by another scene`);
			}
			seen.add(scene.id);
			const previous = timeline[index - 1];
			if (previous && scene.date < previous.date) {
				report(
					`case.timeline.${index}.date`,
					`${scene.date} is before the scene above it (${previous.date}): keep the scenes in date order`
				);
			}
		});
	}
	return problems;
}

/** The model answer fills every section: it is what the learner compares their report with. */
export function checkModelAnswer({ exercises }: CourseUnderCheck): Problem[] {
	return exercises.flatMap(({ file, exercise }) =>
		SECTION_IDS.filter((section) => !exercise.modelAnswer[section].trim()).map((section) => ({
			file,
			field: `modelAnswer.${section}`,
			message: 'is empty: the model answer fills every section of the report'
		}))
	);
}

/** At least five self-assessment items, each with its own id. */
export function checkExerciseChecklist({ exercises }: CourseUnderCheck): Problem[] {
	const problems: Problem[] = [];
	for (const { file, exercise } of exercises) {
		if (exercise.checklist.length < CHECKLIST_MIN) {
			problems.push({
				file,
				field: 'checklist',
				message: `has ${exercise.checklist.length} item(s); a checklist has at least ${CHECKLIST_MIN}`
			});
		}
		const seen = new Set<string>();
		exercise.checklist.forEach((item, index) => {
			if (seen.has(item.id)) {
				problems.push({
					file,
					field: `checklist.${index}.id`,
					message: `"${item.id}" is used by another item`
				});
			}
			seen.add(item.id);
		});
	}
	return problems;
}

/** A course that requires an approved exercise has one to write. */
export function checkRequiredExercise({ folder, course, exercises }: CourseUnderCheck): Problem[] {
	return course.requiresApprovedExercise && exercises.length === 0
		? [
				{
					file: `${folder}/course.md`,
					field: 'requiresApprovedExercise',
					message: 'the course has no exercises/ to approve; add one or leave this out'
				}
			]
		: [];
}

/** `lesson` names a lesson of the same course, by its slug: the exercise links to it. */
export function checkExerciseLesson({ exercises, lessons }: CourseUnderCheck): Problem[] {
	const slugs = lessons.flatMap(({ file }) => {
		const name = parseNumberedName(file.slice(file.lastIndexOf('/') + 1));
		return name ? [name.slug] : [];
	});
	return exercises
		.filter(({ exercise }) => !slugs.includes(exercise.lesson))
		.map(({ file, exercise }) => ({
			file,
			field: 'lesson',
			message: `"${exercise.lesson}" is not a lesson of this course; use the slug of one of: ${slugs.join(', ')}`
		}));
}

/**
 * `people` lists everyone named in the case, the child first of all: a name outside the list in
 * a learner's text looks like a real person to the personal-data guard.
 */
export function checkExercisePeople({ exercises }: CourseUnderCheck): Problem[] {
	const problems: Problem[] = [];
	for (const { file, exercise } of exercises) {
		const { child, people } = exercise.case;
		if (!people.includes(child.name)) {
			problems.push({
				file,
				field: 'case.people',
				message: `must include the child, "${child.name}"`
			});
		}
		const seen = new Set<string>();
		people.forEach((name, index) => {
			if (seen.has(name)) {
				problems.push({
					file,
					field: `case.people.${index}`,
					message: `"${name}" is listed twice`
				});
			}
			seen.add(name);
		});
		const text = [
			exercise.case.setting,
			...exercise.case.timeline.map((scene) => scene.scene),
			...Object.values(exercise.modelAnswer)
		].join('\n');
		for (const name of people) {
			if (!new RegExp(`(^|[^\\p{L}])${escapeRegExp(name)}(?![\\p{L}])`, 'u').test(text)) {
				problems.push({
					file,
					field: 'case.people',
					message: `"${name}" is not named in the setting, the scenes or the model answer; list only the people of the case`
				});
			}
		}
	}
	return problems;
}

function escapeRegExp(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
