/**
 * The word lists of the referral feedback, read from `courses/referral-feedback/` at build time
 * (Vite inlines the files into the server bundle, like the course catalog) and parsed and
 * validated once, on first use. A page hands `feedbackWords(locale)` to the browser, where the
 * same rules run as the learner types (`$lib/referral-feedback`).
 */
import type { FeedbackWords } from '$lib/referral-feedback';
import { formatProblem } from '$lib/server/content/catalog';
import {
	FEEDBACK_LANGUAGES,
	readAllFeedbackWords,
	type FeedbackLanguage
} from '$lib/server/content/referral-words';

const files = import.meta.glob('/courses/referral-feedback/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

let words: Record<FeedbackLanguage, FeedbackWords> | undefined;

export class InvalidFeedbackWordsError extends Error {}

/** The word list of one language; throws, naming file and field, if a file is invalid. */
export function feedbackWords(locale: FeedbackLanguage): FeedbackWords {
	if (!words) {
		const sources = Object.fromEntries(
			FEEDBACK_LANGUAGES.flatMap((language) => {
				const source = files[`/courses/referral-feedback/${language}.yaml`];
				return source === undefined ? [] : [[language, source]];
			})
		);
		const read = readAllFeedbackWords(sources);
		if (read.problems.length > 0) {
			throw new InvalidFeedbackWordsError(
				`Referral feedback words are invalid:\n${read.problems.map(formatProblem).join('\n')}`
			);
		}
		words = read.words as Record<FeedbackLanguage, FeedbackWords>;
	}
	return words[locale];
}
