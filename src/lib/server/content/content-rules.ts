/**
 * The rules a course must meet beyond the shape of its files: country coverage, a fair quiz,
 * plain language, cases with model answers, a complete action card and writing exercises that
 * can be practised. `buildCatalog` runs them
 * on every course whose `course.md` can be read, so the check, the server and the tests share
 * them. Each rule is a pure function in the module of its concept.
 */
import type { Problem } from './catalog';
import { checkActionCard } from './card-rules';
import {
	checkCountryPassages,
	checkLessonCount,
	checkLessonLengthAndLix,
	checkVignettes
} from './lesson-rules';
import {
	checkBankSize,
	checkCaseShare,
	checkCountryCounts,
	checkLengthCue,
	checkObjectives,
	checkOptionCues
} from './quiz-rules';
import {
	checkExerciseChecklist,
	checkExerciseLesson,
	checkExercisePeople,
	checkExerciseTimeline,
	checkRequiredExercise,
	checkModelAnswer
} from './exercise-rules';
import type { ExerciseEntry } from './exercise-schema';
import type { ActionCard, CourseFrontMatter, QuizBank } from './schema';

/** A course as the rules see it. Paths are from the project root, without a leading slash. */
export type CourseUnderCheck = {
	/** e.g. `courses/01-signs-of-distress` */
	folder: string;
	course: CourseFrontMatter;
	/** Lesson files whose front matter could be split off, in number order. */
	lessons: { file: string; body: string }[];
	/** Null when `quiz.yaml` is missing or invalid (reported on its own). */
	bank: QuizBank | null;
	/** Null when `card.yaml` is missing or invalid. */
	card: ActionCard | null;
	cardPresent: boolean;
	/** The writing exercises whose files are valid, in number order. */
	exercises: { file: string; exercise: ExerciseEntry }[];
};

export type ContentRule = (course: CourseUnderCheck) => Problem[];

export const CONTENT_RULES: readonly ContentRule[] = [
	checkCountryPassages,
	checkLessonCount,
	checkLessonLengthAndLix,
	checkVignettes,
	checkObjectives,
	checkCountryCounts,
	checkBankSize,
	checkLengthCue,
	checkOptionCues,
	checkCaseShare,
	checkActionCard,
	checkExerciseTimeline,
	checkModelAnswer,
	checkExerciseChecklist,
	checkExerciseLesson,
	checkExercisePeople,
	checkRequiredExercise
];

export const courseFile = (course: CourseUnderCheck) => `${course.folder}/course.md`;
export const bankFile = (course: CourseUnderCheck) => `${course.folder}/quiz.yaml`;
export const cardFile = (course: CourseUnderCheck) => `${course.folder}/card.yaml`;
