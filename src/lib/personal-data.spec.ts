import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	findPersonalData,
	isDanishCpr,
	isFinnishHetu,
	isNorwegianDNummer,
	isNorwegianFodselsnummer,
	isSwedishPersonnummer,
	type PersonalDataKind,
	type PersonalDataWords
} from './personal-data';
import {
	PERSONAL_DATA_PATH,
	personalDataWordsFrom,
	readPersonalDataFile
} from './server/content/personal-data-words';

// The real word lists, as the server hands them to a page in each language.
const { data } = readPersonalDataFile(readFileSync(`.${PERSONAL_DATA_PATH}`, 'utf8'));
if (!data) throw new Error(`${PERSONAL_DATA_PATH} is invalid: run npm run courses:check`);
const WORDS = {
	en: personalDataWordsFrom(data, 'en'),
	nb: personalDataWordsFrom(data, 'nb'),
	da: personalDataWordsFrom(data, 'da')
};
type Language = keyof typeof WORDS;

/** The names of the fictional case every text below is written about. */
const CASE_NAMES = ['Emil', 'Sara Lind', 'Jonas'];

const scan = (text: string, language: Language = 'en', caseNames = CASE_NAMES) =>
	findPersonalData(text, { caseNames, words: WORDS[language] });
const found = (text: string, language: Language = 'en') =>
	scan(text, language).map((match) => [match.kind, match.text]);

/**
 * The identity numbers below were computed by hand (and checked with a separate script) on
 * obviously made-up dates: Christmas Eve 2021, New Year's Eve 1999, midsummer 2020, and
 * 29 February 2020.
 */
const IDENTITY_FORMATS: {
	name: string;
	validate: (value: string) => boolean;
	kind: PersonalDataKind;
	valid: string[];
	/** The valid numbers with the last digit (or check character) changed, and impossible dates. */
	invalid: string[];
	/** Random digit strings of the same length (seeded, each checked not to pass). */
	random: string[];
}[] = [
	{
		name: 'Danish CPR number',
		validate: isDanishCpr,
		kind: 'dk-cpr',
		valid: [
			'241221-4008',
			'2412214008',
			'241221 4008',
			'311299-2005',
			'150620-5006',
			'290220-4000',
			// 1 January 1985 fails modulus 11: accepted, as the CPR office issues such numbers.
			'010185-1234'
		],
		invalid: [
			'241221-4009',
			'311299-2006',
			'150620-5007',
			'290221-4006', // passes modulus 11, but 2021 had no 29 February
			'310421-4001', // passes modulus 11, but April has 30 days
			'020185-1234', // fails modulus 11 and is not 1 January
			'24122-14008'
		],
		random: [
			'7485260574',
			'7938092752',
			'5309318561',
			'0083167162',
			'8598208281',
			'6969779680',
			'1345564143',
			'5558982066'
		]
	},
	{
		name: 'Norwegian fødselsnummer',
		validate: isNorwegianFodselsnummer,
		kind: 'no-fnr',
		valid: [
			'24122150018',
			'241221 50018',
			'241221-50018',
			'31129910065',
			'29022050034',
			'24522150181' // an H-nummer: month + 40
		],
		invalid: [
			'24122150019',
			'31129910066',
			'29022150055', // both control digits right, but 2021 had no 29 February
			'24822150035', // a synthetic test number (month + 80): never a real person
			'64122150001', // a D-nummer, not a fødselsnummer
			'2412215001'
		],
		random: [
			'08036063918',
			'32140647590',
			'87535477732',
			'78523390452',
			'30803915882',
			'05413887754',
			'72749045873',
			'48400028462'
		]
	},
	{
		name: 'Norwegian D-nummer',
		validate: isNorwegianDNummer,
		kind: 'no-dnr',
		valid: ['64122150001', '641221 50001', '64122150192'],
		invalid: ['64122150002', '64122150193', '24122150018'],
		random: ['08036063918', '32140647590', '87535477732', '78523390452']
	},
	{
		name: 'Swedish personnummer',
		validate: isSwedishPersonnummer,
		kind: 'se-personnummer',
		valid: [
			'211224-1233',
			'2112241233',
			'20211224-1233',
			'202112241233',
			'991231-2346',
			'19991231-2346',
			'200229-3450',
			'211284-5678', // a samordningsnummer: day + 60
			'191224+7895' // over 100 years old: born 1919
		],
		invalid: [
			'211224-1234',
			'991231-2347',
			'211284-5679',
			'210229-1230', // passes Luhn, but 2021 had no 29 February
			'22211224-1233', // no 2200s
			'20211224+1233' // `+` only without the century
		],
		random: [
			'336708994066',
			'916398556920',
			'200168361534',
			'487991389693',
			'165515214426',
			'520379772095'
		]
	},
	{
		name: 'Finnish henkilötunnus',
		validate: isFinnishHetu,
		kind: 'fi-hetu',
		valid: [
			'241221A123J',
			'241221B4569', // a 2023 century sign for the 2000s
			'311299-234S',
			'311299Y345B', // a 2023 century sign for the 1900s
			'150695+567A',
			'290220A678B',
			'241221A901M', // a temporary number (900–999)
			'241221a123j'
		],
		invalid: [
			'241221A123K',
			'311299-234T',
			'290221A678L', // right check character, but 2021 had no 29 February
			'241221A001L', // individual numbers start at 002
			'241221G123J' // G is no century sign
		],
		random: [
			'735130+543P',
			'643828A528E',
			'698377-368P',
			'687018A450A',
			'754227-824F',
			'065469+6954'
		]
	}
];

describe.each(IDENTITY_FORMATS)('$name', ({ validate, kind, valid, invalid, random }) => {
	it.each(valid)('accepts %s', (value) => expect(validate(value)).toBe(true));
	it.each(invalid)('refuses %s', (value) => expect(validate(value)).toBe(false));
	it.each(random)('refuses the random %s', (value) => expect(validate(value)).toBe(false));

	it('refuses every valid number with any one digit changed', () => {
		let typos = 0;
		// 010185-1234 is accepted without a checksum; the century of a 12-digit Swedish number
		// is outside its checksum.
		for (const value of valid.filter((v) => v !== '010185-1234')) {
			const first = value.replace(/\D/g, '').length === 12 ? 2 : 0;
			for (let index = first; index < value.length; index++) {
				if (!/\d/.test(value[index])) continue;
				for (let digit = 0; digit <= 9; digit++) {
					if (String(digit) === value[index]) continue;
					const typo = value.slice(0, index) + digit + value.slice(index + 1);
					expect(validate(typo), typo).toBe(false);
					typos++;
				}
			}
		}
		expect(typos).toBeGreaterThan(200);
	});

	it.each(valid)(`finds %s in a sentence as ${kind}`, (value) => {
		const text = `The number is ${value}, written down on 03.03.2026.`;
		const start = text.indexOf(value);
		expect(scan(text)).toEqual([{ kind, start, end: start + value.length, text: value }]);
	});

	it.each(invalid)(`does not take %s for a ${kind}`, (value) => {
		const kinds = scan(`Nummer ${value} i listen.`, 'nb').map((match) => match.kind);
		expect(kinds).not.toContain(kind);
	});

	it.each(random)('does not take the random %s for any identity number', (value) => {
		const kinds = scan(`Nummer ${value} i listen.`, 'nb').map((match) => match.kind);
		expect(kinds.filter((k) => k !== 'phone')).toEqual([]);
	});
});

describe('identity numbers in running text', () => {
	it('are not read inside a longer number', () => {
		expect(scan('Saksnummer 1241221400812 og 2412214008123.')).toEqual([]);
	});

	it('are never read as a phone number too', () => {
		expect(found('Mor: 2412214008, far: 24122150018.', 'nb')).toEqual([
			['dk-cpr', '2412214008'],
			['no-fnr', '24122150018']
		]);
	});
});

/** Texts per kind and language: what must be found, and texts where nothing may be found. */
const CASES: {
	kind: PersonalDataKind;
	flagged: Record<Language, [text: string, match: string][]>;
	clean: Record<Language, string[]>;
}[] = [
	{
		kind: 'phone',
		flagged: {
			en: [
				['Call the mother on +47 912 34 567 after work.', '+47 912 34 567'],
				['Her number is 0045 12 34 56 78.', '0045 12 34 56 78'],
				["Dad's mobile: 070-123 45 67", '070-123 45 67'],
				['Reach her at 040 123 4567 in the evening.', '040 123 4567'],
				['Phone 22 33 44 55 or +354 555 1234.', '22 33 44 55']
			],
			nb: [
				['Mor har mobil 912 34 567.', '912 34 567'],
				['Ring far på 41 23 45 67 etter kl. 16.', '41 23 45 67'],
				['Telefon: 22334455', '22334455'],
				['Bestemor bor i Finland, tlf. +358 40 123 4567.', '+358 40 123 4567'],
				['Ring 0047 912 34 567 om det haster.', '0047 912 34 567']
			],
			da: [
				['Mors mobil er 12 34 56 78.', '12 34 56 78'],
				['Ring til 2345 6789 efter klokken 15.', '2345 6789'],
				['Tlf. +45 23 45 67 89', '+45 23 45 67 89'],
				['Faren har et svensk nummer, 08-123 456 78.', '08-123 456 78'],
				['Mormor har nummer 555-1234 i Island.', '555-1234']
			]
		},
		clean: {
			en: [
				'On 03.03.2026 at 08:15 she cried when her mother left.',
				'She is 2 years and 3 months old.',
				'The fee is 3 315 kr a month, 45 % of what they paid before.',
				'It happened in 2025 and again in 2026, in the years 2024-2025 too.',
				'From 8.15 to 15.30 on 2026-03-03 and 3/3-2026.',
				'He was away 12 days out of 20 in March.'
			],
			nb: [
				'Den 03.03.2026 kl. 8.15 gråt hun da mor gikk.',
				'Hun er 2 år og 3 måneder.',
				'Foreldrebetalingen er 3 315 kr i måneden, og 12 500 kroner er skyldig.',
				'I 2024 og 2025 var han borte 14 av 20 dager.',
				'Kl. 08.15–15.30 hver dag fra 03-03-2026.',
				'Kommunen brukte 25 000 000 kr på tiltaket, 20260303.'
			],
			da: [
				'Den 3.3.2026 kl. 8.15 græd hun, da mor gik.',
				'Hun er 2 år og 3 måneder.',
				'Det koster 1 250 000 kr. og 50 % mere end sidst.',
				'Fra 2024 til 2025 og i uge 12 var han syg 3 dage.',
				'Hun kom 03032026 og igen 15.04.2026 kl. 07.45.',
				'Pris: kr 2345 6789 i alt, 2024 2025.'
			]
		}
	},
	{
		kind: 'email',
		flagged: {
			en: [
				['Her e-mail is kari.nordmann@example.no.', 'kari.nordmann@example.no'],
				['Write to far_1985@mail.example.dk about it.', 'far_1985@mail.example.dk'],
				['Contact: jens+nursery@example.com', 'jens+nursery@example.com']
			],
			nb: [
				['Mor har e-post mor.hansen@example.no.', 'mor.hansen@example.no'],
				['Send til ærlig.ås@eksempel.no', 'ærlig.ås@eksempel.no'],
				['E-post: pappa2020@example.com, ikke telefon.', 'pappa2020@example.com']
			],
			da: [
				['Mors e-mail er mette@example.dk.', 'mette@example.dk'],
				['Skriv til far.jensen@mail.example.dk i dag.', 'far.jensen@mail.example.dk'],
				['Mail: søren-p@example.com', 'søren-p@example.com']
			]
		},
		clean: {
			en: ['We met @ the gate.', 'Her address was kari@home, she said.', 'Email: not given.'],
			nb: ['Vi møttes @ porten.', 'E-post: ikke oppgitt.', 'Mor skrev «mor@» på lappen.'],
			da: ['Vi mødtes @ lågen.', 'E-mail: ikke oplyst.', 'Prisen var 5 @ 10 kr.']
		}
	},
	{
		kind: 'street-address',
		flagged: {
			en: [
				['They live at 12 Oak Street with the grandmother.', '12 Oak Street'],
				['Her address is Storgata 12, 0150 Oslo.', 'Storgata 12, 0150 Oslo'],
				['The flat at Mannerheimintie 10 A 5 is small.', 'Mannerheimintie 10 A 5'],
				['The father moved to Kungsgatan 5 in May.', 'Kungsgatan 5']
			],
			nb: [
				['Familien bor i Storgata 12.', 'Storgata 12'],
				['Adressen er Kirkeveien 3B.', 'Kirkeveien 3B'],
				['De bor i Karl Johans gate 1, 0154 Oslo.', 'Karl Johans gate 1, 0154 Oslo'],
				['Mor flyttet til Bygdøy allé 23 i fjor.', 'Bygdøy allé 23']
			],
			da: [
				['Familien bor på Nørregade 4, 2. th.', 'Nørregade 4, 2. th.'],
				['Adresse: Vesterbrogade 120, 1620 København', 'Vesterbrogade 120, 1620 København'],
				['Faren bor i Hans Tavsens Gade 5.', 'Hans Tavsens Gade 5'],
				['De er flyttet til Roskildevej 17 st. tv.', 'Roskildevej 17 st. tv.']
			]
		},
		clean: {
			en: [
				'Room 12 was closed, so group 2 went out.',
				'The street was busy on the way to 3 shops.',
				'She came by road 3 times a week.'
			],
			nb: [
				'Hun var på vei 3 ganger før hun gikk.',
				'Avdeling 2 var ute, og alle 3 barna lekte.',
				'Gate 4 var stengt. Nå alle 3 er her.'
			],
			da: [
				'Han var på vej 2 gange.',
				'Stue 2 var på tur, og alle 3 børn var med.',
				'Porten ved gade 3 var åben.'
			]
		}
	},
	{
		kind: 'name',
		flagged: {
			en: [
				["Emil's mum, Kari Nordmann, called at noon.", 'Kari Nordmann'],
				['I spoke to Mikkel about it.', 'Mikkel'],
				['The health visitor Ina Qvist came on Monday.', 'Ina Qvist'],
				['She told Mette Hansen what she saw.', 'Mette Hansen']
			],
			nb: [
				['Mor Kari ringte i går.', 'Kari'],
				['Emil leker med Aisha hver dag.', 'Aisha'],
				['Vi snakket med Ina Qvist om det.', 'Ina Qvist'],
				['Faren heter Ole Berntsen.', 'Ole Berntsen'],
				['August gråt da Emil tok bilen.', 'August']
			],
			da: [
				['Mor Mette ringede.', 'Mette'],
				['Han leger med Oskar hver dag.', 'Oskar'],
				['Pædagogen Ina Qvist så det.', 'Ina Qvist'],
				['Faren hedder Søren Lauridsen.', 'Søren Lauridsen']
			]
		},
		clean: {
			en: [
				'Emil cried on Monday when Sara left.',
				"Emil's mother, Sara Lind, called the Child Welfare Services in Bergen.",
				'In August Emil started. On 3 March: Emil said "Mummy hit".',
				"The NAV office and the Red Cross called Jonas's dad."
			],
			nb: [
				'Emil gråt på mandag da Sara gikk.',
				'Emils mor Sara Lind ringte Barnevernet i Bergen kommune.',
				'03.03.2026 Barnet gråt da mor gikk. Kl. 8.15 Far kom.',
				'Emil sa: «Pappa slo mamma». Styreren ringte Statsforvalteren i Vestland.'
			],
			da: [
				'Emil græd om mandagen, da Sara gik.',
				'Emils mor Sara Lind ringede til Kommunen i Aarhus.',
				'Den 3. marts græd Emil. Barnet sagde: »Far slår mor«.',
				'Jonas’ mor og Vuggestuen i Odense fik Sundhedsplejen på besøg.'
			]
		}
	}
];

describe.each(CASES)('$kind', ({ kind, flagged, clean }) => {
	describe.each(['en', 'nb', 'da'] as const)('in %s', (language) => {
		it.each(flagged[language])('flags %s', (text, match) => {
			const start = text.indexOf(match);
			expect(scan(text, language)).toContainEqual({
				kind,
				start,
				end: start + match.length,
				text: match
			});
		});

		it.each(clean[language])(`finds no ${kind} in %s`, (text) => {
			expect(scan(text, language).filter((m) => m.kind === kind)).toEqual([]);
		});
	});
});

describe('names in the case', () => {
	it('are not flagged, nor their possessives', () => {
		const text =
			"Emils mor og Emil's far. Jonas' bror, Jonas's sister, Jonas’s toy. Sara Lind's bag.";
		expect(scan(text)).toEqual([]);
	});

	it('are compared without regard to case, part by part', () => {
		expect(scan('Hun ringte Anne-Lise og Lise.', 'nb', ['ANNE-LISE Berg'])).toEqual([]);
		expect(scan('Hun ringte Lise Berg.', 'nb', ['anne-lise berg'])).toEqual([]);
	});

	it('do not hide a surname that is not in the case', () => {
		expect(found('Emil Hansen kom sent.', 'nb')).toEqual([['name', 'Hansen']]);
	});
});

describe('the words that are never names', () => {
	it('depend on the language: August is a month in English and a name in Danish', () => {
		expect(found('She started in August with Emil.', 'en')).toEqual([]);
		expect(found('Hun legede med August og Emil.', 'da')).toEqual([['name', 'August']]);
	});

	it('keep abbreviations and title-case headings from being names', () => {
		expect(scan('NAV, BUP og PPT. Notification Of Concern For Emil.')).toEqual([]);
	});
});

describe('findPersonalData', () => {
	const text =
		'Mor Kari Nordmann (tlf. 912 34 567, kari@example.no) bor i Storgata 12. CPR 241221-4008.';

	it('returns every finding once, in the order of the text, with its own text', () => {
		const matches = scan(text, 'nb');
		expect(matches.map((m) => [m.kind, m.text])).toEqual([
			['name', 'Kari Nordmann'],
			['phone', '912 34 567'],
			['email', 'kari@example.no'],
			['street-address', 'Storgata 12'],
			['dk-cpr', '241221-4008']
		]);
		for (const match of matches) expect(text.slice(match.start, match.end)).toBe(match.text);
	});

	it('finds nothing in an empty text or without word lists', () => {
		const empty: PersonalDataWords = {
			givenNames: [],
			surnames: [],
			surnameEndings: [],
			streetSuffixes: [],
			notNames: []
		};
		expect(scan('')).toEqual([]);
		expect(findPersonalData('Emil bor i Storgata 12.', { caseNames: [], words: empty })).toEqual(
			[]
		);
	});

	it('finds no name inside an e-mail or a street address', () => {
		expect(found('Skriv til kari.hansen@example.no eller kom til Hansens gate 4.', 'nb')).toEqual([
			['email', 'kari.hansen@example.no'],
			['street-address', 'Hansens gate 4']
		]);
	});
});
