#!/usr/bin/env node
/**
 * `npm run bench:feedback`: how long the referral feedback (src/lib/referral-feedback.ts) takes on
 * a realistic 1,500-word draft with all eight sections, in en, nb and da, in this Node process
 * (the server's case: "Check my draft" without JavaScript). Reports the first call, which also
 * compiles the language's word list into patterns, then the median, p95 and maximum of
 * BENCH_FEEDBACK_RUNS (500) calls after 50 warm-up calls. The target is a median under 20 ms.
 * Runs from the sources through tsx: no build needed. Nothing here is an assertion.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { reviewReferral } from '../../src/lib/referral-feedback.ts';
import {
	FEEDBACK_LANGUAGES,
	readAllFeedbackWords
} from '../../src/lib/server/content/referral-words.ts';

const RUNS = Number(process.env.BENCH_FEEDBACK_RUNS ?? 500);
const WARM_UP = 50;
const TARGET_WORDS = 1500;

/**
 * A learner's draft in each language: the scenes of a dated log (with a few sentences the rules
 * flag, as a first draft has), repeated over the days of March until the draft has about
 * TARGET_WORDS words.
 */
const DRAFTS = {
	en: {
		scene: (day) =>
			`On ${day} March at 8:${String(10 + (day % 40)).padStart(2, '0')}, Ali arrived in the same wet nappy he wore when he went home the day before. He ate three portions of lunch and asked for more. His mother said: "He sleeps badly." Ali often cries at drop-off and seems sad.`,
		fixed: {
			reporter:
				"Eva Lund, kindergarten teacher in the toddler group at Solbakken kindergarten. I have been Ali's key adult since August, five days a week.",
			child: 'Ali Hansen, born 2 May 2024. He lives with his mother and his older sister.',
			childsWords:
				'On 7 March at 9:15, while I changed his nappy, Ali said: "Daddy angry." Nobody else was in the room. Later he told me he was hungry.',
			actionsTaken:
				'On 12 March the leader and I met the mother. We described what we had seen. We told the mother about the report.',
			strengths: 'Ali loves singing. He seeks out the cook, Per, and greets him every morning.',
			assessment:
				"I am worried that Ali's basic needs are not being met at home, based on the observations above. On 3 March he was hungry. He should be placed in foster care.",
			parentsInformed: 'The parents have not been told about this report.'
		}
	},
	nb: {
		scene: (day) =>
			`${day}. mars kl. 8.${String(10 + (day % 40)).padStart(2, '0')} kom Ali med den samme våte bleien som han hadde på da han dro hjem dagen før. Han spiste tre porsjoner lunsj og ba om mer. Moren sa: «Han sover dårlig.» Ali gråter ofte ved levering og virker lei seg.`,
		fixed: {
			reporter:
				'Eva Lund, pedagog på småbarnsavdelingen i Solbakken barnehage. Jeg har vært primærkontakten til Ali siden august, fem dager i uka.',
			child: 'Ali Hansen, født 2. mai 2024. Han bor med moren og storesøsteren sin.',
			childsWords:
				'7. mars kl. 9.15, mens jeg skiftet bleien hans, sa Ali: «Pappa sint.» Ingen andre var i rommet. Senere fortalte han at han var sulten.',
			actionsTaken:
				'12. mars møtte lederen og jeg moren. Vi beskrev det vi hadde sett. Vi fortalte moren om meldingen.',
			strengths: 'Ali elsker å synge. Han søker seg til kokken, Per, og hilser på ham hver morgen.',
			assessment:
				'Jeg er bekymret for at Alis grunnleggende behov ikke blir dekket hjemme, ut fra observasjonene ovenfor. 3. mars var han sulten. Han bør plasseres i fosterhjem.',
			parentsInformed: 'Foreldrene er ikke informert om denne meldingen.'
		}
	},
	da: {
		scene: (day) =>
			`Den ${day}. marts kl. 8.${String(10 + (day % 40)).padStart(2, '0')} kom Ali i den samme våde ble, som han havde på, da han gik hjem dagen før. Han spiste tre portioner frokost og bad om mere. Hans mor sagde: "Han sover dårligt." Ali græder tit ved aflevering og virker ked af det.`,
		fixed: {
			reporter:
				'Eva Lund, pædagog i vuggestuegruppen i Solbakken Børnehus. Jeg har været Alis primære voksen siden august, fem dage om ugen.',
			child: 'Ali Hansen, født den 2. maj 2024. Han bor med sin mor og sin storesøster.',
			childsWords:
				'Den 7. marts kl. 9.15, mens jeg skiftede hans ble, sagde Ali: "Far vred." Der var ingen andre i rummet. Senere fortalte han, at han var sulten.',
			actionsTaken:
				'Den 12. marts mødte lederen og jeg moren. Vi beskrev, hvad vi havde set. Vi fortalte moren om underretningen.',
			strengths:
				'Ali elsker at synge. Han søger hen til kokken, Per, og hilser på ham hver morgen.',
			assessment:
				'Jeg er bekymret for, at Alis basale behov ikke bliver dækket derhjemme, ud fra iagttagelserne ovenfor. Den 3. marts var han sulten. Han bør anbringes i en plejefamilie.',
			parentsInformed: 'Forældrene er ikke orienteret om denne underretning.'
		}
	}
};

const wordCount = (text) => text.split(/\s+/).filter(Boolean).length;

/** The fixed sections, and observations of one scene a day until the draft has TARGET_WORDS. */
function draftOf(language) {
	const { scene, fixed } = DRAFTS[language];
	const lines = [];
	let words = Object.values(fixed).reduce((sum, text) => sum + wordCount(text), 0);
	for (let day = 1; words < TARGET_WORDS; day = (day % 31) + 1) {
		const line = scene(day);
		lines.push(line);
		words += wordCount(line);
	}
	return { text: { ...fixed, observations: lines.join('\n') }, words };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (value) => `${value.toFixed(2)} ms`;

const sources = Object.fromEntries(
	FEEDBACK_LANGUAGES.map((language) => [
		language,
		readFileSync(`courses/referral-feedback/${language}.yaml`, 'utf8')
	])
);
const { words, problems } = readAllFeedbackWords(sources);
if (problems.length > 0) {
	console.error('The word lists are invalid; run npm run courses:check');
	process.exit(1);
}

console.log(
	`Referral feedback on a draft of about ${TARGET_WORDS} words, ${RUNS} runs per language`
);
for (const language of FEEDBACK_LANGUAGES) {
	const { text, words: draftWords } = draftOf(language);
	const kase = { parentsToldFirst: 'must-not' };
	let started = performance.now();
	const flags = reviewReferral(text, words[language], kase);
	const first = performance.now() - started;
	for (let i = 0; i < WARM_UP; i++) reviewReferral(text, words[language], kase);
	const times = [];
	for (let i = 0; i < RUNS; i++) {
		started = performance.now();
		reviewReferral(text, words[language], kase);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	console.log(
		`  ${language}: ${draftWords} words, ${flags.length} flags; first call ${ms(first)}, ` +
			`median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(times.at(-1))}`
	);
}
