/**
 * Instant feedback on a practice notification of concern: pure rules that run on the server (when
 * the learner presses "Check my draft" without JavaScript) and in the browser (as they type), with
 * the same result. The words behind the rules come from `courses/referral-feedback/<language>.yaml`,
 * read on the server and handed to the page, so this module holds no language of its own.
 *
 * What the rules look at (each flag points at one sentence, or at a whole section):
 * - `empty-section`: a section with nothing but whitespace. The child's-words and parents-informed
 *   sections have a rule of their own for that (`child-words-missing`, `parents-informed-missing`),
 *   which fires instead, so an empty section never gets two flags.
 * - `interpretive-word`: a listed word in the observations or the child's words ("neglected",
 *   "seems", "I think").
 * - `undated-observation`: an observation with no date or time. A line (a paragraph or a list item)
 *   is one scene: once a sentence in it has a date or time, the sentences after it in that line
 *   count as dated ("On 3 March … She then said …"), and a line without a date gets one flag, on
 *   its first undated sentence. A line ending in ":" is a lead-in, never flagged; so is a short
 *   line without a full stop that holds a date ("Monday 3 March"). A dated lead-in dates the lines
 *   under it up to the next blank line or lead-in. A sentence that already has an interpretive-word
 *   or assessment flag is not flagged for its date: it needs rewriting or moving first.
 * - `child-words-unquoted`: the child's-words section has no quotation mark at all, yet reports
 *   speech ("said", "asked"); each such sentence is flagged. Not when the section says the child
 *   does not talk yet: then behaviour is described, as the lesson asks.
 * - `assessment-in-observations`: assessment language among the observations ("I am worried").
 * - `observation-in-assessment`: a sentence of the assessment with a day or time, unless it
 *   refers back to the observations ("the observations above") or dates the worry ("since 3 March").
 * - `proposed-measure`: a measure proposed anywhere ("should be placed", "needs therapy").
 * - `vague-quantity`: "often", "a lot"… in an observation with no number in the sentence.
 * - `parents-informed-missing`: the parents-informed section says nothing about telling the
 *   parents, either way (no word of its list; a bare "Yes"/"No" at the start counts as saying).
 * - `parents-informed-conflict`: in a case where the parents must not be told first, a sentence
 *   of the parents-informed section saying they were told (of anything: the section is about the
 *   report), or one of the actions-taken section saying they were told about the report.
 *
 * How words are matched: case-insensitively, as whole words (æ ø å are letters like any other);
 * "word*" matches the rest of a word, and a "*" on its own at most one word between two others.
 * Words inside quotation marks (the child's or a parent's own words) are never matched.
 * A phrase is negated when a negation ("not", "ikke", "ej"…) stands among the three words before
 * it, inside it, or right after it: "We have not told the parents", "Vi fortalte ikke foreldrene".
 * Limits, on purpose, because a wrong flag annoys more than a missing one: negation further away,
 * or in another sentence, is not seen; tense and mood are not parsed, so the phrase lists hold
 * past-tense statements ("were told"), not plans ("will be told"); a month or weekday counts as a
 * date; any digit counts as a number.
 */
import {
	SECTION_IDS,
	type FeedbackCase,
	type Flag,
	type ReferralText,
	type RuleId,
	type SectionId
} from './referral-sections';

/** What the learner reads with a flag, and the paragraph of module 4 that teaches the point. */
export type RuleText = {
	/** One or two plain sentences saying why. */
	explanation: string;
	/** The slug of a lesson of module 4, e.g. `facts-apart-from-interpretation`. */
	lesson: string;
	/** The id of the paragraph in that lesson, e.g. `words-to-watch`. */
	anchor: string;
};

/** Words or phrases to find, and wordings that cancel a find inside them ("spoke clearly"). */
export type WordRule = RuleText & { words: string[]; except?: string[] };

/** The parsed word list of one language (`courses/referral-feedback/<language>.yaml`). */
export type FeedbackWords = {
	/** Words that turn a statement around: "not", "never", "ikke", "ej". */
	negations: string[];
	/** What makes a sentence dated. */
	dates: {
		/** Month names that count alone ("in March") and next to a day ("3 March", "3. mars"). */
		months: string[];
		/** Names and abbreviations that count only next to a day: "3 May", "3 Oct". */
		monthsWithDay: string[];
		weekdays: string[];
		/** Words before an hour: "at 8", "kl. 8". */
		clockWords: string[];
		/** Words after an hour: "8 am", "8-tiden". */
		timeSuffixes: string[];
		/** Words after "at <number>" that make it an age or amount, not a time: "at 2 years". */
		durations: string[];
		/** Words before a week number: "week 12", "uke 12". */
		weekWords: string[];
	};
	rules: {
		'empty-section': RuleText;
		'interpretive-word': WordRule;
		'undated-observation': RuleText;
		'child-words-missing': RuleText;
		'child-words-unquoted': RuleText & {
			/** Verbs that report speech: "said", "asked". */
			speech: string[];
			/** Wordings that say the child does not talk yet. */
			noSpeech: string[];
		};
		'assessment-in-observations': WordRule;
		'observation-in-assessment': RuleText & {
			/** Wordings that refer back to the observations: "above". */
			references: string[];
		};
		'proposed-measure': WordRule;
		'vague-quantity': WordRule & {
			/** Number words: "two", "twice". Digits always count. */
			numbers: string[];
		};
		'parents-informed-missing': RuleText & {
			/** Any of these says something about telling the parents: "inform*", "told". */
			words: string[];
			/** Words that answer the question when they open the section: "Yes", "No". */
			answers: string[];
		};
		'parents-informed-conflict': RuleText & {
			/** Statements that the parents were told: "told * parents", "parents were told". */
			words: string[];
			/** In the actions-taken section, the sentence must also name the report: "report". */
			reportWords: string[];
		};
	};
};

/** A range of characters in a section's text: start inclusive, end exclusive. */
export type TextRange = { start: number; end: number };

type Line = TextRange & { blank: boolean; sentences: TextRange[] };

/**
 * A lower-case letter or digit of the Latin script (æ ø å, þ ð, the Sámi č đ ŋ š ŧ ž and the
 * rest of Latin Extended), which is where the words of the lists start and end. Deliberately not
 * `\\p{L}`: V8 takes most of a millisecond to compile each use of a Unicode property class, and
 * the patterns hold hundreds, which a learner would feel as a pause on the first check.
 */
const LETTER_OR_DIGIT =
	'[0-9a-z\\u00aa\\u00b5\\u00ba\\u00df-\\u00f6\\u00f8-\\u024f\\u1e00-\\u1eff]';
const WORD = `${LETTER_OR_DIGIT}+(?:['’\\-]${LETTER_OR_DIGIT}+)*`;
/** A word of any script, for counting and for negations. */
const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Abbreviations whose full stop does not end a sentence: "kl. 8", "ca. 10", "fx. Ola". */
const ABBREVIATIONS = new Set([
	'kl',
	'ca',
	'nr',
	'fx',
	'bl.a',
	'f.eks',
	'e.g',
	'i.e',
	'dvs',
	'osv',
	'mv',
	'jf',
	'evt',
	'pga',
	'vs',
	'd',
	'ds'
]);

const LIST_MARKER = /^(?:[-*•–·]\s+|\d{1,2}\)\s+|\d{1,2}\.\s+(?=\p{Lu}))/u;
const CLOSING_AFTER_END = /[)"'”’»«›‹\]]/u;

/** The lines of `text` and the sentences on each, list markers and outer whitespace left out. */
function linesOf(text: string): Line[] {
	const lines: Line[] = [];
	const breaks = /\r\n|\r|\n/g;
	let lineStart = 0;
	for (;;) {
		const found = breaks.exec(text);
		const lineEnd = found ? found.index : text.length;
		const sentences: TextRange[] = [];
		let start = lineStart;
		while (start < lineEnd && /\s/u.test(text[start])) start++;
		const marker = LIST_MARKER.exec(text.slice(start, lineEnd));
		if (marker) start += marker[0].length;
		splitSentences(text, start, lineEnd, (range) => sentences.push(range));
		lines.push({ start: lineStart, end: lineEnd, blank: sentences.length === 0, sentences });
		if (!found) break;
		lineStart = found.index + found[0].length;
	}
	return lines;
}

/** Splits one line at ". ", "! ", "? " (after closing quotes) where a new sentence starts. */
function splitSentences(
	text: string,
	from: number,
	to: number,
	add: (range: TextRange) => void
): void {
	let start = from;
	const push = (end: number) => {
		let s = start;
		let e = end;
		while (s < e && /\s/u.test(text[s])) s++;
		while (e > s && /\s/u.test(text[e - 1])) e--;
		if (e > s && /[\p{L}\p{N}]/u.test(text.slice(s, e))) add({ start: s, end: e });
	};
	for (let i = from; i < to; i++) {
		const char = text[i];
		if (char !== '.' && char !== '!' && char !== '?' && char !== '…') continue;
		let end = i + 1;
		while (end < to && (text[end] === '.' || text[end] === '!' || text[end] === '?')) end++;
		while (end < to && CLOSING_AFTER_END.test(text[end])) end++;
		if (end >= to) break;
		if (!/\s/u.test(text[end])) continue;
		let next = end;
		while (next < to && /\s/u.test(text[next])) next++;
		if (next >= to) break;
		if (!startsSentence(text, i, next, char)) continue;
		push(end);
		start = next;
		i = next - 1;
	}
	push(to);
}

/** Whether the text at `next` starts a new sentence after the mark at `mark`. */
function startsSentence(text: string, mark: number, next: number, char: string): boolean {
	const following = text[next];
	// "«Hvor er mamma?» spurte hun": a lower-case word goes on with the same sentence.
	if (/\p{Ll}/u.test(following)) return false;
	if (char !== '.') return true;
	const before = /([\p{L}\p{N}.]+)$/u.exec(text.slice(Math.max(0, mark - 12), mark))?.[1] ?? '';
	if (ABBREVIATIONS.has(before.toLowerCase())) return false;
	if (!/\p{N}/u.test(following)) return true;
	// "… lunch. 7 March he …" starts a sentence; "3. 4. og 5. mars" and "kl. 8" do not.
	return /\p{L}{2,}$/u.test(before);
}

/**
 * The sentences of a section's text, as ranges to highlight. A line (paragraph or list item) is
 * never joined to the next; list markers ("- ", "1. ") and the whitespace around are left out.
 */
export function sentencesOf(text: string): TextRange[] {
	return linesOf(text).flatMap((line) => line.sentences);
}

const QUOTE_PAIRS: Record<string, string> = {
	'"': '"“”',
	'“': '”“"',
	'”': '”',
	'„': '“”"',
	'«': '»',
	'»': '«»',
	'‹': '›',
	'›': '‹›',
	"'": "'’",
	'‘': "’'",
	'’': '’'
};
const SINGLE_QUOTES = "'‘’";
const OPENS_AFTER = /[\s([{:—–\-/]/u;

/**
 * The quoted passages of `text`, quotation marks included, line by line. A single quote counts
 * only where it cannot be an apostrophe ("don't", "the kids' toys"); a double quote that is
 * never closed runs to the end of its line.
 */
export function quotedRanges(text: string): TextRange[] {
	const ranges: TextRange[] = [];
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		const closers = QUOTE_PAIRS[char];
		const opens =
			closers !== undefined &&
			(i === 0 || OPENS_AFTER.test(text[i - 1])) &&
			i + 1 < text.length &&
			!/\s/u.test(text[i + 1]);
		if (!opens) {
			i++;
			continue;
		}
		const single = SINGLE_QUOTES.includes(char);
		let close = -1;
		for (let j = i + 1; j < text.length; j++) {
			const c = text[j];
			if (c === '\n' || c === '\r') break;
			if (!closers.includes(c) || /\s/u.test(text[j - 1])) continue;
			const after = text[j + 1];
			if (single && after !== undefined && /[\p{L}\p{N}]/u.test(after)) continue;
			close = j;
			break;
		}
		if (close === -1 && single) {
			i++;
			continue;
		}
		let end = close + 1;
		if (close === -1) {
			end = i;
			while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
		}
		ranges.push({ start: i, end });
		i = end;
	}
	return ranges;
}

/** `text` with its quoted passages blanked out, so that indices stay the same. */
function withoutQuotes(text: string, quotes: TextRange[]): string {
	if (quotes.length === 0) return text;
	let result = '';
	let at = 0;
	for (const { start, end } of quotes) {
		result += text.slice(at, start) + ' '.repeat(end - start);
		at = end;
	}
	return result + text.slice(at);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One word or phrase of a list as a regular expression source (see the top of this file). */
export function phraseSource(phrase: string): string {
	const tokens = phrase.toLowerCase().replace(/’/g, "'").trim().split(/\s+/);
	let source = '';
	tokens.forEach((token, index) => {
		if (token === '*') {
			source += `(?:${WORD}\\s+)?`;
			return;
		}
		const wildcard = token.length > 1 && token.endsWith('*');
		const body = wildcard ? token.slice(0, -1) : token;
		source += escapeRegExp(body).replace(/'/g, "['’]");
		if (wildcard) source += `${LETTER_OR_DIGIT}*`;
		if (index < tokens.length - 1) source += '\\s+';
	});
	return source;
}

/**
 * Every phrase of the list as one pattern, longest first, found only as whole words. The text is
 * put in lower case once (`lowerCase`) rather than matched with the `i` flag, which makes V8
 * compile every letter class for both cases.
 */
function listPattern(phrases: readonly string[], flags = 'gu'): RegExp | null {
	if (phrases.length === 0) return null;
	const sources = [...new Set(phrases)]
		.sort((a, b) => b.length - a.length)
		.map((phrase) => phraseSource(phrase));
	return new RegExp(`(?<!${LETTER_OR_DIGIT})(?:${sources.join('|')})(?!${LETTER_OR_DIGIT})`, flags);
}

type Compiled = {
	negations: Set<string>;
	dated: RegExp;
	/** A day or a time: what makes a sentence of the assessment an observation. */
	datedToTheDay: RegExp;
	interpretive: WordMatcher;
	assessment: WordMatcher;
	measure: WordMatcher;
	vague: WordMatcher;
	numbers: RegExp | null;
	speech: RegExp | null;
	noSpeech: RegExp | null;
	references: RegExp | null;
	statements: RegExp | null;
	/** The answers, only at the start of the section's text. */
	answers: RegExp | null;
	told: RegExp | null;
	reportWords: RegExp | null;
};

type WordMatcher = { words: RegExp | null; except: RegExp | null };

const normaliseWord = (word: string) => word.toLowerCase().replace(/’/g, "'");

/**
 * What dates a sentence: with `day` only a day or a time ("3 March", "Friday", "8:15"), without it
 * also a month alone ("in March") or a week ("week 12"), which date an observation well enough
 * but are no scene of their own when an assessment names them.
 */
function datePattern(dates: FeedbackWords['dates'], day = false): RegExp {
	const alternatives = (list: string[]) => list.map(phraseSource).join('|');
	const dayNumber = '\\d{1,2}(?:st|nd|rd|th)?\\.?';
	const monthNames = alternatives([...dates.months, ...dates.monthsWithDay]);
	const parts = [
		// 2026-03-03, 3.3., 3.3.2026, 03/03, 3/3/26
		'\\d{4}-\\d{1,2}-\\d{1,2}',
		'(?<!\\d)\\d{1,2}\\.\\d{1,2}\\.(?:\\d{4}|\\d{2})?',
		'(?<!\\d)\\d{1,2}/\\d{1,2}(?:/(?:\\d{4}|\\d{2}))?(?!\\d)',
		// 08:15, 8.15
		'(?<!\\d)\\d{1,2}[:.]\\d{2}(?!\\d)'
	];
	if (monthNames) {
		parts.push(`(?<!\\d)${dayNumber}\\s*(?:of\\s+)?(?:${monthNames})(?!${LETTER_OR_DIGIT})`);
		parts.push(`(?<!${LETTER_OR_DIGIT})(?:${monthNames})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?!\\d)`);
	}
	if (dates.months.length > 0 && !day) {
		parts.push(`(?<!${LETTER_OR_DIGIT})(?:${alternatives(dates.months)})(?!${LETTER_OR_DIGIT})`);
	}
	if (dates.weekdays.length > 0) {
		parts.push(`(?<!${LETTER_OR_DIGIT})(?:${alternatives(dates.weekdays)})(?!${LETTER_OR_DIGIT})`);
	}
	if (dates.clockWords.length > 0) {
		const durations =
			dates.durations.length > 0
				? `(?!\\s*(?:${alternatives(dates.durations)})(?!${LETTER_OR_DIGIT}))`
				: '';
		parts.push(
			`(?<!${LETTER_OR_DIGIT})(?:${alternatives(dates.clockWords)})\\s*\\d{1,2}(?![\\d:.,]\\d)${durations}`
		);
	}
	if (dates.timeSuffixes.length > 0) {
		parts.push(
			`(?<!\\d)\\d{1,2}(?:[:.]\\d{2})?\\s*-?\\s*(?:${alternatives(dates.timeSuffixes)})(?!${LETTER_OR_DIGIT})`
		);
	}
	if (dates.weekWords.length > 0 && !day) {
		parts.push(`(?<!${LETTER_OR_DIGIT})(?:${alternatives(dates.weekWords)})\\s+\\d{1,2}(?!\\d)`);
	}
	return new RegExp(parts.join('|'), 'u');
}

function answersPattern(answers: string[]): RegExp | null {
	const anywhere = listPattern(answers, 'u');
	return anywhere && new RegExp(`^\\s*(?:${anywhere.source})`, 'u');
}

const compiledLists = new WeakMap<FeedbackWords, Compiled>();

function compile(words: FeedbackWords): Compiled {
	const cached = compiledLists.get(words);
	if (cached) return cached;
	const matcher = (rule: WordRule): WordMatcher => ({
		words: listPattern(rule.words),
		except: listPattern(rule.except ?? [])
	});
	const { rules } = words;
	const compiled: Compiled = {
		negations: new Set(words.negations.map(normaliseWord)),
		dated: datePattern(words.dates),
		datedToTheDay: datePattern(words.dates, true),
		interpretive: matcher(rules['interpretive-word']),
		assessment: matcher(rules['assessment-in-observations']),
		measure: matcher(rules['proposed-measure']),
		vague: matcher(rules['vague-quantity']),
		numbers: listPattern(rules['vague-quantity'].numbers, 'u'),
		speech: listPattern(rules['child-words-unquoted'].speech),
		noSpeech: listPattern(rules['child-words-unquoted'].noSpeech, 'u'),
		references: listPattern(rules['observation-in-assessment'].references, 'u'),
		statements: listPattern(rules['parents-informed-missing'].words, 'u'),
		answers: answersPattern(rules['parents-informed-missing'].answers),
		told: listPattern(rules['parents-informed-conflict'].words),
		reportWords: listPattern(rules['parents-informed-conflict'].reportWords, 'iu')
	};
	compiledLists.set(words, compiled);
	return compiled;
}

type Match = TextRange;

/** The finds of a global pattern inside one range of `text` (a sentence, or a whole section). */
function matchesIn(pattern: RegExp | null, text: string, range: TextRange): Match[] {
	if (!pattern) return [];
	// Searching the range alone keeps a sentence without a find from scanning the rest of the text.
	const part = text.slice(range.start, range.end);
	const found: Match[] = [];
	for (const match of part.matchAll(pattern)) {
		const start = range.start + match.index;
		found.push({ start, end: start + match[0].length });
	}
	return found;
}

/** The first find in `range` that no exception covers. */
function firstWord(matcher: WordMatcher, text: string, range: TextRange): Match | undefined {
	const finds = matchesIn(matcher.words, text, range);
	if (finds.length === 0) return undefined;
	const exceptions = matchesIn(matcher.except, text, range);
	return finds.find((m) => !exceptions.some((e) => e.start < m.end && m.start < e.end));
}

function testIn(pattern: RegExp | null, text: string, range: TextRange): boolean {
	return pattern !== null && pattern.test(text.slice(range.start, range.end));
}

/** Whether a negation stands in the three words before `match`, inside it, or right after it. */
function negated(compiled: Compiled, text: string, sentence: TextRange, match: Match): boolean {
	const wordsOf = (from: number, to: number) =>
		(text.slice(from, to).match(WORD_PATTERN) ?? []).map(normaliseWord);
	const before = wordsOf(sentence.start, match.start).slice(-3);
	const inside = wordsOf(match.start, match.end);
	const after = wordsOf(match.end, sentence.end).slice(0, 1);
	return [...before, ...inside, ...after].some((word) => compiled.negations.has(word));
}

type SectionReview = {
	section: SectionId;
	/** What the learner wrote. */
	text: string;
	/** The text in lower case, for the patterns. */
	lower: string;
	/** The lower-case text with quoted passages blanked out: word rules read this. */
	unquoted: string;
	quotes: TextRange[];
	lines: Line[];
	sentences: TextRange[];
};

/** `text` in lower case, letter for letter, so that ranges in one are ranges in the other. */
function lowerCase(text: string): string {
	const lower = text.toLowerCase();
	if (lower.length === text.length) return lower;
	// A few letters (such as "İ") grow when lowered: those stay as they are.
	let result = '';
	for (const char of text) {
		const lowered = char.toLowerCase();
		result += lowered.length === char.length ? lowered : char;
	}
	return result;
}

function reviewOf(section: SectionId, text: string): SectionReview {
	const quotes = quotedRanges(text);
	const lines = linesOf(text);
	const lower = lowerCase(text);
	return {
		section,
		text,
		lower,
		unquoted: withoutQuotes(lower, quotes),
		quotes,
		lines,
		sentences: lines.flatMap((line) => line.sentences)
	};
}

/**
 * The feedback on a draft: every flag, in the order of the sections and then of the text. `words`
 * is the word list of the learner's language, `kase` what the rules need to know of the case.
 */
export function reviewReferral(
	text: ReferralText,
	words: FeedbackWords,
	kase: FeedbackCase
): Flag[] {
	const compiled = compile(words);
	const flags: Flag[] = [];
	// A flag names the words that set it off as the learner wrote them, in their case.
	const flag: AddFlag = (rule, section, range, match) =>
		flags.push(
			match === undefined
				? { rule, section, ...range }
				: { rule, section, ...range, match: (text[section] ?? '').slice(match.start, match.end) }
		);

	for (const section of SECTION_IDS) {
		const value = text[section] ?? '';
		const whole = { start: 0, end: value.length };
		if (value.trim() === '') {
			const rule: RuleId =
				section === 'childsWords'
					? 'child-words-missing'
					: section === 'parentsInformed'
						? 'parents-informed-missing'
						: 'empty-section';
			flag(rule, section, whole);
			continue;
		}
		const review = reviewOf(section, value);
		for (const sentence of review.sentences) {
			const measure = firstWord(compiled.measure, review.unquoted, sentence);
			if (measure) flag('proposed-measure', section, sentence, measure);
		}
		if (section === 'observations') reviewObservations(review, compiled, flag);
		if (section === 'childsWords') reviewChildsWords(review, compiled, flag);
		if (section === 'assessment') {
			for (const sentence of review.sentences) {
				if (
					testIn(compiled.datedToTheDay, review.lower, sentence) &&
					!testIn(compiled.references, review.unquoted, sentence)
				) {
					flag('observation-in-assessment', section, sentence);
				}
			}
		}
		if (section === 'parentsInformed') {
			const says =
				testIn(compiled.statements, review.lower, whole) ||
				testIn(compiled.answers, review.lower, whole);
			if (!says) flag('parents-informed-missing', section, whole);
		}
		if (
			kase.parentsToldFirst === 'must-not' &&
			(section === 'parentsInformed' || section === 'actionsTaken')
		) {
			for (const sentence of review.sentences) {
				const told = matchesIn(compiled.told, review.unquoted, sentence).find(
					(match) => !negated(compiled, review.unquoted, sentence, match)
				);
				if (!told) continue;
				if (section === 'actionsTaken' && !testIn(compiled.reportWords, review.unquoted, sentence))
					continue;
				flag('parents-informed-conflict', section, sentence, told);
			}
		}
	}

	const order = (section: SectionId) => SECTION_IDS.indexOf(section);
	return flags.sort(
		(a, b) =>
			order(a.section) - order(b.section) ||
			a.start - b.start ||
			a.end - b.end ||
			RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule)
	);
}

const RULE_ORDER: RuleId[] = [
	'empty-section',
	'child-words-missing',
	'parents-informed-missing',
	'interpretive-word',
	'assessment-in-observations',
	'undated-observation',
	'vague-quantity',
	'child-words-unquoted',
	'observation-in-assessment',
	'proposed-measure',
	'parents-informed-conflict'
];

/** Adds a flag on `range`; `match` is where the words that set it off are. */
type AddFlag = (rule: RuleId, section: SectionId, range: TextRange, match?: Match) => void;

function reviewObservations(review: SectionReview, compiled: Compiled, flag: AddFlag): void {
	const { text, lower, unquoted, section } = review;
	// A dated lead-in ("Monday 3 March:") dates the lines under it, up to a blank line.
	let leadInDated = false;
	for (const line of review.lines) {
		if (line.blank) {
			leadInDated = false;
			continue;
		}
		const lineText = text.slice(line.sentences[0].start, line.sentences.at(-1)!.end);
		const dated = (range: TextRange) => testIn(compiled.dated, lower, range);
		const words = lineText.match(WORD_PATTERN)?.length ?? 0;
		const leadIn =
			lineText.endsWith(':') ||
			(words <= 6 && !/[.!?]["'”’»)]*$/u.test(lineText) && dated(line.sentences[0]));
		if (leadIn) {
			leadInDated = line.sentences.some(dated);
			continue;
		}
		let lineDated = leadInDated;
		for (const sentence of line.sentences) {
			const interpretive = firstWord(compiled.interpretive, unquoted, sentence);
			if (interpretive) flag('interpretive-word', section, sentence, interpretive);
			const assessment = firstWord(compiled.assessment, unquoted, sentence);
			if (assessment) flag('assessment-in-observations', section, sentence, assessment);
			if (dated(sentence)) lineDated = true;
			else if (!lineDated && !interpretive && !assessment) {
				flag('undated-observation', section, sentence);
				// The rest of the line goes on with the same scene: one date fixes it all.
				lineDated = true;
			}
			const vague = firstWord(compiled.vague, unquoted, sentence);
			const counted = /\d/u.test(text.slice(sentence.start, sentence.end));
			if (vague && !counted && !testIn(compiled.numbers, lower, sentence))
				flag('vague-quantity', section, sentence, vague);
		}
	}
}

function reviewChildsWords(review: SectionReview, compiled: Compiled, flag: AddFlag): void {
	const { text, lower, unquoted, section } = review;
	for (const sentence of review.sentences) {
		const interpretive = firstWord(compiled.interpretive, unquoted, sentence);
		if (interpretive) flag('interpretive-word', section, sentence, interpretive);
	}
	const hasQuotes = review.quotes.length > 0 || /["“”«»„‹›‘]/u.test(text);
	if (hasQuotes || testIn(compiled.noSpeech, lower, { start: 0, end: text.length })) return;
	for (const sentence of review.sentences) {
		const speech = matchesIn(compiled.speech, unquoted, sentence).find(
			(match) => !negated(compiled, unquoted, sentence, match)
		);
		if (speech) flag('child-words-unquoted', section, sentence, speech);
	}
}
