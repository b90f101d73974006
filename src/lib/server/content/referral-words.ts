/**
 * `courses/referral-feedback/<language>.yaml`: the words behind the feedback on a practice
 * notification of concern, one file per language (see the comment at the top of en.yaml and
 * src/lib/referral-feedback.ts). Pure, like the catalog: the content check, the server's loader
 * and the tests read the files through the same schema. Server-side only: the browser gets the
 * parsed list of one language from the page's data, never this schema.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { RuleId } from '../../referral-sections';
import { sentencesOf, type FeedbackWords } from '../../referral-feedback';
import { describeIssues, listedOnce } from './schema';
import type { Problem } from './catalog';

export const FEEDBACK_LANGUAGES = ['en', 'nb', 'da'] as const;
export type FeedbackLanguage = (typeof FEEDBACK_LANGUAGES)[number];

export const FEEDBACK_WORDS_FOLDER = 'courses/referral-feedback';

/**
 * The paragraphs of module 4 that feedback may link to, as `lesson#anchor`. The same ids exist in
 * en, nb and da; a link to anything else fails the check.
 */
export const FEEDBACK_LINKS = [
	'facts-apart-from-interpretation#two-kinds-of-sentence',
	'facts-apart-from-interpretation#before-and-after',
	'facts-apart-from-interpretation#words-to-watch',
	'facts-apart-from-interpretation#childs-own-words',
	'facts-apart-from-interpretation#where-your-assessment-goes',
	'what-a-good-report-contains#the-seven-parts',
	'what-a-good-report-contains#leave-the-decisions',
	'what-a-good-report-contains#check-before-you-send',
	'telling-the-parents#the-general-rule',
	'telling-the-parents#do-not-warn-them-first'
] as const;

const text = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });

/** A word or phrase as the rules match it (see the top of en.yaml). */
const phrase = text.refine(
	(value) => {
		const tokens = value.split(/\s+/);
		return (
			tokens[0] !== '*' &&
			tokens.at(-1) !== '*' &&
			tokens.every((token) => token === '*' || !token.slice(0, -1).includes('*'))
		);
	},
	{
		error:
			'a * goes at the end of a word ("inform*") or stands alone between two words ("told * parents")'
	}
);

/** A list of phrases, each once (in any case). */
const phrases = (least: number) => listedOnce(phrase, least);

const explanation = text.refine((value) => sentencesOf(value).length <= 2, {
	error: 'must be one or two sentences'
});

const ruleText = {
	explanation,
	lesson: z.string({ error: 'is required' }),
	anchor: z.string({ error: 'is required' })
};

function ruleObject<T extends z.ZodRawShape>(extra: T) {
	return z.strictObject(
		{ ...ruleText, ...extra },
		{
			error: (issue) =>
				issue.input === undefined
					? 'is required: every language defines every rule'
					: 'must be a mapping of explanation, lesson, anchor and the rule’s words'
		}
	);
}

const wordRule = { words: phrases(3), except: phrases(0).optional() };

const rules = z
	.strictObject({
		'empty-section': ruleObject({}),
		'interpretive-word': ruleObject(wordRule),
		'undated-observation': ruleObject({}),
		'child-words-missing': ruleObject({}),
		'child-words-unquoted': ruleObject({ speech: phrases(3), noSpeech: phrases(1) }),
		'assessment-in-observations': ruleObject(wordRule),
		'observation-in-assessment': ruleObject({ references: phrases(1) }),
		'proposed-measure': ruleObject(wordRule),
		'vague-quantity': ruleObject({ ...wordRule, numbers: phrases(3) }),
		'parents-informed-missing': ruleObject({ words: phrases(3), answers: phrases(0) }),
		'parents-informed-conflict': ruleObject({ words: phrases(3), reportWords: phrases(1) })
	} satisfies Record<RuleId, z.ZodType>)
	.superRefine((rules, context) => {
		for (const [id, rule] of Object.entries(rules)) {
			if (!(FEEDBACK_LINKS as readonly string[]).includes(`${rule.lesson}#${rule.anchor}`)) {
				context.addIssue({
					code: 'custom',
					path: [id, 'anchor'],
					message: `lesson#anchor must be one of ${FEEDBACK_LINKS.join(', ')}`
				});
			}
		}
	});

export const feedbackWordsSchema = z.strictObject({
	negations: phrases(1),
	dates: z.strictObject({
		months: phrases(1),
		monthsWithDay: phrases(0),
		weekdays: phrases(7),
		clockWords: phrases(1),
		timeSuffixes: phrases(0),
		durations: phrases(0),
		weekWords: phrases(0)
	}),
	rules
});

// The schema's output must be the type the rules take; this fails to compile if they drift apart.
type SchemaOutput = z.output<typeof feedbackWordsSchema>;
const schemaMatchesType: (words: SchemaOutput) => FeedbackWords = (words) => words;
void schemaMatchesType;

/** Reads one language's file; problems name the file and the field. */
export function readFeedbackWords(
	source: string,
	file: string
): { words: FeedbackWords | null; problems: Problem[] } {
	let data: unknown;
	try {
		data = parseYaml(source);
	} catch (error) {
		return {
			words: null,
			problems: [
				{ file, field: '(file)', message: `is not valid YAML: ${(error as Error).message}` }
			]
		};
	}
	const result = feedbackWordsSchema.safeParse(data ?? {});
	if (!result.success) {
		return {
			words: null,
			problems: describeIssues(result.error).map(({ field, message }) => ({ file, field, message }))
		};
	}
	return { words: result.data, problems: [] };
}

/**
 * Every language's file, read and checked: `sources` holds each file's text by language (missing
 * when the file does not exist). Every language must have a file, and every file every rule.
 */
export function readAllFeedbackWords(sources: Partial<Record<FeedbackLanguage, string>>): {
	words: Partial<Record<FeedbackLanguage, FeedbackWords>>;
	problems: Problem[];
} {
	const words: Partial<Record<FeedbackLanguage, FeedbackWords>> = {};
	const problems: Problem[] = [];
	for (const language of FEEDBACK_LANGUAGES) {
		const file = `${FEEDBACK_WORDS_FOLDER}/${language}.yaml`;
		const source = sources[language];
		if (source === undefined) {
			problems.push({
				file,
				field: '(file)',
				message: 'is missing: every language needs the words of every feedback rule'
			});
			continue;
		}
		const read = readFeedbackWords(source, file);
		problems.push(...read.problems);
		if (read.words) words[language] = read.words;
	}
	return { words, problems };
}
