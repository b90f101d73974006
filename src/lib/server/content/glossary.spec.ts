import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCatalog, formatProblem, GLOSSARY_PATH } from './catalog';
import { avoidedTermsIn, checkTermIds, glossary, termIdsIn, type Glossary } from './glossary';
import { translationStatus } from './translation-status';
import { FOLDER, completeCourse, filesOf } from '$lib/server/__fixtures__/complete-course';

const terms: Glossary = glossary.parse({
	terms: [
		{
			id: 'notification-of-concern',
			en: { term: 'notification of concern', definition: 'A message.' },
			nb: { term: 'bekymringsmelding', definition: 'En melding.', avoid: ['underretning'] },
			da: { term: 'underretning', definition: 'En besked.', avoid: ['anmeldelse'] }
		}
	]
});

describe('the glossary', () => {
	it('courses/glossary.yaml is valid and has the key terms', () => {
		const data = glossary.parse(parse(readFileSync('courses/glossary.yaml', 'utf8')));
		const ids = data.terms.map((t) => t.id);
		expect(ids).toContain('notification-of-concern');
		expect(data.terms.find((t) => t.id === 'notification-of-concern')?.da.term).toBe(
			'underretning'
		);
	});

	it('rejects a term without a wording in every language, and ids used twice', () => {
		const result = glossary.safeParse({
			terms: [
				{ id: 'a', en: { term: 'a', definition: 'd' }, nb: { term: 'a', definition: 'd' } },
				{ ...terms.terms[0], id: 'a' }
			]
		});
		expect(result.success).toBe(false);
	});

	it('reads the terms a lesson marks, each once', () => {
		const body = 'A <Term id="a">x</Term> and <Term id="b">y</Term> and <Term id="a">x</Term>.';
		expect(termIdsIn(body)).toEqual(['a', 'b']);
	});

	it('fails an unknown term id and a <Term> without id', () => {
		const messages: string[] = [];
		checkTermIds('<Term id="nope">x</Term> <Term>y</Term>', terms, (m) => messages.push(m));
		expect(messages).toEqual([
			'<Term id="nope"> is not a term in courses/glossary.yaml',
			'<Term> needs id="…", the id of a term in courses/glossary.yaml'
		]);
	});

	it('finds avoided wordings as whole words only, in the language of the text', () => {
		expect(avoidedTermsIn('Send en underretning.', terms, 'nb')).toEqual(['underretning']);
		expect(avoidedTermsIn('Send en underretning.', terms, 'da')).toEqual([]);
		expect(avoidedTermsIn('En politianmeldelse.', terms, 'da')).toEqual([]);
		expect(avoidedTermsIn('En Anmeldelse.', terms, 'da')).toEqual(['anmeldelse']);
	});

	it('the check fails unknown term ids in lessons and warns, naming file and term, on avoided ones', () => {
		const course = completeCourse();
		course.lessons['01-lesson-1.md'] += '\n\nA <Term id="made-up">word</Term>.\n';
		const files = filesOf(course);
		files[GLOSSARY_PATH] = readFileSync('courses/glossary.yaml', 'utf8');
		files[`/${FOLDER}/nb/02-lesson-2.md`] =
			`---\ntranslationOf: 000000000000\ntitle: T\nsummary: S\n---\n\nSkriv en bekymringsskrivelse.\n`;
		const { catalog, problems } = buildCatalog(files, []);
		expect(problems.map(formatProblem)).toContain(
			`${FOLDER}/01-lesson-1.md: (body): <Term id="made-up"> is not a term in courses/glossary.yaml`
		);
		expect(translationStatus(files, catalog).warnings.map(formatProblem)).toEqual([
			`${FOLDER}/nb/02-lesson-2.md: (text): uses "bekymringsskrivelse", which courses/glossary.yaml says to avoid in Norwegian Bokmål`
		]);
	});
});
