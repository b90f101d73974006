/**
 * The shape of a writing exercise, `courses/<course>/exercises/<nn>-<slug>.yaml`: a fictional
 * case told as dated scenes, the country template the report follows, a model answer section by
 * section and a checklist for self-assessment (see courses/README.md). What the content rules
 * demand beyond the shape (how many scenes, a full model answer…) is in exercise-rules.ts.
 * Imports stay relative so that the check runs outside Vite.
 */
import { z } from 'zod';
import { SECTION_IDS, type Exercise, type SectionId } from '../../referral-sections';
import { COUNTRIES } from './schema';

const id = z
	.string({ error: 'is required' })
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lowercase letters, digits and dashes' });
const text = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });

/** `2026-10-05`, or with the time of day, `2026-10-05 09:30`. */
const SCENE_DATE = /^(\d{4})-(\d{2})-(\d{2})(?: ([01]\d|2[0-3]):[0-5]\d)?$/;

function isCalendarDate(value: string): boolean {
	const match = SCENE_DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const sceneDate = z
	.string({ error: "is required: 'YYYY-MM-DD', or 'YYYY-MM-DD HH:MM' with the time" })
	.refine(isCalendarDate, {
		error: "must be a real date, 'YYYY-MM-DD', or a date and time, 'YYYY-MM-DD HH:MM'"
	});

/**
 * One text per section, as a learner would type it: plain text, line breaks kept. The schema
 * lets a section be left out so that the content rule (`checkModelAnswer`) can name each empty one.
 */
const sectionTexts = z.strictObject(
	Object.fromEntries(
		SECTION_IDS.map((section) => [
			section,
			z.string({ error: 'must be text' }).trim().optional().default('')
		])
	) as Record<SectionId, z.ZodDefault<z.ZodOptional<z.ZodString>>>
);

export const TEMPLATE_CHOICES = [...COUNTRIES, 'learner'] as const;

export const exerciseFile = z.strictObject({
	/** Stored with drafts and submissions: never change it. */
	id,
	title: text,
	summary: text,
	difficulty: z.enum(['clear', 'vague', 'do-not-tell-first'], {
		error: 'must be clear, vague or do-not-tell-first'
	}),
	/** The slug of the lesson of this course the exercise practises. */
	lesson: id,
	template: z.enum(TEMPLATE_CHOICES, {
		error: `must be one of ${TEMPLATE_CHOICES.join(', ')}`
	}),
	parentsToldFirst: z.enum(['allowed', 'must-not'], { error: 'must be allowed or must-not' }),
	case: z.strictObject({
		child: z.strictObject({ name: text, age: text }),
		setting: text,
		people: z.array(text, { error: 'must be a list of names' }).min(1, {
			error: 'must name at least the child'
		}),
		timeline: z
			.array(
				z.strictObject({
					/** Translations key a scene's text by this id. */
					id,
					date: sceneDate,
					scene: text,
					relevant: z.boolean({ error: 'must be true or false' })
				}),
				{ error: 'must be a list of scenes' }
			)
			.min(1, { error: 'needs scenes' })
	}),
	modelAnswer: sectionTexts,
	checklist: z
		.array(z.strictObject({ id, text }), { error: 'must be a list of { id, text }' })
		.min(1, { error: 'needs items' })
});

export type ExerciseFile = z.output<typeof exerciseFile>;

/**
 * An exercise as the catalog holds it: the `Exercise` of src/lib/referral-sections.ts, with the
 * ids of its scenes and where its file is.
 */
export type ExerciseEntry = ExerciseFile & {
	slug: string;
	order: number;
	/** From the project root, e.g. `/courses/04-x/exercises/01-y.yaml`. */
	path: string;
};

/**
 * What a page gets: the shared `Exercise` shape (scene ids stay, for keys), without the file path.
 * Its type also checks that an entry keeps the shape of src/lib/referral-sections.ts.
 */
export function toExercise(entry: ExerciseEntry): Exercise {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { path, ...exercise } = entry;
	return exercise;
}
