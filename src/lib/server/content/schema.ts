/**
 * The shape of course content: course and lesson front matter and quiz banks. Used by the
 * content check (`npm run courses:check`), by the server when it loads the catalog, and in tests.
 * Imports stay relative so that the check runs outside Vite.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const id = z
	.string({ error: 'is required' })
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lowercase letters, digits and dashes' });
const text = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });
const minutes = z
	.number({ error: 'must be a number of minutes' })
	.int({ error: 'must be a whole number' })
	.positive({ error: 'must be more than 0' });

/**
 * The course's edition, e.g. `2026.1` or `3`: printed on certificates, so a holder can show
 * which version of the content they completed. Change it when the content changes in substance.
 */
const version = z
	.union([z.string().trim().min(1, { error: 'must not be empty' }), z.number()], {
		error: 'is required, e.g. 1 or 2026.1'
	})
	.transform(String);

/**
 * The countries whose law and services a course may describe passage by passage
 * (`<ForCountry code="NO">`), in the order they are listed to readers. `other` is a fallback
 * passage for readers outside the five.
 */
export const COUNTRIES = ['NO', 'DK', 'SE', 'FI', 'IS'] as const;
export type Country = (typeof COUNTRIES)[number];
export const country = z.enum(COUNTRIES, { error: `must be one of ${COUNTRIES.join(', ')}` });

export const courseFrontMatter = z.strictObject({
	id,
	title: text,
	version,
	summary: text,
	audience: text,
	estimatedMinutes: minutes,
	passMark: z
		.number({ error: 'must be a percentage' })
		.int({ error: 'must be a whole number' })
		.min(1, { error: 'must be at least 1' })
		.max(100, { error: 'must be at most 100' }),
	questionsPerAttempt: z
		.number({ error: 'is required' })
		.int()
		.positive({ error: 'must be more than 0' }),
	objectives: z
		.array(text, { error: 'must be a list' })
		.min(1, { error: 'needs at least one objective' }),
	/**
	 * A short content note for modules about abuse or violence: shown at the start of the course
	 * and of its first lesson, followed by the support services of the reader's country from
	 * `card.yaml` (`support`).
	 */
	contentNote: text.optional(),
	/**
	 * The languages this course promises besides English (folders `nb/`, `da/` beside the English
	 * files): the check fails when one of their files is missing or stale. Default: none.
	 */
	translations: z
		.array(z.enum(['nb', 'da'], { error: 'must be nb or da' }), {
			error: 'must be a list, e.g. [nb, da]'
		})
		.default([]),
	/**
	 * The course completes only once one of its writing exercises is approved ("Meets the
	 * standard") by an educator, besides every lesson and a passed quiz. The check requires the
	 * course to have exercises then.
	 */
	requiresApprovedExercise: z.boolean({ error: 'must be true or false' }).default(false),
	/** Certificates of this course expire this many months after completion; none: never. */
	certificate: z
		.strictObject({
			validMonths: z
				.number({ error: 'must be a number of months' })
				.int({ error: 'must be a whole number' })
				.min(1, { error: 'must be at least 1' })
				.max(600, { error: 'must be at most 600' })
				.optional()
		})
		.optional()
});

export const lessonFrontMatter = z.strictObject({
	id,
	title: text,
	summary: text,
	estimatedMinutes: minutes,
	sources: z
		.array(
			z.strictObject({
				title: text,
				url: z.url({ protocol: /^https?$/, error: 'must be a full http(s) address' })
			}),
			{
				error: 'must be a list of { title, url }'
			}
		)
		.min(1, { error: 'needs at least one source' })
});

const option = z.strictObject({
	id: z
		.string({ error: 'is required' })
		.regex(/^[a-z0-9-]+$/, { error: 'must be lowercase letters, digits and dashes' }),
	text,
	correct: z.boolean({ error: 'must be true or false' }).optional()
});

/**
 * The paragraphs of a plain text from YAML: a blank line ends a paragraph, and a single line
 * break is only where the author's editor wrapped the line, so it becomes a space.
 */
export function paragraphsOf(source: string): string[] {
	return source
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
		.filter((paragraph) => paragraph.length > 0);
}

const questionBase = {
	id,
	/** The id of the lesson of this course that teaches the point, linked from the feedback. */
	lesson: id,
	prompt: text,
	options: z
		.array(option, { error: 'must be a list' })
		.min(2, { error: 'needs at least two options' }),
	explanation: text,
	/**
	 * Which of the course's objectives the question tests: 1 is the first in `course.md`. The
	 * content check requires it (`checkObjectives` in quiz-rules.ts); the schema leaves it optional
	 * so that a bank still loads and each question without one is reported by name.
	 */
	objective: z
		.number({ error: 'must be the number of an objective in course.md, 1 for the first' })
		.int({ error: 'must be a whole number' })
		.min(1, { error: 'must be at least 1 (the first objective)' })
		.optional(),
	/** Only learners in these countries get the question; leave out for everyone. */
	countries: z
		.array(country, { error: 'must be a list of country codes, e.g. [NO]' })
		.min(1, { error: 'must name at least one country, or be left out' })
		.optional()
};

export const question = z.discriminatedUnion(
	'type',
	[
		z.strictObject({ ...questionBase, type: z.literal('single') }),
		z.strictObject({ ...questionBase, type: z.literal('multiple') }),
		z.strictObject({ ...questionBase, type: z.literal('true-false') }),
		z.strictObject({
			...questionBase,
			type: z.literal('case'),
			select: z.enum(['single', 'multiple']).default('single'),
			/** Shown as paragraphs: see `paragraphsOf`. */
			vignette: text.transform(paragraphsOf)
		})
	],
	{ error: 'type must be one of single, multiple, true-false, case' }
);

export const quizBank = z.strictObject({
	questions: z
		.array(question, { error: 'must be a list' })
		.min(1, { error: 'needs at least one question' })
});

const contact = z.strictObject({
	/** What the line is for; the check wants each of CARD_CONTACT_KINDS once per country. */
	kind: z.enum(
		[
			'talk-to',
			'routine',
			'health-service',
			'child-welfare',
			'after-hours',
			'anonymous-consultation',
			'police',
			'emergency'
		],
		{
			error:
				'must be one of talk-to, routine, health-service, child-welfare, after-hours, anonymous-consultation, police, emergency'
		}
	),
	label: text,
	detail: text,
	phone: text.optional(),
	url: z.url({ protocol: /^https?$/, error: 'must be a full http(s) address' }).optional()
});

const supportService = z.strictObject({
	name: text,
	detail: text,
	phone: text.optional(),
	url: z.url({ protocol: /^https?$/, error: 'must be a full http(s) address' }).optional()
});

const cardCountry = z.strictObject({
	/** What to do, in order: short plain sentences. */
	steps: z
		.array(text, { error: 'must be a list' })
		.min(3, { error: 'needs at least 3 steps' })
		.max(8, { error: 'has more than 8 steps: the card must fit on one page' }),
	contacts: z.array(contact, { error: 'must be a list' }).min(1, { error: 'must not be empty' }),
	/** Where staff get support for themselves; shown under the course's content note. */
	support: z.array(supportService, { error: 'must be a list' }).optional()
});

/** `card.yaml`: the one-page "What to do tomorrow morning" card of a course, per country. */
export const actionCard = z.strictObject({
	title: text,
	intro: text,
	countries: z.strictObject(
		{
			NO: cardCountry,
			DK: cardCountry,
			SE: cardCountry,
			FI: cardCountry,
			IS: cardCountry
		},
		{ error: 'must have NO, DK, SE, FI and IS' }
	),
	sources: z
		.array(
			z.strictObject({
				title: text,
				url: z.url({ protocol: /^https?$/, error: 'must be a full http(s) address' })
			}),
			{ error: 'must be a list of { title, url }' }
		)
		.min(1, { error: 'needs at least one source' })
});

export type ActionCard = z.output<typeof actionCard>;
export type CourseFrontMatter = z.output<typeof courseFrontMatter>;
export type LessonFrontMatter = z.output<typeof lessonFrontMatter>;
export type Question = z.output<typeof question>;
export type QuizBank = z.output<typeof quizBank>;

/** Whether learners pick one option or any number of them. */
export function selectionOf(q: Question): 'single' | 'multiple' {
	if (q.type === 'multiple') return 'multiple';
	if (q.type === 'case') return q.select;
	return 'single';
}

/** `01-signs-of-distress` → { number: 1, slug: 'signs-of-distress' }; null if not of that form. */
export function parseNumberedName(name: string): { number: number; slug: string } | null {
	const match = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md)?$/.exec(name);
	return match ? { number: Number(match[1]), slug: match[2] } : null;
}

export class FrontMatterError extends Error {}

/** Splits a Markdown file into its YAML front matter (parsed) and its body. */
export function splitFrontMatter(source: string): { data: unknown; body: string } {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
	if (!match) throw new FrontMatterError('has no front matter (a --- block at the top)');
	try {
		return { data: parseYaml(match[1]), body: source.slice(match[0].length) };
	} catch (error) {
		throw new FrontMatterError(`front matter is not valid YAML: ${(error as Error).message}`);
	}
}

/** `objectives.2: must not be empty` style messages, naming the field. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
	return error.issues.map((issue) => ({
		field: issue.path.length ? issue.path.join('.') : '(file)',
		message:
			issue.code === 'unrecognized_keys'
				? `unknown field(s) ${issue.keys.join(', ')}`
				: issue.message
	}));
}

/**
 * A list of words or phrases in which each appears once, in any case: for the word lists of the
 * feedback rules and of the personal-data guard. `least` entries at the least.
 */
export function listedOnce(entry: z.ZodString, least = 1) {
	return z
		.array(entry, { error: 'must be a list' })
		.min(least, {
			error: least === 1 ? 'must not be empty' : `needs at least ${least} entries`
		})
		.superRefine((list, context) => {
			const seen = new Set<string>();
			list.forEach((item, index) => {
				const key = item.toLowerCase();
				if (seen.has(key)) {
					context.addIssue({ code: 'custom', path: [index], message: `"${item}" is listed twice` });
				}
				seen.add(key);
			});
		});
}
