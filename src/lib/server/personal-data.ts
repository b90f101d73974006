/**
 * The personal-data guard's word lists, read from `courses/referral-feedback/personal-data.yaml`
 * at build time (Vite inlines the file into the server bundle) and validated once, on first use.
 * The page gets the lists for the learner's language and runs `findPersonalData` from
 * `$lib/personal-data` as the learner writes; the server runs it again before a save or a
 * submission.
 */
import type { PersonalDataWords } from '$lib/personal-data';
import { formatProblem } from '$lib/server/content/catalog';
import {
	personalDataWordsFrom,
	readPersonalDataFile,
	type NotNameLanguage,
	type PersonalDataFile
} from '$lib/server/content/personal-data-words';

const files = import.meta.glob('/courses/referral-feedback/personal-data.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

let data: PersonalDataFile | undefined;
/** One object per language: the guard keeps its prepared lists per object. */
const wordsByLanguage = new Map<NotNameLanguage | 'any', PersonalDataWords>();

/**
 * The word lists for text written in `language` (the learner's interface language), or for any
 * language. Throws, naming file and field, if the file is invalid; `npm run courses:check`
 * reports the same before a build.
 */
export function personalDataWords(language?: NotNameLanguage): PersonalDataWords {
	if (!data) {
		const { data: read, problems } = readPersonalDataFile(Object.values(files)[0]);
		if (!read) {
			throw new Error(
				`The personal-data word lists are invalid:\n${problems.map(formatProblem).join('\n')}`
			);
		}
		data = read;
	}
	const key = language ?? 'any';
	let words = wordsByLanguage.get(key);
	if (!words) {
		words = personalDataWordsFrom(data, language);
		wordsByLanguage.set(key, words);
	}
	return words;
}
