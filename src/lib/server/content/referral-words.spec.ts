import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RULE_IDS } from '$lib/referral-sections';
import { readFeedbackWordFiles } from './check';
import {
	FEEDBACK_LANGUAGES,
	feedbackWordsSchema,
	readAllFeedbackWords,
	readFeedbackWords
} from './referral-words';

const FILE = 'courses/referral-feedback/en.yaml';
const english = readFileSync(FILE, 'utf8');
const sources = Object.fromEntries(
	FEEDBACK_LANGUAGES.map((language) => [
		language,
		readFileSync(`courses/referral-feedback/${language}.yaml`, 'utf8')
	])
);

/** The English file with one change made to its data. */
function changed(edit: (data: ReturnType<typeof parse>) => void): string {
	const data = parse(english);
	edit(data);
	return stringify(data);
}

describe('the feedback word lists', () => {
	it('read without problems in every language, with every rule', () => {
		const { words, problems } = readAllFeedbackWords(sources);
		expect(problems).toEqual([]);
		for (const language of FEEDBACK_LANGUAGES) {
			expect(Object.keys(words[language]!.rules)).toEqual([...RULE_IDS]);
		}
	});

	it('names the file and the rule when a language leaves a rule out', () => {
		const source = changed((data) => delete data.rules['proposed-measure']);
		expect(readAllFeedbackWords({ ...sources, nb: source }).problems).toEqual([
			{
				file: 'courses/referral-feedback/nb.yaml',
				field: 'rules.proposed-measure',
				message: 'is required: every language defines every rule'
			}
		]);
	});

	it('fails when a language has no file', () => {
		const { da: _da, ...withoutDanish } = sources;
		void _da;
		expect(readAllFeedbackWords(withoutDanish).problems).toEqual([
			{
				file: 'courses/referral-feedback/da.yaml',
				field: '(file)',
				message: 'is missing: every language needs the words of every feedback rule'
			}
		]);
	});

	it('refuses a link to a paragraph that is not in the list of anchors', () => {
		const source = changed((data) => (data.rules['vague-quantity'].anchor = 'numbers'));
		expect(readFeedbackWords(source, FILE).problems).toEqual([
			{
				file: FILE,
				field: 'rules.vague-quantity.anchor',
				message: expect.stringMatching(/^lesson#anchor must be one of/)
			}
		]);
	});

	it('refuses a word listed twice, a misplaced *, an unknown field and a long explanation', () => {
		const data = parse(english);
		const interpretive = data.rules['interpretive-word'].words.push('Neglected') - 1;
		const vague = data.rules['vague-quantity'].words.push('* often') - 1;
		data.rules['empty-section'].hint = 'Write something.';
		data.rules['undated-observation'].explanation = 'One. Two. Three.';
		expect(readFeedbackWords(stringify(data), FILE).problems).toEqual([
			{ file: FILE, field: 'rules.empty-section', message: 'unknown field(s) hint' },
			{
				file: FILE,
				field: `rules.interpretive-word.words.${interpretive}`,
				message: '"Neglected" is listed twice'
			},
			{
				file: FILE,
				field: 'rules.undated-observation.explanation',
				message: 'must be one or two sentences'
			},
			{
				file: FILE,
				field: `rules.vague-quantity.words.${vague}`,
				message: expect.stringMatching(/^a \* goes at the end/)
			}
		]);
	});

	it('needs the month names', () => {
		const source = changed((data) => (data.dates.months = []));
		expect(readFeedbackWords(source, FILE).problems).toEqual([
			{ file: FILE, field: 'dates.months', message: 'must not be empty' }
		]);
	});

	it('reports a file that is not YAML', () => {
		expect(readFeedbackWords('rules: [', FILE).problems).toEqual([
			{ file: FILE, field: '(file)', message: expect.stringMatching(/^is not valid YAML/) }
		]);
	});

	it('gives the rules the type they take', () => {
		const words = feedbackWordsSchema.parse(parse(english));
		expect(words.rules['parents-informed-conflict'].lesson).toBe('telling-the-parents');
	});
});

describe('the content check', () => {
	it('reads the word list files of a project, leaving out a language without a file', () => {
		const root = mkdtempSync(join(tmpdir(), 'spire-words-'));
		try {
			mkdirSync(join(root, 'courses/referral-feedback'), { recursive: true });
			writeFileSync(join(root, 'courses/referral-feedback/en.yaml'), english);
			writeFileSync(join(root, 'courses/referral-feedback/nb.yaml'), sources.nb);
			const read = readFeedbackWordFiles(root);
			expect(Object.keys(read)).toEqual(['en', 'nb']);
			expect(readAllFeedbackWords(read).problems.map((p) => p.file)).toEqual([
				'courses/referral-feedback/da.yaml'
			]);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
