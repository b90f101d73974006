/**
 * `courses/referral-feedback/personal-data.yaml`: the word lists of the personal-data guard
 * (`src/lib/personal-data.ts`): given names and surnames per country, surname endings, street
 * words per language, and capitalised words that are never names. The top comment of the file
 * explains its format. Pure: the content check and the server both pass in the file's text.
 * Imports stay relative so that the check runs outside Vite.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { PersonalDataWords } from '../../personal-data';
import type { Problem } from './catalog';
import { describeIssues, listedOnce } from './schema';

export const PERSONAL_DATA_PATH = '/courses/referral-feedback/personal-data.yaml';

/** Sections of the name lists: the five Nordic countries, and names common among newcomers. */
export const NAME_SECTIONS = ['NO', 'DK', 'SE', 'FI', 'IS', 'other'] as const;
/** Languages of street names. */
export const STREET_LANGUAGES = ['nb', 'da', 'sv', 'fi', 'is', 'en'] as const;
/** Interface languages with words of their own that are never names; `all` applies to every one. */
export const NOT_NAME_LANGUAGES = ['en', 'nb', 'da'] as const;
export type NotNameLanguage = (typeof NOT_NAME_LANGUAGES)[number];

/** A list of words, each once. */
const wordList = (word: z.ZodString) => listedOnce(word);

const capitalisedWord = z
	.string({ error: 'must be a word' })
	.regex(/^\p{Lu}[\p{L}\p{M}'’-]*$/u, { error: 'must be one word with a capital first letter' });
const lowercaseWord = z
	.string({ error: 'must be a word' })
	.regex(/^[\p{Ll}\p{M}]+$/u, { error: 'must be one word in lowercase letters' });

const nameLists = z.strictObject(
	Object.fromEntries(
		NAME_SECTIONS.map((section) => [section, wordList(capitalisedWord)])
	) as Record<(typeof NAME_SECTIONS)[number], ReturnType<typeof wordList>>
);

export const personalDataFile = z
	.strictObject({
		givenNames: nameLists,
		surnames: nameLists,
		surnameEndings: wordList(lowercaseWord),
		streetSuffixes: z.strictObject(
			Object.fromEntries(
				STREET_LANGUAGES.map((language) => [language, wordList(lowercaseWord)])
			) as Record<(typeof STREET_LANGUAGES)[number], ReturnType<typeof wordList>>
		),
		notNames: z.strictObject(
			Object.fromEntries(
				['all', ...NOT_NAME_LANGUAGES].map((language) => [language, wordList(capitalisedWord)])
			) as Record<'all' | NotNameLanguage, ReturnType<typeof wordList>>
		)
	})
	.superRefine((file, context) => {
		// A word that is never a name in any language would hide a name in the lists for good.
		const names = new Map<string, string>();
		for (const list of ['givenNames', 'surnames'] as const) {
			for (const section of NAME_SECTIONS) {
				for (const name of file[list][section]) names.set(name.toLowerCase(), `${list}.${section}`);
			}
		}
		file.notNames.all.forEach((word, index) => {
			const list = names.get(word.toLowerCase());
			if (list)
				context.addIssue({
					code: 'custom',
					path: ['notNames', 'all', index],
					message: `"${word}" is also in ${list}: as a word of every language that is never a name, it would hide that name`
				});
		});
	});

export type PersonalDataFile = z.output<typeof personalDataFile>;

/**
 * Reads and validates the file's text (`undefined` when the file is missing). Problems name the
 * file and the field, as the rest of the content check does.
 */
export function readPersonalDataFile(source: string | undefined): {
	data: PersonalDataFile | null;
	problems: Problem[];
} {
	const file = PERSONAL_DATA_PATH.slice(1);
	if (source === undefined) {
		return { data: null, problems: [{ file, field: '(file)', message: 'is missing' }] };
	}
	let parsed: unknown;
	try {
		parsed = parseYaml(source);
	} catch (error) {
		const message = `is not valid YAML: ${(error as Error).message}`;
		return { data: null, problems: [{ file, field: '(file)', message }] };
	}
	const result = personalDataFile.safeParse(parsed ?? {});
	if (!result.success) {
		return {
			data: null,
			problems: describeIssues(result.error).map((issue) => ({ file, ...issue }))
		};
	}
	return { data: result.data, problems: [] };
}

/**
 * The guard's word lists for a learner writing in `language`: every country's names and every
 * language's street words (a learner in Norway may write about a family from Sweden), with the
 * words that are never names in every language plus those of `language`. Without a language,
 * the never-names of every language.
 */
export function personalDataWordsFrom(
	data: PersonalDataFile,
	language?: NotNameLanguage
): PersonalDataWords {
	const languages = language ? [language] : NOT_NAME_LANGUAGES;
	return {
		givenNames: NAME_SECTIONS.flatMap((section) => data.givenNames[section]),
		surnames: NAME_SECTIONS.flatMap((section) => data.surnames[section]),
		surnameEndings: data.surnameEndings,
		streetSuffixes: STREET_LANGUAGES.flatMap((street) => data.streetSuffixes[street]),
		notNames: [...data.notNames.all, ...languages.flatMap((l) => data.notNames[l])]
	};
}
