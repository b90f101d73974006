/**
 * `courses/glossary.yaml`: the key terms of the courses in every language, with a short
 * definition and the wordings a translation should avoid. Lessons mark a term with
 * `<Term id="…">text</Term>`; the lesson page ends with the definitions of the terms it marks.
 */
import { z } from 'zod';

const text = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });

const wording = z.strictObject({
	term: text,
	definition: text,
	/** Words a text in this language should not use for this idea; the check warns. */
	avoid: z.array(text, { error: 'must be a list' }).optional()
});

export const glossary = z.strictObject({
	terms: z
		.array(
			z.strictObject({
				id: z.string({ error: 'is required' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
					error: 'must be lowercase letters, digits and dashes'
				}),
				en: wording,
				nb: wording,
				da: wording
			}),
			{ error: 'must be a list' }
		)
		.superRefine((terms, context) => {
			const seen = new Set<string>();
			terms.forEach((term, index) => {
				if (seen.has(term.id))
					context.addIssue({
						code: 'custom',
						path: [index, 'id'],
						message: `"${term.id}" is used twice`
					});
				seen.add(term.id);
			});
		})
});

export type Glossary = z.output<typeof glossary>;
export type GlossaryTerm = Glossary['terms'][number];
export const EMPTY_GLOSSARY: Glossary = { terms: [] };

/** The ids of the terms a lesson body marks, in first-use order, each once. */
export function termIdsIn(body: string): string[] {
	return [...new Set([...body.matchAll(/<Term\b[^>]*?\sid="([^"]*)"/g)].map((match) => match[1]))];
}

/** Every `<Term>` has an id the glossary knows. */
export function checkTermIds(body: string, terms: Glossary, report: (message: string) => void) {
	const known = new Set(terms.terms.map((t) => t.id));
	for (const match of body.matchAll(/<Term\b([^>]*)>/g)) {
		const id = /\sid="([^"]*)"/.exec(match[1])?.[1];
		if (id === undefined) report('<Term> needs id="…", the id of a term in courses/glossary.yaml');
		else if (!known.has(id)) report(`<Term id="${id}"> is not a term in courses/glossary.yaml`);
	}
}

/** A whole word or phrase, in any case: "anmeldelse" is not found in "politianmeldelsen". */
function phrasePattern(phrase: string): RegExp {
	const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
	return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The avoided wordings of `language` that `text` uses. */
export function avoidedTermsIn(
	text: string,
	terms: Glossary,
	language: 'en' | 'nb' | 'da'
): string[] {
	const found = new Set<string>();
	for (const term of terms.terms) {
		for (const avoid of term[language].avoid ?? []) {
			if (phrasePattern(avoid).test(text)) found.add(avoid);
		}
	}
	return [...found];
}
