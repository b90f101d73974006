import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatProblem } from './catalog';
import {
	NAME_SECTIONS,
	PERSONAL_DATA_PATH,
	STREET_LANGUAGES,
	personalDataWordsFrom,
	readPersonalDataFile,
	type PersonalDataFile
} from './personal-data-words';

const realFile = () => readFileSync(`.${PERSONAL_DATA_PATH}`, 'utf8');

/** A small valid file, changed by each test. */
function smallFile(): PersonalDataFile {
	const names = (name: string) =>
		Object.fromEntries(
			NAME_SECTIONS.map((section) => [section, [name]])
		) as PersonalDataFile['givenNames'];
	return {
		givenNames: names('Kari'),
		surnames: names('Hansen'),
		surnameEndings: ['sen'],
		streetSuffixes: Object.fromEntries(
			STREET_LANGUAGES.map((language) => [language, ['gate']])
		) as PersonalDataFile['streetSuffixes'],
		notNames: { all: ['Oslo'], en: ['August'], nb: ['Mandag'], da: ['Mandag'] }
	};
}

const problemsOf = (file: unknown) =>
	readPersonalDataFile(stringify(file)).problems.map(formatProblem);

describe('courses/referral-feedback/personal-data.yaml', () => {
	it('is valid', () => {
		const { data, problems } = readPersonalDataFile(realFile());
		expect(problems.map(formatProblem)).toEqual([]);
		expect(data).not.toBeNull();
	});

	it('has a few hundred given names across the five countries and newcomers', () => {
		const { data } = readPersonalDataFile(realFile());
		const names = new Set(NAME_SECTIONS.flatMap((section) => data!.givenNames[section]));
		expect(names.size).toBeGreaterThanOrEqual(200);
		for (const section of NAME_SECTIONS)
			expect(data!.givenNames[section].length).toBeGreaterThan(10);
	});
});

describe('readPersonalDataFile', () => {
	it('reads a valid file', () => {
		expect(problemsOf(smallFile())).toEqual([]);
	});

	it('names the file when it is missing or not YAML', () => {
		expect(readPersonalDataFile(undefined).problems.map(formatProblem)).toEqual([
			'courses/referral-feedback/personal-data.yaml: (file): is missing'
		]);
		expect(readPersonalDataFile('givenNames: [').problems[0]).toMatchObject({
			file: 'courses/referral-feedback/personal-data.yaml',
			field: '(file)'
		});
	});

	it('names the field of a missing section, a lowercase name, a two-word entry and a repeat', () => {
		const file = smallFile() as Record<string, unknown> & PersonalDataFile;
		file.givenNames = { ...file.givenNames, NO: ['kari', 'Ola', 'Ola'] };
		file.streetSuffixes = { ...file.streetSuffixes, en: ['Oak street'] };
		delete (file.notNames as Partial<PersonalDataFile['notNames']>).da;
		const problems = problemsOf(file);
		expect(problems).toEqual(
			expect.arrayContaining([
				'courses/referral-feedback/personal-data.yaml: givenNames.NO.0: must be one word with a capital first letter',
				'courses/referral-feedback/personal-data.yaml: givenNames.NO.2: "Ola" is listed twice',
				'courses/referral-feedback/personal-data.yaml: streetSuffixes.en.0: must be one word in lowercase letters'
			])
		);
		expect(problems.some((p) => p.includes('notNames.da'))).toBe(true);
		expect(problemsOf({ ...smallFile(), streets: [] })).toEqual([
			'courses/referral-feedback/personal-data.yaml: (file): unknown field(s) streets'
		]);
	});

	it('refuses a name that is also a never-name of every language', () => {
		const file = smallFile();
		file.notNames.all = ['Oslo', 'Hansen'];
		expect(problemsOf(file)).toEqual([
			'courses/referral-feedback/personal-data.yaml: notNames.all.1: "Hansen" is also in surnames.other: as a word of every language that is never a name, it would hide that name'
		]);
	});
});

describe('personalDataWordsFrom', () => {
	it('gives every name and street word, and the never-names of one language or of all', () => {
		const file = smallFile();
		file.givenNames.SE = ['Kari', 'Sven'];
		const nb = personalDataWordsFrom(file, 'nb');
		expect(nb.givenNames).toContain('Sven');
		expect(nb.streetSuffixes).toHaveLength(STREET_LANGUAGES.length);
		expect(nb.notNames).toEqual(['Oslo', 'Mandag']);
		expect(personalDataWordsFrom(file, 'en').notNames).toEqual(['Oslo', 'August']);
		expect(personalDataWordsFrom(file).notNames).toEqual(['Oslo', 'August', 'Mandag', 'Mandag']);
	});
});
