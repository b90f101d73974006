/**
 * The shape of a practice notification of concern, shared by the server (drafts, submissions,
 * reviews), the content check (exercise files and templates) and the browser (live feedback).
 * The eight sections are the same in every country; a country's template only words their
 * headings and may add fields (courses/referral-templates.yaml).
 */

/** The eight sections, in the order the form shows them. Ids are stored: never rename one. */
export const SECTION_IDS = [
	'reporter',
	'child',
	'observations',
	'childsWords',
	'actionsTaken',
	'strengths',
	'assessment',
	'parentsInformed'
] as const;

export type SectionId = (typeof SECTION_IDS)[number];

export function isSectionId(value: string): value is SectionId {
	return (SECTION_IDS as readonly string[]).includes(value);
}

/** What the learner has written: each section's text (and a template's extra fields by id). */
export type ReferralText = Record<SectionId, string> & { extra?: Record<string, string> };

/** The feedback rules. Ids are stable: word lists, explanations and tests refer to them. */
export const RULE_IDS = [
	'empty-section',
	'interpretive-word',
	'undated-observation',
	'child-words-missing',
	'child-words-unquoted',
	'assessment-in-observations',
	'observation-in-assessment',
	'proposed-measure',
	'vague-quantity',
	'parents-informed-missing',
	'parents-informed-conflict'
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/**
 * One piece of feedback: which rule, in which section, and the sentence it is about as a range of
 * characters in that section's text (start inclusive, end exclusive), so that the page can
 * highlight it in place. `match` is the word or phrase that set it off, when there is one.
 * A flag about a whole section (empty, missing statement) covers the whole text (0 to length).
 */
export type Flag = {
	rule: RuleId;
	section: SectionId;
	start: number;
	end: number;
	match?: string;
};

/**
 * What the rules need to know about the case: whether the parents may be told first
 * ('must-not' in a case of suspected violence, abuse or serious neglect).
 */
export type FeedbackCase = { parentsToldFirst: 'allowed' | 'must-not' };

/** A country whose template an exercise follows; 'learner' means the learner's own country. */
export type TemplateCountry = 'NO' | 'DK' | 'SE' | 'FI' | 'IS';

/**
 * A writing exercise as the catalog holds it (courses/<course>/exercises/<nn>-<slug>.yaml), with
 * its text in one language. `id` is stored with drafts and submissions: never change it.
 */
export type Exercise = {
	id: string;
	slug: string;
	/** Where it sits: 1, 2, 3… from the file number. */
	order: number;
	title: string;
	/** One or two sentences for the list of exercises. */
	summary: string;
	difficulty: 'clear' | 'vague' | 'do-not-tell-first';
	/** The slug of the lesson the exercise belongs to, in the same course. */
	lesson: string;
	template: TemplateCountry | 'learner';
	parentsToldFirst: FeedbackCase['parentsToldFirst'];
	case: {
		child: { name: string; age: string };
		setting: string;
		/** Everyone named in the case: names outside this list look like real people. */
		people: string[];
		/** 6–12 dated scenes, some relevant and some not. */
		timeline: { date: string; scene: string; relevant: boolean }[];
	};
	modelAnswer: Record<SectionId, string>;
	checklist: { id: string; text: string }[];
};

/** One country's form: the headings of the eight sections and any extra fields, in one language. */
export type ReferralTemplate = {
	country: TemplateCountry | 'other';
	/** What the form is called there, e.g. "Bekymringsmelding til barnevernet". */
	name: string;
	headings: Record<SectionId, { label: string; hint: string }>;
	extraFields: { id: string; label: string; hint: string }[];
};
