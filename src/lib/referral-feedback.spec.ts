import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quotedRanges, reviewReferral, sentencesOf, type FeedbackWords } from './referral-feedback';
import {
	RULE_IDS,
	SECTION_IDS,
	type FeedbackCase,
	type ReferralText,
	type RuleId,
	type SectionId
} from './referral-sections';
import {
	FEEDBACK_LANGUAGES,
	readAllFeedbackWords,
	type FeedbackLanguage
} from './server/content/referral-words';

const read = readAllFeedbackWords(
	Object.fromEntries(
		FEEDBACK_LANGUAGES.map((language) => [
			language,
			readFileSync(`courses/referral-feedback/${language}.yaml`, 'utf8')
		])
	)
);
const WORDS = read.words as Record<FeedbackLanguage, FeedbackWords>;

/**
 * A complete draft in each language that follows every point of module 4: the rules must find
 * nothing in it. Each case below replaces one section of it.
 */
const GOOD_DRAFTS: Record<FeedbackLanguage, ReferralText> = {
	en: {
		reporter:
			"Eva Lund, kindergarten teacher in the toddler group at Solbakken kindergarten. I have been Mia's key adult since August, five days a week.",
		child: 'Mia Hansen, born 2 May 2024. She lives with her mother and her older brother.',
		observations: [
			'On 3 March at 8:10, Mia arrived in the same wet nappy she wore when she went home the day before. She ate three portions of lunch and asked for more.',
			'On 7 March at 8:05, her nappy was wet and the skin on her bottom was red.',
			'Monday 10 March:',
			'- Mia hid under the table when her mother came at 16:00.',
			'- She cried for 20 minutes after drop-off.'
		].join('\n'),
		childsWords:
			'On 7 March at 9:15, while I changed her nappy, Mia said: "Mummy sleeps all day." Nobody else was in the room.',
		actionsTaken:
			'On 12 March the leader and I met the mother. We described what we had seen. She said Mia has a cold. We advised her to contact the health visitor.',
		strengths: 'Mia loves singing. She seeks out the cook, Per, and greets him every morning.',
		assessment:
			"I am worried that Mia's basic needs for care and hygiene are not being met at home, based on the observations above.",
		parentsInformed:
			'The parents have not been told about this report, because we want to ask child welfare first.'
	},
	nb: {
		reporter:
			'Eva Lund, pedagog på småbarnsavdelingen i Solbakken barnehage. Jeg har vært primærkontakten til Mia siden august, fem dager i uka.',
		child: 'Mia Hansen, født 2. mai 2024. Hun bor med moren og storebroren sin.',
		observations: [
			'3. mars kl. 8.10 kom Mia med den samme våte bleien som hun hadde på da hun dro hjem dagen før. Hun spiste tre porsjoner lunsj og ba om mer.',
			'7. mars kl. 8.05 var bleien våt og huden på rumpa rød.',
			'Mandag 10. mars:',
			'- Mia gjemte seg under bordet da moren kom kl. 16.00.',
			'- Hun gråt i 20 minutter etter levering.'
		].join('\n'),
		childsWords:
			'7. mars kl. 9.15, mens jeg skiftet bleien hennes, sa Mia: «Mamma sover hele dagen.» Ingen andre var i rommet.',
		actionsTaken:
			'12. mars møtte lederen og jeg moren. Vi beskrev det vi hadde sett. Hun sa at Mia er forkjølet. Vi ga henne råd om å kontakte helsestasjonen.',
		strengths: 'Mia elsker å synge. Hun søker seg til kokken, Per, og hilser på ham hver morgen.',
		assessment:
			'Jeg er bekymret for at Mias grunnleggende behov for omsorg og hygiene ikke blir dekket hjemme, ut fra observasjonene ovenfor.',
		parentsInformed:
			'Foreldrene er ikke informert om denne meldingen, fordi vi vil spørre barnevernet først.'
	},
	da: {
		reporter:
			'Eva Lund, pædagog i vuggestuegruppen i Solbakken Børnehus. Jeg har været Mias primære voksen siden august, fem dage om ugen.',
		child: 'Mia Hansen, født den 2. maj 2024. Hun bor med sin mor og sin storebror.',
		observations: [
			'Den 3. marts kl. 8.10 kom Mia i den samme våde ble, som hun havde på, da hun gik hjem dagen før. Hun spiste tre portioner frokost og bad om mere.',
			'Den 7. marts kl. 8.05 var hendes ble våd, og huden på numsen var rød.',
			'Mandag den 10. marts:',
			'- Mia gemte sig under bordet, da hendes mor kom kl. 16.00.',
			'- Hun græd i 20 minutter efter aflevering.'
		].join('\n'),
		childsWords:
			'Den 7. marts kl. 9.15, mens jeg skiftede hendes ble, sagde Mia: "Mor sover hele dagen." Der var ingen andre i rummet.',
		actionsTaken:
			'Den 12. marts mødte lederen og jeg moren. Vi beskrev, hvad vi havde set. Hun sagde, at Mia er forkølet. Vi rådede hende til at kontakte sundhedsplejen.',
		strengths: 'Mia elsker at synge. Hun søger hen til kokken, Per, og hilser på ham hver morgen.',
		assessment:
			'Jeg er bekymret for, at Mias basale behov for omsorg og hygiejne ikke bliver dækket derhjemme, ud fra iagttagelserne ovenfor.',
		parentsInformed:
			'Forældrene er ikke orienteret om denne underretning, fordi vi vil spørge kommunen først.'
	}
};

/**
 * One text for one section. A flagged case names the sentence the flag must cover (the whole
 * text when left out); a rule about a whole section always covers the whole text. `told` is the
 * case's rule about telling the parents first ('allowed' unless given).
 */
type Case = { section: SectionId; text: string; sentence?: string; told?: 'must-not' };
type Table = Record<RuleId, Record<FeedbackLanguage, { flagged: Case[]; clean: Case[] }>>;

const WHOLE_SECTION_RULES: RuleId[] = [
	'empty-section',
	'child-words-missing',
	'parents-informed-missing'
];

const CASES: Table = {
	'empty-section': {
		en: {
			flagged: [
				{ section: 'reporter', text: '' },
				{ section: 'strengths', text: '   ' },
				{ section: 'assessment', text: '\n\n' },
				{ section: 'observations', text: ' \t ' }
			],
			clean: [
				{ section: 'strengths', text: 'Mia loves the sandpit and shares her spade.' },
				{ section: 'childsWords', text: '' },
				{ section: 'parentsInformed', text: ' ' }
			]
		},
		nb: {
			flagged: [
				{ section: 'reporter', text: '' },
				{ section: 'strengths', text: '   ' },
				{ section: 'actionsTaken', text: '\r\n' }
			],
			clean: [
				{ section: 'strengths', text: 'Mia elsker sandkassa og deler spaden sin.' },
				{ section: 'childsWords', text: '' },
				{ section: 'parentsInformed', text: '' }
			]
		},
		da: {
			flagged: [
				{ section: 'child', text: '' },
				{ section: 'strengths', text: '   ' },
				{ section: 'assessment', text: '\n' }
			],
			clean: [
				{ section: 'strengths', text: 'Mia elsker sandkassen og deler sin skovl.' },
				{ section: 'childsWords', text: '' },
				{ section: 'parentsInformed', text: '' }
			]
		}
	},
	'interpretive-word': {
		en: {
			flagged: [
				{ section: 'observations', text: 'On 3 March Ali seemed sad when his father left.' },
				{
					section: 'observations',
					text: 'On 3 March at 8:00 Ali arrived without a jacket. Ali is neglected.',
					sentence: 'Ali is neglected.'
				},
				{
					section: 'observations',
					text: 'On 12 March at 16:10 his mother was obviously drunk.'
				},
				{
					section: 'childsWords',
					text: "On 18 March Sara said: 'Not Daddy today.' She is clearly scared of her father.",
					sentence: 'She is clearly scared of her father.'
				}
			],
			clean: [
				{
					section: 'observations',
					text: 'On 12 March at 16:10, his mother smelled of alcohol and held on to the door frame.'
				},
				{
					section: 'childsWords',
					text: 'On 18 March at 15:30 Sara said: "Mummy is sad and seems tired."'
				},
				{ section: 'childsWords', text: 'On 4 March Emil said clearly: “Daddy angry.”' },
				{ section: 'observations', text: 'By 9:00 on 3 March Ali had drunk two bottles of milk.' },
				{
					section: 'assessment',
					text: 'I am worried that Ali is neglected at home, based on the observations above.'
				}
			]
		},
		nb: {
			flagged: [
				{ section: 'observations', text: '3. mars virket Ali lei seg da faren gikk.' },
				{
					section: 'observations',
					text: '3. mars kl. 8.00 kom Ali uten jakke. Ali er forsømt.',
					sentence: 'Ali er forsømt.'
				},
				{ section: 'observations', text: '12. mars kl. 16.10 var moren tydeligvis beruset.' },
				{
					section: 'childsWords',
					text: '18. mars sa Sara: «Ikke pappa i dag.» Hun er redd for faren sin.',
					sentence: 'Hun er redd for faren sin.'
				}
			],
			clean: [
				{
					section: 'observations',
					text: '12. mars kl. 16.10 luktet moren alkohol og holdt seg i dørkarmen.'
				},
				{
					section: 'childsWords',
					text: '18. mars kl. 15.30 sa Sara: «Mamma er lei seg og virker trøtt.»'
				},
				{
					section: 'assessment',
					text: 'Jeg er bekymret for at Ali er utsatt for omsorgssvikt hjemme, ut fra observasjonene ovenfor.'
				},
				{
					section: 'observations',
					text: '9. april kl. 9.15 så jeg fire blårøde merker på rad bak på venstre lår.'
				}
			]
		},
		da: {
			flagged: [
				{ section: 'observations', text: 'Den 3. marts virkede Ali ked af det, da hans far gik.' },
				{
					section: 'observations',
					text: 'Den 3. marts kl. 8.00 kom Ali uden jakke. Ali er omsorgssvigtet.',
					sentence: 'Ali er omsorgssvigtet.'
				},
				{ section: 'observations', text: 'Den 12. marts kl. 16.10 var moren tydeligvis beruset.' },
				{
					section: 'childsWords',
					text: 'Den 18. marts sagde Sara: »Ikke far i dag.« Hun er bange for sin far.',
					sentence: 'Hun er bange for sin far.'
				}
			],
			clean: [
				{
					section: 'observations',
					text: 'Den 12. marts kl. 16.10 lugtede hans mor af alkohol og holdt fast i dørkarmen.'
				},
				{
					section: 'childsWords',
					text: 'Den 18. marts kl. 15.30 sagde Sara: "Mor er ked af det og virker træt."'
				},
				{
					section: 'assessment',
					text: 'Jeg er bekymret for, at Ali er omsorgssvigtet derhjemme, ud fra iagttagelserne ovenfor.'
				},
				{
					section: 'observations',
					text: 'Den 9. april kl. 9.15 så jeg fire blårøde mærker på række bag på hans venstre lår.'
				}
			]
		}
	},
	'undated-observation': {
		en: {
			flagged: [
				{ section: 'observations', text: 'Ali arrived without a jacket.' },
				{
					section: 'observations',
					text: 'On 3 March at 8:10 Ali arrived in a wet nappy.\nHe had a red rash on his bottom.',
					sentence: 'He had a red rash on his bottom.'
				},
				{
					section: 'observations',
					text: 'Yesterday Sara hid under the table when her father came.'
				},
				{
					section: 'observations',
					text: 'Tuesday 4 March:\n- Sara hid under the table at pick-up.\n\nNoah fell asleep at lunch.',
					sentence: 'Noah fell asleep at lunch.'
				}
			],
			clean: [
				{
					section: 'observations',
					text: 'On 3 March at 8:10 Ali arrived in a wet nappy. He then asked for breakfast.'
				},
				{
					section: 'observations',
					text: 'Tuesday 4 March:\n- Sara hid under the table at pick-up.\n- She cried for ten minutes.'
				},
				{
					section: 'observations',
					text: '2026-03-05, 09:15: Noah had a bruise on his left cheek.'
				},
				{ section: 'observations', text: 'At 8 Emil arrived without his coat.' },
				{ section: 'observations', text: '03/03: Liv ate three portions of lunch.' },
				{ section: 'observations', text: 'In week 11 Oskar was away for three days.' },
				{ section: 'observations', text: 'On May 6th Aron did not cry when he fell.' }
			]
		},
		nb: {
			flagged: [
				{ section: 'observations', text: 'Ali kom uten jakke.' },
				{
					section: 'observations',
					text: '3. mars kl. 8.10 kom Ali med våt bleie.\nHan hadde rødt utslett på rumpa.',
					sentence: 'Han hadde rødt utslett på rumpa.'
				},
				{ section: 'observations', text: 'I går gjemte Sara seg under bordet da faren kom.' }
			],
			clean: [
				{
					section: 'observations',
					text: '3. mars kl. 8.10 kom Ali med våt bleie. Deretter ba han om frokost.'
				},
				{
					section: 'observations',
					text: 'Tirsdag 4. mars:\n- Sara gjemte seg under bordet ved henting.\n- Hun gråt i ti minutter.'
				},
				{
					section: 'observations',
					text: '5.3. ved 9-tiden hadde Noah et blåmerke på venstre kinn.'
				},
				{ section: 'observations', text: 'Kl. 8 kom Emil uten jakke.' },
				{ section: 'observations', text: 'I uke 11 var Oskar borte i tre dager.' }
			]
		},
		da: {
			flagged: [
				{ section: 'observations', text: 'Ali kom uden jakke.' },
				{
					section: 'observations',
					text: 'Den 3. marts kl. 8.10 kom Ali med en våd ble.\nHan havde rødt udslæt på numsen.',
					sentence: 'Han havde rødt udslæt på numsen.'
				},
				{
					section: 'observations',
					text: 'I går gemte Sara sig under bordet, da hendes far kom.'
				}
			],
			clean: [
				{
					section: 'observations',
					text: 'Den 3. marts kl. 8.10 kom Ali med en våd ble. Bagefter bad han om morgenmad.'
				},
				{
					section: 'observations',
					text: 'Tirsdag den 4. marts:\n- Sara gemte sig under bordet ved afhentning.\n- Hun græd i ti minutter.'
				},
				{
					section: 'observations',
					text: 'D. 5.3. ved 9-tiden havde Noah et blåt mærke på venstre kind.'
				},
				{ section: 'observations', text: 'I uge 11 var Oskar væk i tre dage.' }
			]
		}
	},
	'child-words-missing': {
		en: {
			flagged: [
				{ section: 'childsWords', text: '' },
				{ section: 'childsWords', text: '   ' },
				{ section: 'childsWords', text: '\n' }
			],
			clean: [
				{ section: 'childsWords', text: 'On 18 March Sara said: "Not Daddy today."' },
				{
					section: 'childsWords',
					text: 'Aron (11 months) does not talk yet. When an adult raises an arm near him, he goes still and shuts his eyes.'
				},
				{ section: 'childsWords', text: 'Sara has not said anything about home.' }
			]
		},
		nb: {
			flagged: [
				{ section: 'childsWords', text: '' },
				{ section: 'childsWords', text: '  ' },
				{ section: 'childsWords', text: '\r\n\r\n' }
			],
			clean: [
				{ section: 'childsWords', text: '18. mars sa Sara: «Ikke pappa i dag.»' },
				{
					section: 'childsWords',
					text: 'Aron (11 måneder) snakker ikke ennå. Når en voksen løfter armen nær ham, lukker han øynene.'
				},
				{ section: 'childsWords', text: 'Sara har ikke sagt noe om hjemme.' }
			]
		},
		da: {
			flagged: [
				{ section: 'childsWords', text: '' },
				{ section: 'childsWords', text: ' ' },
				{ section: 'childsWords', text: '\t\n' }
			],
			clean: [
				{ section: 'childsWords', text: 'Den 18. marts sagde Sara: »Ikke far i dag.«' },
				{
					section: 'childsWords',
					text: 'Aron (11 måneder) taler ikke endnu. Når en voksen løfter en arm tæt ved ham, lukker han øjnene.'
				},
				{ section: 'childsWords', text: 'Sara har ikke sagt noget om derhjemme.' }
			]
		}
	},
	'child-words-unquoted': {
		en: {
			flagged: [
				{
					section: 'childsWords',
					text: 'On 18 March Sara said that she did not want to go home with her father.'
				},
				{ section: 'childsWords', text: 'On 4 March at 9:00 Noah told me his dad hits his mum.' },
				{
					section: 'childsWords',
					text: 'Ali asked if he could sleep in the kindergarten. He was eating an apple.',
					sentence: 'Ali asked if he could sleep in the kindergarten.'
				}
			],
			clean: [
				{ section: 'childsWords', text: 'On 18 March Sara said: "Not Daddy today."' },
				{
					section: 'childsWords',
					text: 'Aron (11 months) does not talk yet. When an adult raises an arm near him, he goes still.'
				},
				{
					section: 'childsWords',
					text: 'On 4 March Noah said: «Daddy angry.» Later he told me about a dog.'
				},
				{ section: 'childsWords', text: 'Ali has not said anything about home.' },
				{
					section: 'childsWords',
					text: 'Liv points at the door and hides her face when her father comes.'
				}
			]
		},
		nb: {
			flagged: [
				{ section: 'childsWords', text: '18. mars sa Sara at hun ikke ville hjem med faren.' },
				{ section: 'childsWords', text: '4. mars kl. 9.00 fortalte Noah meg at pappa slår mamma.' },
				{
					section: 'childsWords',
					text: 'Ali spurte om han kunne sove i barnehagen. Han spiste et eple.',
					sentence: 'Ali spurte om han kunne sove i barnehagen.'
				}
			],
			clean: [
				{ section: 'childsWords', text: '18. mars sa Sara: «Ikke pappa i dag.»' },
				{
					section: 'childsWords',
					text: 'Aron (11 måneder) snakker ikke ennå. Når en voksen løfter armen nær ham, blir han helt stille.'
				},
				{ section: 'childsWords', text: 'Ali har ikke sagt noe om hjemme.' },
				{ section: 'childsWords', text: 'Liv peker mot døra og skjuler ansiktet når faren kommer.' }
			]
		},
		da: {
			flagged: [
				{
					section: 'childsWords',
					text: 'Den 18. marts sagde Sara, at hun ikke ville hjem med sin far.'
				},
				{
					section: 'childsWords',
					text: 'Den 4. marts kl. 9.00 fortalte Noah mig, at far slår mor.'
				},
				{
					section: 'childsWords',
					text: 'Ali spurgte, om han måtte sove i børnehaven. Han spiste et æble.',
					sentence: 'Ali spurgte, om han måtte sove i børnehaven.'
				}
			],
			clean: [
				{ section: 'childsWords', text: 'Den 18. marts sagde Sara: »Ikke far i dag.«' },
				{
					section: 'childsWords',
					text: 'Aron (11 måneder) taler ikke endnu. Når en voksen løfter en arm tæt ved ham, stivner han.'
				},
				{ section: 'childsWords', text: 'Ali har ikke sagt noget om derhjemme.' },
				{
					section: 'childsWords',
					text: 'Liv peger på døren og skjuler ansigtet, når hendes far kommer.'
				}
			]
		}
	},
	'assessment-in-observations': {
		en: {
			flagged: [
				{
					section: 'observations',
					text: 'On 3 March Ali arrived hungry. I am worried that he does not get breakfast at home.',
					sentence: 'I am worried that he does not get breakfast at home.'
				},
				{
					section: 'observations',
					text: 'On 7 March at 8:00 Sara had a bruise on her cheek, which suggests that someone hit her.'
				},
				{ section: 'observations', text: 'On 9 April Noah was probably hungry when he came.' }
			],
			clean: [
				{
					section: 'observations',
					text: 'On 3 March at 8:10 Ali arrived hungry and ate three slices of bread.'
				},
				{
					section: 'assessment',
					text: 'I am worried that Ali does not get breakfast at home, based on the observations above.'
				},
				{
					section: 'observations',
					text: 'On 7 March the mother said: "I am worried about him."'
				},
				{
					section: 'observations',
					text: 'On 12 March the mother said she believes he is ill.'
				},
				{
					section: 'observations',
					text: 'On 3 March the mother told us that Ali must be picked up by 15:00 on Fridays.'
				}
			]
		},
		nb: {
			flagged: [
				{
					section: 'observations',
					text: '3. mars kom Ali sulten. Jeg er bekymret for at han ikke får frokost hjemme.',
					sentence: 'Jeg er bekymret for at han ikke får frokost hjemme.'
				},
				{
					section: 'observations',
					text: '7. mars kl. 8.00 hadde Sara et blåmerke på kinnet, noe som tyder på at noen har slått henne.'
				},
				{ section: 'observations', text: '9. april var Noah sannsynligvis sulten da han kom.' }
			],
			clean: [
				{
					section: 'observations',
					text: '3. mars kl. 8.10 kom Ali sulten og spiste tre brødskiver.'
				},
				{
					section: 'assessment',
					text: 'Jeg er bekymret for at Ali ikke får frokost hjemme, ut fra observasjonene ovenfor.'
				},
				{ section: 'observations', text: '7. mars sa moren: «Jeg er bekymret for ham.»' }
			]
		},
		da: {
			flagged: [
				{
					section: 'observations',
					text: 'Den 3. marts kom Ali sulten. Jeg er bekymret for, at han ikke får morgenmad derhjemme.',
					sentence: 'Jeg er bekymret for, at han ikke får morgenmad derhjemme.'
				},
				{
					section: 'observations',
					text: 'Den 7. marts kl. 8.00 havde Sara et blåt mærke på kinden, hvilket tyder på, at nogen har slået hende.'
				},
				{ section: 'observations', text: 'Den 9. april var Noah sandsynligvis sulten, da han kom.' }
			],
			clean: [
				{
					section: 'observations',
					text: 'Den 3. marts kl. 8.10 kom Ali sulten og spiste tre stykker brød.'
				},
				{
					section: 'assessment',
					text: 'Jeg er bekymret for, at Ali ikke får morgenmad derhjemme, ud fra iagttagelserne ovenfor.'
				},
				{ section: 'observations', text: 'Den 7. marts sagde moren: "Jeg er bekymret for ham."' }
			]
		}
	},
	'observation-in-assessment': {
		en: {
			flagged: [
				{
					section: 'assessment',
					text: 'On 3 March at 8:10 Ali arrived in a wet nappy. I am worried about his care.',
					sentence: 'On 3 March at 8:10 Ali arrived in a wet nappy.'
				},
				{
					section: 'assessment',
					text: 'I am worried because on 12 March his mother smelled of alcohol at pick-up.'
				},
				{
					section: 'assessment',
					text: "On Friday at 16:10 she could not stand up straight, and I fear for Selma's safety."
				}
			],
			clean: [
				{
					section: 'assessment',
					text: "I am worried that Ali's basic needs are not being met, based on the observations above."
				},
				{
					section: 'assessment',
					text: "The observations of 3 and 7 March, described above, make me worried about Ali's care."
				},
				{ section: 'assessment', text: 'I am worried that Sara is afraid of her father.' },
				{ section: 'assessment', text: 'I have been worried about Noah since 9 April.' },
				{
					section: 'assessment',
					text: 'In March, Ali started to arrive hungry, and in week 12 he stopped playing with others.'
				}
			]
		},
		nb: {
			flagged: [
				{
					section: 'assessment',
					text: '3. mars kl. 8.10 kom Ali med våt bleie. Jeg er bekymret for omsorgen hans.',
					sentence: '3. mars kl. 8.10 kom Ali med våt bleie.'
				},
				{
					section: 'assessment',
					text: 'Jeg er bekymret fordi moren luktet alkohol ved henting 12. mars.'
				},
				{
					section: 'assessment',
					text: 'Fredag kl. 16.10 klarte hun ikke å stå oppreist, og jeg er redd for Selmas sikkerhet.'
				}
			],
			clean: [
				{
					section: 'assessment',
					text: 'Jeg er bekymret for at Alis grunnleggende behov ikke blir dekket, ut fra observasjonene ovenfor.'
				},
				{
					section: 'assessment',
					text: 'Observasjonene fra 3. og 7. mars, beskrevet ovenfor, gjør meg bekymret for omsorgen Ali får.'
				},
				{ section: 'assessment', text: 'Jeg er bekymret for at Sara er redd faren sin.' },
				{ section: 'assessment', text: 'Jeg har vært bekymret for Noah siden 9. april.' }
			]
		},
		da: {
			flagged: [
				{
					section: 'assessment',
					text: 'Den 3. marts kl. 8.10 kom Ali med en våd ble. Jeg er bekymret for omsorgen for ham.',
					sentence: 'Den 3. marts kl. 8.10 kom Ali med en våd ble.'
				},
				{
					section: 'assessment',
					text: 'Jeg er bekymret, fordi hans mor lugtede af alkohol ved afhentning den 12. marts.'
				},
				{
					section: 'assessment',
					text: 'Fredag kl. 16.10 kunne hun ikke stå oprejst, og jeg frygter for Selmas sikkerhed.'
				}
			],
			clean: [
				{
					section: 'assessment',
					text: 'Jeg er bekymret for, at Alis basale behov ikke bliver dækket, ud fra iagttagelserne ovenfor.'
				},
				{
					section: 'assessment',
					text: 'Iagttagelserne fra den 3. og 7. marts, beskrevet ovenfor, gør mig bekymret for omsorgen for Ali.'
				},
				{ section: 'assessment', text: 'Jeg er bekymret for, at Sara er bange for sin far.' },
				{ section: 'assessment', text: 'Jeg har været bekymret for Noah siden den 9. april.' }
			]
		}
	},
	'proposed-measure': {
		en: {
			flagged: [
				{
					section: 'assessment',
					text: 'I am worried about Ali, and I think he should be placed in foster care.'
				},
				{ section: 'assessment', text: 'Sara needs therapy as soon as possible.' },
				{
					section: 'actionsTaken',
					text: 'On 5 March we met the mother. We told her that Noah needs a psychologist.',
					sentence: 'We told her that Noah needs a psychologist.'
				}
			],
			clean: [
				{
					section: 'assessment',
					text: "I am worried that Ali's basic needs are not being met, based on the observations above."
				},
				{ section: 'child', text: 'Ali, 4 years, lives with a foster family in Tromsø.' },
				{
					section: 'actionsTaken',
					text: 'On 5 March we advised the parents to contact the health visitor.'
				}
			]
		},
		nb: {
			flagged: [
				{
					section: 'assessment',
					text: 'Jeg er bekymret for Ali, og jeg mener han bør plasseres i fosterhjem.'
				},
				{ section: 'assessment', text: 'Sara trenger terapi så snart som mulig.' },
				{
					section: 'actionsTaken',
					text: '5. mars møtte vi moren. Vi sa til henne at Noah trenger en psykolog.',
					sentence: 'Vi sa til henne at Noah trenger en psykolog.'
				}
			],
			clean: [
				{
					section: 'assessment',
					text: 'Jeg er bekymret for at Alis grunnleggende behov ikke blir dekket, ut fra observasjonene ovenfor.'
				},
				{ section: 'child', text: 'Ali, 4 år, bor i fosterhjem i Tromsø.' },
				{
					section: 'actionsTaken',
					text: '5. mars ga vi foreldrene råd om å kontakte helsestasjonen.'
				}
			]
		},
		da: {
			flagged: [
				{
					section: 'assessment',
					text: 'Jeg er bekymret for Ali, og jeg mener, han bør anbringes i en plejefamilie.'
				},
				{ section: 'assessment', text: 'Sara har brug for terapi hurtigst muligt.' },
				{
					section: 'actionsTaken',
					text: 'Den 5. marts mødte vi moren. Vi sagde til hende, at Noah har brug for en psykolog.',
					sentence: 'Vi sagde til hende, at Noah har brug for en psykolog.'
				}
			],
			clean: [
				{
					section: 'assessment',
					text: 'Jeg er bekymret for, at Alis basale behov ikke bliver dækket, ud fra iagttagelserne ovenfor.'
				},
				{ section: 'child', text: 'Ali, 4 år, bor i en plejefamilie i Aarhus.' },
				{
					section: 'actionsTaken',
					text: 'Den 5. marts rådede vi forældrene til at kontakte sundhedsplejen.'
				}
			]
		}
	},
	'vague-quantity': {
		en: {
			flagged: [
				{ section: 'observations', text: 'Since March, Ali often arrives without breakfast.' },
				{
					section: 'observations',
					text: 'Monday 3 March:\n- Sara cried a lot at drop-off.',
					sentence: 'Sara cried a lot at drop-off.'
				},
				{
					section: 'observations',
					text: "On Friday Noah's father shouted at him several times in the hallway."
				}
			],
			clean: [
				{
					section: 'observations',
					text: 'In March, Sara often cried at drop-off: on 3, 7 and 12 March.'
				},
				{ section: 'observations', text: 'In week 11 Ali often ate two portions at lunch.' },
				{ section: 'observations', text: 'The mother said: "He always wakes at night."' },
				{
					section: 'assessment',
					text: 'I am worried that Ali often goes without breakfast, based on the observations above.'
				}
			]
		},
		nb: {
			flagged: [
				{ section: 'observations', text: 'Siden mars kommer Ali ofte uten frokost.' },
				{
					section: 'observations',
					text: 'Mandag 3. mars:\n- Sara gråt mye ved levering.',
					sentence: 'Sara gråt mye ved levering.'
				},
				{ section: 'observations', text: 'Fredag ropte faren til Noah flere ganger i gangen.' }
			],
			clean: [
				{
					section: 'observations',
					text: 'I mars gråt Sara ofte ved levering: 3., 7. og 12. mars.'
				},
				{ section: 'observations', text: 'I uke 11 spiste Ali ofte to porsjoner til lunsj.' },
				{ section: 'observations', text: 'Moren sa: «Han våkner alltid om natta.»' }
			]
		},
		da: {
			flagged: [
				{ section: 'observations', text: 'Siden marts kommer Ali tit uden morgenmad.' },
				{
					section: 'observations',
					text: 'Mandag den 3. marts:\n- Sara græd en masse ved aflevering.',
					sentence: 'Sara græd en masse ved aflevering.'
				},
				{ section: 'observations', text: 'Fredag råbte faren ad Noah flere gange på gangen.' }
			],
			clean: [
				{
					section: 'observations',
					text: 'I marts græd Sara tit ved aflevering: den 3., 7. og 12. marts.'
				},
				{ section: 'observations', text: 'I uge 11 spiste Ali ofte to portioner til frokost.' },
				{ section: 'observations', text: 'Moren sagde: "Han vågner altid om natten."' }
			]
		}
	},
	'parents-informed-missing': {
		en: {
			flagged: [
				{ section: 'parentsInformed', text: '' },
				{ section: 'parentsInformed', text: 'We will talk to the leader about this.' },
				{ section: 'parentsInformed', text: 'The family has lived in Norway for two years.' }
			],
			clean: [
				{
					section: 'parentsInformed',
					text: 'The parents have not been told, because we suspect violence at home.'
				},
				{
					section: 'parentsInformed',
					text: 'Yes. We went through the report with both parents on 14 March.'
				},
				{
					section: 'parentsInformed',
					text: "No, because Noah's words point to violence in the home."
				},
				{
					section: 'parentsInformed',
					text: 'The mother knows about the report and agreed that we send it.'
				},
				{ section: 'parentsInformed', text: 'Not yet. The leader will call child welfare first.' }
			]
		},
		nb: {
			flagged: [
				{ section: 'parentsInformed', text: '' },
				{ section: 'parentsInformed', text: 'Vi skal snakke med lederen om dette.' },
				{ section: 'parentsInformed', text: 'Familien har bodd i Norge i to år.' }
			],
			clean: [
				{
					section: 'parentsInformed',
					text: 'Foreldrene er ikke informert, fordi vi mistenker vold i hjemmet.'
				},
				{
					section: 'parentsInformed',
					text: 'Ja. Vi gikk gjennom meldingen med begge foreldrene 14. mars.'
				},
				{ section: 'parentsInformed', text: 'Nei, fordi Noahs ord tyder på vold i hjemmet.' },
				{ section: 'parentsInformed', text: 'Ikke ennå. Lederen ringer barnevernet først.' }
			]
		},
		da: {
			flagged: [
				{ section: 'parentsInformed', text: '' },
				{ section: 'parentsInformed', text: 'Vi skal tale med lederen om det.' },
				{ section: 'parentsInformed', text: 'Familien har boet i Danmark i to år.' }
			],
			clean: [
				{
					section: 'parentsInformed',
					text: 'Forældrene er ikke orienteret, fordi vi har mistanke om vold i hjemmet.'
				},
				{
					section: 'parentsInformed',
					text: 'Ja. Vi gennemgik underretningen med begge forældre den 14. marts.'
				},
				{ section: 'parentsInformed', text: 'Nej, fordi Noahs ord peger på vold i hjemmet.' },
				{ section: 'parentsInformed', text: 'Ikke endnu. Lederen ringer til kommunen først.' }
			]
		}
	},
	'parents-informed-conflict': {
		en: {
			flagged: [
				{
					section: 'parentsInformed',
					text: 'We told the parents about the report on 14 March.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'The mother was informed at pick-up on Friday.',
					told: 'must-not'
				},
				{
					section: 'actionsTaken',
					text: "On 14 March we informed Noah's mother about the report.",
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Yes, the parents know about the report.',
					told: 'must-not'
				}
			],
			clean: [
				{
					section: 'parentsInformed',
					text: 'The parents have not been told, because we suspect violence at home. Child welfare decides when they are told.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'We have not informed the mother about the report.',
					told: 'must-not'
				},
				{
					section: 'actionsTaken',
					text: "On 3 March we told the mother about the bruise on Noah's cheek.",
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'We did not tell the parents. We told child welfare by phone on 14 March.',
					told: 'must-not'
				},
				{ section: 'parentsInformed', text: 'We told the parents about the report on 14 March.' }
			]
		},
		nb: {
			flagged: [
				{
					section: 'parentsInformed',
					text: 'Vi fortalte foreldrene om meldingen 14. mars.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Moren ble informert ved henting fredag.',
					told: 'must-not'
				},
				{
					section: 'actionsTaken',
					text: '14. mars informerte vi moren om bekymringsmeldingen.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Ja, foreldrene vet om meldingen.',
					told: 'must-not'
				}
			],
			clean: [
				{
					section: 'parentsInformed',
					text: 'Foreldrene er ikke informert, fordi vi mistenker vold i hjemmet. Barnevernet avgjør når de får vite det.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Vi fortalte ikke moren om meldingen.',
					told: 'must-not'
				},
				{
					section: 'actionsTaken',
					text: '3. mars fortalte vi moren om blåmerket på kinnet til Noah.',
					told: 'must-not'
				},
				{ section: 'parentsInformed', text: 'Vi fortalte foreldrene om meldingen 14. mars.' }
			]
		},
		da: {
			flagged: [
				{
					section: 'parentsInformed',
					text: 'Vi fortalte forældrene om underretningen den 14. marts.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Moren blev orienteret ved afhentning fredag.',
					told: 'must-not'
				},
				{
					section: 'actionsTaken',
					text: 'Den 14. marts orienterede vi moren om underretningen.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Ja, forældrene kender til underretningen.',
					told: 'must-not'
				}
			],
			clean: [
				{
					section: 'parentsInformed',
					text: 'Forældrene er ikke orienteret, fordi vi har mistanke om vold i hjemmet. Kommunen beslutter, hvornår de får besked.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Vi fortalte ikke moren om underretningen.',
					told: 'must-not'
				},
				{
					section: 'actionsTaken',
					text: 'Den 3. marts fortalte vi moren om det blå mærke på Noahs kind.',
					told: 'must-not'
				},
				{
					section: 'parentsInformed',
					text: 'Vi fortalte forældrene om underretningen den 14. marts.'
				}
			]
		}
	}
};

function review(language: FeedbackLanguage, testCase: Case) {
	const text = { ...GOOD_DRAFTS[language], [testCase.section]: testCase.text };
	const kase: FeedbackCase = { parentsToldFirst: testCase.told ?? 'allowed' };
	return reviewReferral(text, WORDS[language], kase);
}

describe('the word lists in courses/referral-feedback', () => {
	it('are valid in every language and define every rule', () => {
		expect(read.problems).toEqual([]);
		for (const language of FEEDBACK_LANGUAGES) {
			expect(Object.keys(WORDS[language].rules).sort()).toEqual([...RULE_IDS].sort());
		}
	});
});

describe('a draft that follows the lessons', () => {
	for (const language of FEEDBACK_LANGUAGES) {
		it(`gets no flags in ${language}, whether or not the parents may be told first`, () => {
			for (const told of ['allowed', 'must-not'] as const) {
				expect(
					reviewReferral(GOOD_DRAFTS[language], WORDS[language], { parentsToldFirst: told })
				).toEqual([]);
			}
		});
	}
});

describe.each(RULE_IDS)('the rule %s', (rule) => {
	it('has at least 3 texts that must be flagged and 3 that must not, in every language', () => {
		for (const language of FEEDBACK_LANGUAGES) {
			expect(CASES[rule][language].flagged.length).toBeGreaterThanOrEqual(3);
			expect(CASES[rule][language].clean.length).toBeGreaterThanOrEqual(3);
		}
	});

	describe.each(FEEDBACK_LANGUAGES)('in %s', (language) => {
		it.each(CASES[rule][language].flagged.map((c) => [JSON.stringify(c.text), c] as const))(
			'flags %s',
			(_, testCase) => {
				const flags = review(language, testCase).filter((f) => f.rule === rule);
				const whole = WHOLE_SECTION_RULES.includes(rule);
				const sentence = testCase.sentence ?? testCase.text.trim();
				const start = whole ? 0 : testCase.text.indexOf(sentence);
				const end = whole ? testCase.text.length : start + sentence.length;
				expect(start).toBeGreaterThanOrEqual(0);
				expect(flags).toContainEqual(
					expect.objectContaining({ rule, section: testCase.section, start, end })
				);
				expect(flags.every((f) => f.section === testCase.section)).toBe(true);
			}
		);

		it.each(CASES[rule][language].clean.map((c) => [JSON.stringify(c.text), c] as const))(
			'does not flag %s',
			(_, testCase) => {
				expect(review(language, testCase).filter((f) => f.rule === rule)).toEqual([]);
			}
		);
	});
});

describe('reviewReferral', () => {
	const words = WORDS.en;

	it('gives an empty section one flag: its own rule where it has one, else empty-section', () => {
		const text = { ...GOOD_DRAFTS.en, childsWords: '', parentsInformed: ' ', strengths: '' };
		const flags = reviewReferral(text, words, { parentsToldFirst: 'allowed' });
		expect(flags.map((f) => [f.section, f.rule])).toEqual([
			['childsWords', 'child-words-missing'],
			['strengths', 'empty-section'],
			['parentsInformed', 'parents-informed-missing']
		]);
	});

	it('sorts flags by section, then by position in the text', () => {
		const text: ReferralText = {
			...GOOD_DRAFTS.en,
			observations: 'Ali often cries. On 3 March Ali seemed sad.',
			reporter: '',
			assessment: 'Ali should be moved. On 3 March he cried.'
		};
		const flags = reviewReferral(text, words, { parentsToldFirst: 'allowed' });
		expect(flags.map((f) => [f.section, f.start, f.rule])).toEqual([
			['reporter', 0, 'empty-section'],
			['observations', 0, 'undated-observation'],
			['observations', 0, 'vague-quantity'],
			['observations', 17, 'interpretive-word'],
			['assessment', 0, 'proposed-measure'],
			['assessment', 21, 'observation-in-assessment']
		]);
		expect(flags.map((f) => SECTION_IDS.indexOf(f.section))).toEqual(
			[...flags.map((f) => SECTION_IDS.indexOf(f.section))].sort((a, b) => a - b)
		);
	});

	it('names the word that set a flag off, in the case the learner wrote it', () => {
		const text = { ...GOOD_DRAFTS.en, observations: 'On 3 March Ali was Obviously tired.' };
		const [flag] = reviewReferral(text, words, { parentsToldFirst: 'allowed' });
		expect(flag).toMatchObject({ rule: 'interpretive-word', match: 'Obviously' });
	});

	it('matches Nordic letters as letters: a word is not found inside a longer one', () => {
		const text = { ...GOOD_DRAFTS.nb, observations: '3. mars kl. 9.00 var Ali forsømt.' };
		expect(reviewReferral(text, WORDS.nb, { parentsToldFirst: 'allowed' })).toMatchObject([
			{ rule: 'interpretive-word', match: 'forsømt' }
		]);
		const inside = {
			...GOOD_DRAFTS.da,
			observations: 'Den 3. marts pegede Ali på titlen på bogen.'
		};
		expect(reviewReferral(inside, WORDS.da, { parentsToldFirst: 'allowed' })).toEqual([]);
	});

	it('flags a line without a date once, on its first sentence', () => {
		const observations =
			'Aron does not reach out to be picked up. He goes still when an adult raises an arm.\nOn 9 April at 9:15 he shut his eyes.';
		const text = { ...GOOD_DRAFTS.en, observations };
		const flags = reviewReferral(text, words, { parentsToldFirst: 'allowed' });
		expect(flags.map((f) => [f.rule, observations.slice(f.start, f.end)])).toEqual([
			['undated-observation', 'Aron does not reach out to be picked up.']
		]);
	});

	it('keeps the ranges of text written with Windows line ends', () => {
		const observations = 'On 3 March Ali cried.\r\nAli is neglected.\r\n';
		const text = { ...GOOD_DRAFTS.en, observations };
		const [flag] = reviewReferral(text, words, { parentsToldFirst: 'allowed' });
		expect(observations.slice(flag.start, flag.end)).toBe('Ali is neglected.');
	});
});

describe('sentencesOf', () => {
	const sentences = (text: string) => sentencesOf(text).map((r) => text.slice(r.start, r.end));

	it('splits at full stops, question and exclamation marks before a new sentence', () => {
		expect(sentences('Ali cried. Then he slept! Was he tired? Yes.')).toEqual([
			'Ali cried.',
			'Then he slept!',
			'Was he tired?',
			'Yes.'
		]);
	});

	it('does not split inside dates, times and abbreviations', () => {
		expect(sentences('3. mars kl. 8.15 kom Ali. Den 4. og 5. marts kom han ikke.')).toEqual([
			'3. mars kl. 8.15 kom Ali.',
			'Den 4. og 5. marts kom han ikke.'
		]);
		expect(sentences('Hun kom kl. 8. Hun gikk 3.3. Neste dag kom hun ikke.')).toEqual([
			'Hun kom kl. 8.',
			'Hun gikk 3.3.',
			'Neste dag kom hun ikke.'
		]);
	});

	it('keeps a quotation with the sentence that carries it', () => {
		expect(sentences('«Hvor er mamma?» spurte hun. "Not Daddy today." She ran off.')).toEqual([
			'«Hvor er mamma?» spurte hun.',
			'"Not Daddy today."',
			'She ran off.'
		]);
	});

	it('treats every line as its own paragraph, without list markers', () => {
		const text = 'Monday 3 March:\n- Ali cried\n  2. He hid\n\n1) She came';
		expect(sentences(text)).toEqual(['Monday 3 March:', 'Ali cried', 'He hid', 'She came']);
	});

	it('starts a sentence at a date after a full stop', () => {
		expect(sentences('He ate lunch. 7 March he cried.')).toEqual([
			'He ate lunch.',
			'7 March he cried.'
		]);
	});
});

describe('quotedRanges', () => {
	const quoted = (text: string) => quotedRanges(text).map((r) => text.slice(r.start, r.end));

	it('finds every kind of quotation mark used in en, nb and da', () => {
		expect(quoted('She said "no", «nei», »nej«, „nej“, “no” and ‘no’.')).toEqual([
			'"no"',
			'«nei»',
			'»nej«',
			'„nej“',
			'“no”',
			'‘no’'
		]);
	});

	it('does not take apostrophes for quotation marks', () => {
		expect(quoted("Sara's mum didn't come. The kids' toys. He said: 'Daddy angry.'")).toEqual([
			"'Daddy angry.'"
		]);
	});

	it('runs an unclosed double quotation to the end of its line', () => {
		expect(quoted('He said: "Daddy angry.\nNext line.')).toEqual(['"Daddy angry.']);
	});
});
