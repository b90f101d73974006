/**
 * Rules that keep a quiz bank fair: every question tests a course objective that every country's
 * learner can reach, every country has enough questions for an attempt, and the options give
 * nothing away to a test-wise guesser (length, catch-all options, details only the key has).
 */
import type { Problem } from './catalog';
import { bankFile, courseFile, type CourseUnderCheck } from './content-rules';
import { COUNTRIES, selectionOf, type Question, type QuizBank } from './schema';

export const BANK_MIN = 20;
/** At most this share of single-choice questions may have the longest option as the key. */
export const LONGEST_KEY_MAX_SHARE = 0.4;
/** At least this share of a bank are `type: case`: judgement, not recall. */
export const CASE_MIN_SHARE = 0.4;

/**
 * Options that let a learner answer by the form of the list rather than its content. Matched on
 * the option text in lower case, with spaces collapsed, as whole words.
 */
export const CATCH_ALL_OPTIONS = [
	'all of the above',
	'all the above',
	'none of the above',
	'both of the above',
	'all of these',
	'none of these',
	'alle ovenfor',
	'alle de ovenfor',
	'ingen av de ovenfor',
	'alle ovenstående',
	'ingen af ovenstående',
	'ingen av ovenstående',
	'alla ovanstående',
	'inget av ovanstående',
	'inget av ovan'
];

/** Features a key must not have alone: each one tells a guesser which option is right. */
const GIVE_AWAY_FEATURES = [
	{ name: 'a number or date', pattern: /\p{N}/u },
	{ name: 'a quotation', pattern: /["“”„«»]/ }
];

const questionField = (q: Question, index: number, name: string) =>
	`questions.${index}(${q.id}).${name}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Whether a learner picks exactly one of several worded options (not true/false). */
export function isSingleChoice(q: Question): boolean {
	return q.type !== 'true-false' && selectionOf(q) === 'single';
}

/** Whether learners in `country` get the question; `null` stands for anywhere else. */
export function isDrawnFor(q: Question, country: string | null): boolean {
	return !q.countries || (country !== null && (q.countries as string[]).includes(country));
}

/** The questions whose key is strictly longer (in characters) than every other option. */
export function longestKeyQuestions(bank: QuizBank): Question[] {
	return bank.questions.filter(isSingleChoice).filter((q) => {
		const length = (text: string) => [...text.trim()].length;
		const key = q.options.find((o) => o.correct);
		if (!key) return false;
		return q.options.every((o) => o === key || length(o.text) < length(key.text));
	});
}

/** The share of single-choice questions whose key is the longest option; 0 if there are none. */
export function longestKeyShare(bank: QuizBank): number {
	const singles = bank.questions.filter(isSingleChoice).length;
	return singles === 0 ? 0 : longestKeyQuestions(bank).length / singles;
}

export function caseShare(bank: QuizBank): number {
	return bank.questions.filter((q) => q.type === 'case').length / bank.questions.length;
}

/**
 * Every question names an objective of course.md; every objective can be drawn for every
 * country's learner; and an attempt has room for one question per objective.
 */
export function checkObjectives(under: CourseUnderCheck): Problem[] {
	const { course, bank } = under;
	const problems: Problem[] = [];
	const objectives = course.objectives.length;
	if (objectives > course.questionsPerAttempt) {
		problems.push({
			file: courseFile(under),
			field: 'objectives',
			message: `has ${objectives} objectives but questionsPerAttempt is ${course.questionsPerAttempt}; an attempt draws one question per objective, so have at most ${course.questionsPerAttempt}`
		});
	}
	if (!bank) return problems;
	bank.questions.forEach((q, index) => {
		if (q.objective === undefined) {
			problems.push({
				file: bankFile(under),
				field: questionField(q, index, 'objective'),
				message: `is required: the number of the objective in course.md that the question tests (1–${objectives})`
			});
		} else if (q.objective > objectives) {
			problems.push({
				file: bankFile(under),
				field: questionField(q, index, 'objective'),
				message: `is ${q.objective} but course.md has only ${objectives} objective(s)`
			});
		}
	});
	// A bank without any objectives yet gets one message per question above, not one per objective.
	if (bank.questions.every((q) => q.objective === undefined)) return problems;
	for (let objective = 1; objective <= objectives; objective += 1) {
		const testing = bank.questions.filter((q) => q.objective === objective);
		const unreached = COUNTRIES.filter((c) => !testing.some((q) => isDrawnFor(q, c)));
		if (unreached.length > 0) {
			problems.push({
				file: bankFile(under),
				field: `(objective ${objective})`,
				message:
					testing.length === 0
						? `no question tests objective ${objective} of course.md`
						: `no question on objective ${objective} is drawn for learners in ${unreached.join(', ')}; add an untagged question or one tagged for them`
			});
		}
	}
	return problems;
}

/**
 * Each of the five countries' learners get the untagged questions plus those tagged for their
 * country; learners elsewhere get only the untagged ones. Each group needs a full attempt.
 */
export function checkCountryCounts(under: CourseUnderCheck): Problem[] {
	const { course, bank } = under;
	if (!bank) return [];
	const needed = course.questionsPerAttempt;
	const problems: Problem[] = [];
	for (const country of COUNTRIES) {
		const drawn = bank.questions.filter((q) => isDrawnFor(q, country)).length;
		if (drawn < needed) {
			problems.push({
				file: bankFile(under),
				field: `(country ${country})`,
				message: `learners in ${country} can get only ${drawn} questions (untagged or tagged ${country}), but questionsPerAttempt is ${needed}`
			});
		}
	}
	const untagged = bank.questions.filter((q) => isDrawnFor(q, null)).length;
	if (untagged < needed) {
		problems.push({
			file: bankFile(under),
			field: '(untagged)',
			message: `only ${untagged} questions have no countries, but learners from other countries get only those and questionsPerAttempt is ${needed}`
		});
	}
	return problems;
}

export function checkBankSize(under: CourseUnderCheck): Problem[] {
	const { bank } = under;
	if (!bank || bank.questions.length >= BANK_MIN) return [];
	return [
		{
			file: bankFile(under),
			field: 'questions',
			message: `has ${bank.questions.length} questions; a bank needs at least ${BANK_MIN}`
		}
	];
}

/** A test-wise learner picks the longest option; it may be the key in at most 40% of questions. */
export function checkLengthCue(under: CourseUnderCheck): Problem[] {
	const { bank } = under;
	if (!bank) return [];
	const singles = bank.questions.filter(isSingleChoice).length;
	const longest = longestKeyQuestions(bank);
	const share = longestKeyShare(bank);
	if (share <= LONGEST_KEY_MAX_SHARE) return [];
	return [
		{
			file: bankFile(under),
			field: 'questions',
			message: `the correct option is the longest in ${longest.length} of ${singles} single-choice questions (${percent(share)}); at most ${percent(LONGEST_KEY_MAX_SHARE)} may be, so lengthen a distractor or shorten the key in some of: ${longest.map((q) => q.id).join(', ')}`
		}
	];
}

/** No catch-all options, and no feature (a number, a quotation) that only the key has. */
export function checkOptionCues(under: CourseUnderCheck): Problem[] {
	const { bank } = under;
	if (!bank) return [];
	const problems: Problem[] = [];
	bank.questions.forEach((q, index) => {
		q.options.forEach((option, optionIndex) => {
			const text = ` ${option.text.toLowerCase().replace(/\s+/g, ' ')} `;
			const phrase = CATCH_ALL_OPTIONS.find((p) =>
				new RegExp(`(?<![\\p{L}\\p{N}])${p}(?![\\p{L}\\p{N}])`, 'u').test(text)
			);
			if (phrase) {
				problems.push({
					file: bankFile(under),
					field: questionField(q, index, `options.${optionIndex}`),
					message: `"${option.text}" is a catch-all option ("${phrase}"); write a real alternative`
				});
			}
		});
		if (q.type === 'true-false') return;
		for (const feature of GIVE_AWAY_FEATURES) {
			const having = q.options.filter((o) => feature.pattern.test(o.text));
			if (having.length > 0 && having.every((o) => o.correct)) {
				problems.push({
					file: bankFile(under),
					field: questionField(q, index, 'options'),
					message: `only the correct option contains ${feature.name}, which gives it away; put one in other options too, or in none`
				});
			}
		}
	});
	return problems;
}

export function checkCaseShare(under: CourseUnderCheck): Problem[] {
	const { bank } = under;
	if (!bank) return [];
	const share = caseShare(bank);
	if (share >= CASE_MIN_SHARE) return [];
	const cases = bank.questions.filter((q) => q.type === 'case').length;
	return [
		{
			file: bankFile(under),
			field: 'questions',
			message: `${cases} of ${bank.questions.length} questions (${percent(share)}) are type: case; at least ${percent(CASE_MIN_SHARE)} must be cases about judgement`
		}
	];
}
