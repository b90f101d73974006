import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { anchorsIn, checkAnchors, compareAnchors } from './anchors';
import { buildCatalog } from './catalog';
import { textUnits } from './readability';

const LESSON = [
	'## Two kinds of sentence {#two-kinds-of-sentence}',
	'',
	'An observation says what you saw.',
	'',
	'<Note kind="info" id="leave-the-decisions">',
	'',
	'Leave the decisions to child welfare.',
	'',
	'</Note>',
	'',
	'## Words to watch {#words-to-watch}',
	'',
	'## A heading without an anchor',
	''
].join('\n');

function problems(check: (report: (field: string, message: string) => void) => void) {
	const found: { field: string; message: string }[] = [];
	check((field, message) => found.push({ field, message }));
	return found;
}

describe('anchorsIn', () => {
	it('finds heading anchors and note ids, in order, with their lines', () => {
		expect(anchorsIn(LESSON)).toEqual([
			{ id: 'two-kinds-of-sentence', line: 1, kind: 'heading' },
			{ id: 'leave-the-decisions', line: 5, kind: 'note' },
			{ id: 'words-to-watch', line: 11, kind: 'heading' }
		]);
	});

	it('leaves the anchor out of the running text that LIX and word counts are taken from', () => {
		expect(textUnits(LESSON)).toContain('Words to watch');
		expect(textUnits(LESSON).join(' ')).not.toContain('words-to-watch');
	});
});

describe('checkAnchors', () => {
	it('passes unique, well-formed anchors', () => {
		expect(problems((report) => checkAnchors(LESSON, report))).toEqual([]);
	});

	it('fails an anchor used twice in one lesson, naming the line', () => {
		const body = `${LESSON}\n## Words again {#words-to-watch}\n`;
		expect(problems((report) => checkAnchors(body, report))).toEqual([
			{
				field: '(body) line 15',
				message:
					'anchor "words-to-watch" is already used on line 11: anchors are unique in a lesson'
			}
		]);
	});

	it('fails a badly formed anchor, one the page uses itself, and one outside a heading', () => {
		const body = [
			'## Capitals {#Words To Watch}',
			'',
			'## Main {#main}',
			'',
			'A paragraph with {#stray} in it.'
		].join('\n');
		expect(problems((report) => checkAnchors(body, report))).toEqual([
			{
				field: '(body) line 1',
				message: 'anchor "Words To Watch" must be lowercase letters, digits and dashes'
			},
			{
				field: '(body) line 3',
				message:
					'anchor "main" is used by the lesson page itself; choose another (not main, lesson-done, terms-heading, sources-heading or term-…)'
			},
			{
				field: '(body) line 5',
				message: '"{#stray}" is not at the end of a heading; write it as "## Heading {#stray}"'
			}
		]);
	});
});

describe('compareAnchors', () => {
	it('passes a translation with the same ids in its own words', () => {
		const translated = LESSON.replace('Two kinds of sentence', 'To slags setninger').replace(
			'Words to watch',
			'Ord du bør passe på'
		);
		expect(problems((report) => compareAnchors(LESSON, translated, report))).toEqual([]);
	});

	it('fails a translation that dropped an anchor or translated its id', () => {
		const translated = LESSON.replace('{#words-to-watch}', '{#ord-du-bor-passe-pa}');
		expect(problems((report) => compareAnchors(LESSON, translated, report))).toEqual([
			{
				field: '(anchors)',
				message: "is missing {#words-to-watch}: keep the English lesson's anchor ids, untranslated"
			},
			{
				field: '(anchors)',
				message:
					'has {#ord-du-bor-passe-pa}, which the English lesson does not have: use the English ids'
			}
		]);
	});
});

describe('buildCatalog checks anchors', () => {
	const front = (extra: Record<string, unknown> = {}) => ({
		id: 'fa-seeing',
		title: 'Seeing',
		summary: 'About seeing.',
		estimatedMinutes: 5,
		sources: [{ title: 'A source', url: 'https://example.org/source' }],
		...extra
	});
	const files = (translatedBody: string) => {
		const english = `---\n${stringify(front())}---\n\n${LESSON}`;
		return {
			'/courses/01-first-aid/course.md': `---\n${stringify({
				id: 'first-aid',
				title: 'First aid',
				version: 1,
				summary: 'The basics.',
				audience: 'New staff',
				estimatedMinutes: 20,
				passMark: 80,
				questionsPerAttempt: 1,
				objectives: ['Know what to do']
			})}---\n\nAbout.\n`,
			'/courses/01-first-aid/01-seeing.md': english,
			'/courses/01-first-aid/quiz.yaml': stringify({
				questions: [
					{
						id: 'fa-q',
						type: 'true-false',
						lesson: 'fa-seeing',
						prompt: 'True?',
						explanation: 'Because.',
						options: [
							{ id: 'true', text: 'True', correct: true },
							{ id: 'false', text: 'False' }
						]
					}
				]
			}),
			'/courses/01-first-aid/nb/01-seeing.md': `---\n${stringify({
				translationOf: '000000000000',
				title: 'Å se',
				summary: 'Om å se.'
			})}---\n\n${translatedBody}`
		};
	};

	it('passes a lesson and a translation with the same anchors', () => {
		expect(buildCatalog(files(LESSON), []).problems).toEqual([]);
	});

	it('names the translated file when its anchors differ from the English lesson', () => {
		const body = LESSON.replace(' id="leave-the-decisions"', '');
		expect(buildCatalog(files(body), []).problems).toEqual([
			{
				file: 'courses/01-first-aid/nb/01-seeing.md',
				field: '(anchors)',
				message:
					"is missing {#leave-the-decisions}: keep the English lesson's anchor ids, untranslated"
			}
		]);
	});

	it('names the file and its line of a repeated anchor, counting the front matter', () => {
		const body = `${LESSON}\n## Again {#two-kinds-of-sentence}\n`;
		// Front matter: five lines (---, three fields, ---), then a blank line, then the body.
		expect(buildCatalog(files(body), []).problems).toEqual([
			{
				file: 'courses/01-first-aid/nb/01-seeing.md',
				field: '(body) line 21',
				message:
					'anchor "two-kinds-of-sentence" is already used on line 7: anchors are unique in a lesson'
			}
		]);
	});
});
