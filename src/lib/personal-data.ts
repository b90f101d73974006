/**
 * The personal-data guard of the referral-writing studio: finds what looks like real personal
 * data in a practice notification of concern (identity numbers, phone numbers, e-mail
 * addresses, street addresses, and names that are not in the case), so that the page can stop
 * a save or a submission until the learner edits the text or confirms that it is made up.
 *
 * Pure and browser-safe: the same code runs in the browser while the learner writes and on the
 * server before a draft is saved or submitted. The word lists it needs (given names, surnames,
 * street suffixes, capitalised words that are never names) come from
 * `courses/referral-feedback/personal-data.yaml`, read by the server (`personalDataWords()` in
 * `$lib/server/personal-data`) and handed to the page.
 *
 * It errs on the side of few false alarms: a guard that fires on every date or sum teaches
 * learners to tick "made up" without reading. Identity numbers must pass their checksum, phone
 * numbers must have a phone number's grouping, and a single capitalised word is a name only when
 * it is a known name or has a surname's ending.
 */

export const PERSONAL_DATA_KINDS = [
	'dk-cpr',
	'no-fnr',
	'no-dnr',
	'se-personnummer',
	'fi-hetu',
	'phone',
	'email',
	'street-address',
	'name'
] as const;

export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** One finding: what it looks like, and where (start inclusive, end exclusive) in the text. */
export type PersonalDataMatch = {
	kind: PersonalDataKind;
	start: number;
	end: number;
	text: string;
};

/**
 * The word lists the guard needs, as `personalDataWords()` gives them: every entry is matched
 * without regard to case.
 */
export type PersonalDataWords = {
	/** Common given names in the Nordic countries, including those common in immigrant families. */
	givenNames: string[];
	/** Common surnames. */
	surnames: string[];
	/** Endings that make a capitalised word inside a sentence look like a surname: sen, sson, nen… */
	surnameEndings: string[];
	/** Street words, at the end of a compound ("Storgata") or on their own ("Oak Street"). */
	streetSuffixes: string[];
	/** Capitalised words that are never names: months, weekdays, institutions, places. */
	notNames: string[];
};

// ---------------------------------------------------------------------------------------------
// Identity numbers

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
	return day <= days;
}

const digitsOf = (text: string): number[] => [...text].map(Number);
const twoDigits = (digits: number[], at: number): number => digits[at] * 10 + digits[at + 1];

function weightedSum(digits: number[], weights: number[]): number {
	return weights.reduce((sum, weight, index) => sum + weight * digits[index], 0);
}

const CPR_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/** The birth year of a CPR number, from its two-digit year and its 7th digit (the CPR table). */
function cprYear(yy: number, seventh: number): number {
	if (seventh <= 3) return 1900 + yy;
	if (seventh === 4 || seventh === 9) return (yy <= 36 ? 2000 : 1900) + yy;
	return (yy <= 57 ? 2000 : 1800) + yy;
}

/**
 * A Danish CPR number (personnummer): DDMMYY-SSSS, with or without the dash (or a space), a real
 * date (the century comes from the year and the 7th digit), and the modulus-11 check with the
 * weights 4, 3, 2, 7, 6, 5, 4, 3, 2, 1.
 *
 * Since 1 October 2007 the CPR office has also issued numbers that fail modulus 11, because some
 * birth dates ran out of numbers that pass it. Its published list (cpr.dk, "Personnumre uden
 * kontrolciffer") names only 1 January birth dates, in 1960–1995. So a valid date plus
 * modulus 11 is what this accepts in general, and for 1 January 1960–1999 it accepts any serial
 * number. Dropping the check altogether would make every six-digit date followed by four digits
 * look like a CPR number; the children in a kindergarten case are born long after those dates,
 * and an adult born on 1 January in those years is still caught.
 */
export function isDanishCpr(value: string): boolean {
	const match = /^(\d{6})[- ]?(\d{4})$/.exec(value.trim());
	if (!match) return false;
	const digits = digitsOf(match[1] + match[2]);
	const day = twoDigits(digits, 0);
	const month = twoDigits(digits, 2);
	const year = cprYear(twoDigits(digits, 4), digits[6]);
	if (!isCalendarDate(year, month, day)) return false;
	if (weightedSum(digits, CPR_WEIGHTS) % 11 === 0) return true;
	return day === 1 && month === 1 && year >= 1960 && year <= 1999;
}

/** A control digit by modulus 11 (Norway): 11 - sum mod 11, where 11 is 0 and 10 is impossible. */
function mod11ControlDigit(digits: number[], weights: number[]): number | null {
	const control = 11 - (weightedSum(digits, weights) % 11);
	if (control === 11) return 0;
	return control === 10 ? null : control;
}

/** The birth year of a Norwegian number, from its two-digit year and its individual number. */
function norwegianYear(yy: number, individual: number): number | null {
	if (individual <= 499) return 1900 + yy;
	if (individual <= 749 && yy >= 54) return 1800 + yy;
	if (yy <= 39) return 2000 + yy;
	if (individual >= 900) return 1900 + yy;
	return null;
}

type NorwegianNumberKind = 'fodselsnummer' | 'd-nummer' | 'h-nummer' | 'synthetic';

/**
 * What kind of Norwegian identity number `value` is, if it is one: 11 digits (a dash or a space
 * may follow the date), a real date and both control digits. A D-nummer has 4 added to the first
 * digit (day + 40). An H-nummer, given by the health services to a patient without a known
 * number, has 40 added to the month. Skatteetaten's synthetic test numbers (Tenor) have 80 added
 * to the month.
 */
function norwegianNumberKind(value: string): NorwegianNumberKind | null {
	const match = /^(\d{6})[- ]?(\d{5})$/.exec(value.trim());
	if (!match) return null;
	const digits = digitsOf(match[1] + match[2]);
	let kind: NorwegianNumberKind = 'fodselsnummer';
	let day = twoDigits(digits, 0);
	let month = twoDigits(digits, 2);
	if (day > 40) {
		day -= 40;
		kind = 'd-nummer';
	}
	if (month > 80) {
		month -= 80;
		kind = 'synthetic';
	} else if (month > 40) {
		if (kind === 'd-nummer') return null;
		month -= 40;
		kind = 'h-nummer';
	}
	const individual = digits[6] * 100 + digits[7] * 10 + digits[8];
	const year = norwegianYear(twoDigits(digits, 4), individual);
	if (year === null || !isCalendarDate(year, month, day)) return null;
	const k1 = mod11ControlDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
	const k2 = mod11ControlDigit(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
	return k1 === digits[9] && k2 === digits[10] ? kind : null;
}

/**
 * A Norwegian fødselsnummer: DDMMYYIIIKK with a real date and the two control digits. An
 * H-nummer counts too: it identifies a real patient. Synthetic test numbers (month + 80) do not:
 * they never belong to a real person. A D-nummer is `isNorwegianDNummer`.
 */
export function isNorwegianFodselsnummer(value: string): boolean {
	const kind = norwegianNumberKind(value);
	return kind === 'fodselsnummer' || kind === 'h-nummer';
}

/** A Norwegian D-nummer: a fødselsnummer with 4 added to the first digit. */
export function isNorwegianDNummer(value: string): boolean {
	return norwegianNumberKind(value) === 'd-nummer';
}

/** The Luhn check (Swedish personnummer): the last digit makes the weighted digit sum end in 0. */
function passesLuhn(digits: number[]): boolean {
	let sum = 0;
	digits.forEach((digit, index) => {
		const product = index % 2 === 0 ? digit * 2 : digit;
		sum += product > 9 ? product - 9 : product;
	});
	return sum % 10 === 0;
}

/**
 * A Swedish personnummer or samordningsnummer (day + 60): YYMMDD-NNNN (a `+` instead of the dash
 * for someone over 100), YYYYMMDD-NNNN, with or without the separator, a real date and the Luhn
 * check over the ten digits YYMMDDNNNN.
 */
export function isSwedishPersonnummer(value: string): boolean {
	const match = /^(\d{2})?(\d{6})([-+ ]?)(\d{4})$/.exec(value.trim());
	if (!match) return false;
	const [, century, date, separator, serial] = match;
	if (century && separator === '+') return false;
	const digits = digitsOf(date + serial);
	if (!passesLuhn(digits)) return false;
	const yy = twoDigits(digits, 0);
	const month = twoDigits(digits, 2);
	const rawDay = twoDigits(digits, 4);
	const day = rawDay > 60 ? rawDay - 60 : rawDay;
	if (century) {
		const hundreds = Number(century);
		return hundreds >= 18 && hundreds <= 20 && isCalendarDate(hundreds * 100 + yy, month, day);
	}
	// Without the century, 29 February is a date if the year was a leap year in either century.
	return isCalendarDate(1900 + yy, month, day) || isCalendarDate(2000 + yy, month, day);
}

const HETU_CENTURY: Record<string, number> = {
	'+': 1800,
	'-': 1900,
	Y: 1900,
	X: 1900,
	W: 1900,
	V: 1900,
	U: 1900,
	A: 2000,
	B: 2000,
	C: 2000,
	D: 2000,
	E: 2000,
	F: 2000
};
const HETU_CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/**
 * A Finnish henkilötunnus: DDMMYYCZZZQ with the century sign C (`+` 1800s; `-` and, since 2023,
 * Y X W V U for the 1900s; A and, since 2023, B C D E F for the 2000s), a real date, an
 * individual number ZZZ from 002 (900–999 are temporary numbers, still a real person's), and the
 * check character: the 9-digit number DDMMYYZZZ mod 31, looked up in
 * "0123456789ABCDEFHJKLMNPRSTUVWXY".
 */
export function isFinnishHetu(value: string): boolean {
	const match = /^(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])$/i.exec(value.trim());
	if (!match) return false;
	const [, date, sign, individual, check] = match;
	const digits = digitsOf(date);
	const year = HETU_CENTURY[sign.toUpperCase()] + twoDigits(digits, 4);
	if (!isCalendarDate(year, twoDigits(digits, 2), twoDigits(digits, 0))) return false;
	if (Number(individual) < 2) return false;
	return HETU_CHECK_CHARACTERS[Number(date + individual) % 31] === check.toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Scanning

/** Not inside a longer run of letters or digits, and not after a `+` (a phone number). */
const NUMBER_START = String.raw`(?<![\p{L}\p{N}+])`;
const NUMBER_END = String.raw`(?![\p{L}\p{N}])`;

/** Each identity-number shape with its validator, in the order a tie is decided. */
const IDENTITY_NUMBERS: {
	pattern: RegExp;
	kind: (candidate: string) => PersonalDataKind | null;
}[] = [
	{
		pattern: new RegExp(String.raw`${NUMBER_START}\d{6}[- ]?\d{5}${NUMBER_END}`, 'gu'),
		kind: (candidate) => {
			const kind = norwegianNumberKind(candidate);
			if (kind === 'd-nummer') return 'no-dnr';
			return kind === 'fodselsnummer' || kind === 'h-nummer' ? 'no-fnr' : null;
		}
	},
	{
		pattern: new RegExp(String.raw`${NUMBER_START}\d{6}[- ]?\d{4}${NUMBER_END}`, 'gu'),
		kind: (candidate) => (isDanishCpr(candidate) ? 'dk-cpr' : null)
	},
	{
		pattern: new RegExp(String.raw`${NUMBER_START}(?:\d{2})?\d{6}[-+ ]?\d{4}${NUMBER_END}`, 'gu'),
		kind: (candidate) => (isSwedishPersonnummer(candidate) ? 'se-personnummer' : null)
	},
	{
		pattern: new RegExp(
			String.raw`${NUMBER_START}\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y]${NUMBER_END}`,
			'gu'
		),
		kind: (candidate) => (isFinnishHetu(candidate) ? 'fi-hetu' : null)
	}
];

const EMAIL =
	/(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

/** A phone number starts after a space or punctuation, not inside a number, date or time. */
const PHONE_START = String.raw`(?<![\p{L}\p{N}+]|\p{N}[.,:/-])`;
const PHONE_END = String.raw`(?![\p{L}\p{N}]|[.,:/-]\p{N}|\s?%)`;
const PHONE_PATTERNS = [
	// International: +47 912 34 567, 0045 12 34 56 78, +358 (0)40 123 4567, +354 555 1234.
	String.raw`(?:\+\d{1,3}|00(?:45|46|47|298|299|354|358))[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){5,11}`,
	// Norwegian and Danish numbers have eight digits: 12 34 56 78, 123 45 678, 1234 5678, and
	// 23456789 without spaces (real ones start with 2–9; written without spaces, one starting
	// with 1 is more likely a count or a code).
	String.raw`[1-9]\d(?: \d\d){3}|[1-9]\d\d \d\d \d{3}|[1-9]\d{3} \d{4}|[2-9]\d{7}`,
	// Swedish and Finnish numbers start with the trunk 0: 070-123 45 67, 08-123 456 78,
	// 040 123 4567, 09 123 4567, 0401234567 (8 to 10 digits, counted below).
	String.raw`0\d{1,3}[- ]?\d{2,8}(?: \d{2,4}){0,3}`,
	// Icelandic numbers have seven digits: 555 1234, 555-1234.
	String.raw`[4-8]\d\d[- ]\d{4}`
].map((pattern) => new RegExp(`${PHONE_START}(?:${pattern})${PHONE_END}`, 'gu'));

const CURRENCY_BEFORE = /(?:kr\.?|nok|dkk|sek|isk|eur|€)\s?$/iu;
const CURRENCY_AFTER = /^\s?(?:kr\.?|kroner|kronor|krónur|nok|dkk|sek|isk|eur|euro|€)(?![\p{L}])/iu;

const isYear = (digits: string) => /^(?:19|20)\d\d$/.test(digits);

/** Eight digits that read as a date, DDMMYYYY or YYYYMMDD, are a date, not a phone number. */
function isEightDigitDate(digits: string): boolean {
	const d = digitsOf(digits);
	const asDayFirst = isCalendarDate(Number(digits.slice(4)), twoDigits(d, 2), twoDigits(d, 0));
	const asYearFirst = isCalendarDate(Number(digits.slice(0, 4)), twoDigits(d, 4), twoDigits(d, 6));
	return (asDayFirst && isYear(digits.slice(4))) || (asYearFirst && isYear(digits.slice(0, 4)));
}

function isPhoneNumber(text: string, start: number, end: number): boolean {
	const candidate = text.slice(start, end);
	const digits = candidate.replace(/\D/g, '');
	if (CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start))) return false;
	if (CURRENCY_AFTER.test(text.slice(end, end + 8))) return false;
	if (/^\d{8}$/.test(candidate) && isEightDigitDate(digits)) return false;
	if (candidate.startsWith('+') || candidate.startsWith('00')) {
		const national = candidate.replace(/^(?:\+\d{1,3}|00\d{2,3})/, '').replace(/\D/g, '');
		return national.length >= 6 && national.length <= 12;
	}
	if (digits.startsWith('0')) return digits.length >= 8 && digits.length <= 10;
	const halves = /^(\d{4}) (\d{4})$/.exec(candidate);
	return !(halves && isYear(halves[1]) && isYear(halves[2]));
}

/** A word as the guard sees it: letters, joined by an apostrophe or a hyphen (Anne-Lise, Emil's). */
const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const HOUSE_NUMBER = /(?<![\p{L}\p{N}.,:/-])\d{1,4}(?![\p{N}]|[.,:/]\p{N})/gu;

/**
 * What may follow a house number: a letter (12B, 10 A, with a flat number: 10 A 5), a Danish
 * floor and side (", 2. th.", " st. tv."), a Swedish flat (lgh 1102), and a postcode and town
 * (", 0150 Oslo", " 123 45 Stockholm").
 */
const ADDRESS_TAIL = new RegExp(
	[
		String.raw`(?:(?:[a-zA-Z]|\s[A-Z])(?![\p{L}])(?:\s\d{1,3}(?![\p{N}]|[.,:]\p{N}))?)?`,
		String.raw`(?:,?\s(?:st|kl|\d{1,2})\.(?:\s?(?:th|tv|mf)(?![\p{L}])\.?)?)?`,
		String.raw`(?:,?\slgh\.?\s\d{4})?`,
		String.raw`(?:,?\s(?:\d{4,5}|\d{3}\s\d{2})\s\p{Lu}[\p{L}-]+)?`
	].join(''),
	'uy'
);

type CompiledWords = {
	names: Set<string>;
	notNames: Set<string>;
	surnameEndings: string[];
	streetSuffixes: string[];
	streetWords: Set<string>;
	/** "12 Oak Street": a number, one to three capitalised words and a capitalised street word. */
	numberFirstAddress: RegExp | null;
};

const compiled = new WeakMap<PersonalDataWords, CompiledWords>();

const lower = (word: string) => word.toLowerCase();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The word lists as sets, made once per list object: the browser scans on every change. */
function compile(words: PersonalDataWords): CompiledWords {
	let result = compiled.get(words);
	if (result) return result;
	const streetSuffixes = [...new Set(words.streetSuffixes.map(lower))].sort(
		(a, b) => b.length - a.length
	);
	const capitalisedStreetWords = streetSuffixes.map((suffix) =>
		escapeRegExp(suffix[0].toUpperCase() + suffix.slice(1))
	);
	result = {
		names: new Set([...words.givenNames, ...words.surnames].map(lower)),
		notNames: new Set(words.notNames.map(lower)),
		surnameEndings: words.surnameEndings.map(lower),
		streetSuffixes,
		streetWords: new Set(streetSuffixes),
		numberFirstAddress:
			capitalisedStreetWords.length === 0
				? null
				: new RegExp(
						String.raw`(?<![\p{L}\p{N}.,:/-])\d{1,4}[a-zA-Z]?,?\s(?:\p{Lu}[\p{L}'’-]*\s){1,3}(?:${capitalisedStreetWords.join('|')})(?![\p{L}])`,
						'gu'
					)
	};
	compiled.set(words, result);
	return result;
}

/** The forms a name may take in running text: Emil, Emils, Emil's, Emil’s. */
function baseForms(word: string): string[] {
	const lowered = lower(word);
	const forms = [lowered];
	const possessive = /^(.+)['’]s$/.exec(lowered);
	if (possessive) forms.push(possessive[1]);
	else if (lowered.length > 2 && lowered.endsWith('s')) forms.push(lowered.slice(0, -1));
	return forms;
}

/**
 * The words of the case's names, lowercased, whole and by part: "Emil Hansen", "Anne-Lise" give
 * emil, hansen, anne-lise, anne and lise. Possessives are handled on the text's side.
 */
function caseNameWords(caseNames: string[]): Set<string> {
	const words = new Set<string>();
	for (const name of caseNames) {
		for (const word of name.match(WORD) ?? []) {
			words.add(lower(word));
			for (const part of word.split(/[-'’]/)) if (part) words.add(lower(part));
		}
	}
	return words;
}

/** What may stand between a word and what opens its sentence: spaces, quotes, brackets, bullets. */
const OPENING = /[ \t\u00a0"'“”‘’«»„([{–—•*#>-]/u;
const SENTENCE_END = /[.!?:;…\n\r]/;

function skipOpening(text: string, index: number): number {
	while (index >= 0 && OPENING.test(text[index])) index--;
	return index;
}

/**
 * Whether the word at `start` opens a sentence, a line or a list item (where any word is
 * capitalised). A date or time that opens a line counts as part of the opening: in
 * "03.03.2026 Barnet gråt" and "kl. 8.15 Far kom", "Barnet" and "Far" open the sentence.
 */
function isSentenceStart(text: string, start: number): boolean {
	let index = skipOpening(text, start - 1);
	if (index < 0 || SENTENCE_END.test(text[index])) return true;
	if (!/\d/.test(text[index])) return false;
	while (index >= 0 && /[\d.:/-]/.test(text[index])) index--;
	index = skipOpening(text, index);
	return index < 0 || SENTENCE_END.test(text[index]);
}

type Word = {
	start: number;
	end: number;
	text: string;
	forms: string[];
	/** Capitalised like a name: an upper-case first letter and some lower-case letters. */
	nameLike: boolean;
};

/** Only spaces between two words on the same line: they may be one name. */
const onlySpacesBetween = (text: string, end: number, start: number) =>
	/^[ \t\u00a0]+$/.test(text.slice(end, start));

/**
 * Everything in `text` that looks like real personal data, sorted by position. `caseNames` are
 * the names in the exercise's case (its people and child); a name among them is never flagged,
 * nor its possessive (Emils, Emil's).
 */
export function findPersonalData(
	text: string,
	options: { caseNames: string[]; words: PersonalDataWords }
): PersonalDataMatch[] {
	const words = compile(options.words);
	const found: PersonalDataMatch[] = [];
	// Which characters a finding already covers: a later, weaker reading of them is dropped.
	const covered = new Uint8Array(text.length);
	const overlaps = (start: number, end: number) => covered.subarray(start, end).includes(1);
	/** Keeps candidates that do not overlap an earlier finding: the earliest, then the longest. */
	const claim = (candidates: PersonalDataMatch[]) => {
		candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
		for (const candidate of candidates) {
			if (overlaps(candidate.start, candidate.end)) continue;
			found.push(candidate);
			covered.fill(1, candidate.start, candidate.end);
		}
	};
	const matchOf = (kind: PersonalDataKind, start: number, end: number): PersonalDataMatch => ({
		kind,
		start,
		end,
		text: text.slice(start, end)
	});

	// Identity numbers first: the digits of one must never be read as a phone number.
	const identities: PersonalDataMatch[] = [];
	for (const { pattern, kind } of IDENTITY_NUMBERS) {
		for (const match of text.matchAll(pattern)) {
			const identity = kind(match[0]);
			if (identity) identities.push(matchOf(identity, match.index, match.index + match[0].length));
		}
	}
	claim(identities);

	claim([...text.matchAll(EMAIL)].map((m) => matchOf('email', m.index, m.index + m[0].length)));

	const phones: PersonalDataMatch[] = [];
	for (const pattern of PHONE_PATTERNS) {
		for (const match of text.matchAll(pattern)) {
			const end = match.index + match[0].length;
			if (isPhoneNumber(text, match.index, end)) phones.push(matchOf('phone', match.index, end));
		}
	}
	claim(phones);

	const caseWords = caseNameWords(options.caseNames);
	const inCase = (forms: string[]) => forms.some((form) => caseWords.has(form));
	const isKnownName = (forms: string[]) => forms.some((form) => words.names.has(form));
	// "Barnevernets" is "Barnevernet" + s, but "Hans" is a name of its own, not "Han" + s.
	const isNotName = (forms: string[]) =>
		words.notNames.has(forms[0]) ||
		(!words.names.has(forms[0]) && forms.slice(1).some((form) => words.notNames.has(form)));

	claim(findAddresses(text, words, inCase, isKnownName));

	const tokens: Word[] = [];
	for (const match of text.matchAll(WORD)) {
		const start = match.index;
		const end = start + match[0].length;
		if (overlaps(start, end)) continue;
		const word = match[0];
		// Capitalised, with lower-case letters: not an abbreviation (NAV, BUP, FN's).
		const nameLike = /^\p{Lu}/u.test(word) && /\p{Ll}/u.test(word.replace(/['’]s$/u, ''));
		const forms = nameLike ? baseForms(word) : [];
		tokens.push({
			start,
			end,
			text: word,
			forms,
			nameLike: nameLike && !inCase(forms) && !isNotName(forms)
		});
	}
	const flagged = new Array<boolean>(tokens.length).fill(false);
	const adjacent = (index: number) =>
		index + 1 < tokens.length &&
		onlySpacesBetween(text, tokens[index].end, tokens[index + 1].start);
	for (let index = 0; index < tokens.length; index++) {
		const token = tokens[index];
		if (!token.nameLike) continue;
		if (isKnownName(token.forms)) {
			flagged[index] = true;
			continue;
		}
		const opensSentence = isSentenceStart(text, token.start);
		if (!opensSentence && hasSurnameEnding(token.text, words.surnameEndings)) {
			flagged[index] = true;
		}
		// Two capitalised words in a row inside a sentence read as a full name: "Ina Qvist".
		if (!opensSentence && adjacent(index) && tokens[index + 1].nameLike) {
			flagged[index] = true;
			flagged[index + 1] = true;
		}
	}
	// A name goes on over the capitalised words that follow it: "Kari Nordmann".
	for (let index = 0; index + 1 < tokens.length; index++) {
		if (flagged[index] && adjacent(index) && tokens[index + 1].nameLike) flagged[index + 1] = true;
	}
	const names: PersonalDataMatch[] = [];
	for (let index = 0; index < tokens.length; index++) {
		if (!flagged[index]) continue;
		let last = index;
		while (last + 1 < tokens.length && flagged[last + 1] && adjacent(last)) last++;
		names.push(matchOf('name', tokens[index].start, tokens[last].end));
		index = last;
	}
	claim(names);

	return found.sort((a, b) => a.start - b.start);
}

/** Berntsen, Hansen-Berg, but not "Berlin-undersøgelsen": every part of a surname is capitalised. */
function hasSurnameEnding(word: string, endings: string[]): boolean {
	if (word.split('-').some((part) => !/^\p{Lu}/u.test(part))) return false;
	const lowered = lower(word);
	return endings.some((ending) => lowered.length >= ending.length + 3 && lowered.endsWith(ending));
}

/**
 * Street addresses: a street and a house number. The street is a compound ending in a street
 * word ("Storgata 12", "Nørregade 4, 2. th.", "Mannerheimintie 10 A 5"), or capitalised words
 * before a street word ("Karl Johans gate 1", "Bygdøy allé 23"), or, in English order, a number
 * before capitalised words and a street word ("12 Oak Street").
 */
function findAddresses(
	text: string,
	words: CompiledWords,
	inCase: (forms: string[]) => boolean,
	isKnownName: (forms: string[]) => boolean
): PersonalDataMatch[] {
	const addresses: PersonalDataMatch[] = [];
	const push = (start: number, end: number) =>
		addresses.push({ kind: 'street-address', start, end, text: text.slice(start, end) });
	/** The street and number, and what follows the number (floor, flat, postcode and town). */
	const pushWithTail = (start: number, numberEnd: number) => {
		ADDRESS_TAIL.lastIndex = numberEnd;
		const tail = ADDRESS_TAIL.exec(text);
		push(start, tail ? numberEnd + tail[0].length : numberEnd);
	};
	if (words.streetSuffixes.length === 0) return addresses;
	for (const number of text.matchAll(HOUSE_NUMBER)) {
		const before = /(\S+)[ \u00a0]$/u.exec(
			text.slice(Math.max(0, number.index - 60), number.index)
		);
		if (!before) continue;
		const word = before[1];
		const wordStart = number.index - 1 - word.length;
		const numberEnd = number.index + number[0].length;
		if (!/^[\p{L}\p{M}'’.-]+$/u.test(word)) continue;
		const lowered = lower(word);
		const forms = baseForms(word);
		// "Storgata 12": a capitalised compound ending in a street word, at least two letters
		// before it ("Nytorv"), and not a name ("Katie 4" is a child's name and age).
		const compound = words.streetSuffixes.find(
			(suffix) => lowered.length >= suffix.length + 2 && lowered.endsWith(suffix)
		);
		if (compound && /^\p{Lu}/u.test(word) && !inCase(forms) && !isKnownName(forms)) {
			pushWithTail(wordStart, numberEnd);
			continue;
		}
		// "Karl Johans gate 1": capitalised words before a street word of its own. The word next to
		// it must not open the sentence ("Nå alle 3 …" is not an address).
		if (words.streetWords.has(lowered)) {
			let start = -1;
			let cursor = wordStart;
			for (let count = 0; count < 3; count++) {
				const previous = /(\p{Lu}[\p{L}\p{M}'’.-]*)[ \u00a0]$/u.exec(
					text.slice(Math.max(0, cursor - 40), cursor)
				);
				if (!previous) break;
				const previousStart = cursor - 1 - previous[1].length;
				if (previousStart > 0 && /[\p{L}\p{N}]/u.test(text[previousStart - 1])) break;
				if (count === 0 && isSentenceStart(text, previousStart)) break;
				start = previousStart;
				cursor = previousStart;
			}
			if (start >= 0) pushWithTail(start, numberEnd);
		}
	}
	if (words.numberFirstAddress) {
		for (const match of text.matchAll(words.numberFirstAddress)) {
			push(match.index, match.index + match[0].length);
		}
	}
	return addresses;
}
