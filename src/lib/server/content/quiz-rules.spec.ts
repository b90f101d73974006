import { describe, expect, it } from 'vitest';
import { FOLDER, underCheck, type CompleteCourse } from '$lib/server/__fixtures__/complete-course';
import {
	checkBankSize,
	checkCaseShare,
	checkCountryCounts,
	checkLengthCue,
	checkObjectives,
	checkOptionCues,
	longestKeyShare
} from './quiz-rules';

const BANK = `${FOLDER}/quiz.yaml`;
const COURSE = `${FOLDER}/course.md`;

type Options = { id: string; text: string; correct?: boolean }[];
const optionsOf = (c: CompleteCourse, index: number) => c.questions[index].options as Options;

describe('checkObjectives', () => {
	it('passes a bank where every objective is tested for everyone', () => {
		expect(checkObjectives(underCheck())).toEqual([]);
	});

	it('fails a question without an objective, or with one course.md does not have', () => {
		const under = underCheck((c) => {
			delete c.questions[0].objective;
			c.questions[1].objective = 3;
		});
		expect(checkObjectives(under)).toEqual([
			{
				file: BANK,
				field: 'questions.0(fa-q-1).objective',
				message:
					'is required: the number of the objective in course.md that the question tests (1–2)'
			},
			{
				file: BANK,
				field: 'questions.1(fa-q-2).objective',
				message: 'is 3 but course.md has only 2 objective(s)'
			}
		]);
	});

	it("fails an objective that some country's learners cannot be drawn", () => {
		const under = underCheck((c) => {
			for (const q of c.questions) q.objective = 1;
			c.questions[0].objective = 2;
			c.questions[0].countries = ['NO'];
		});
		expect(checkObjectives(under)).toEqual([
			{
				file: BANK,
				field: '(objective 2)',
				message:
					'no question on objective 2 is drawn for learners in DK, SE, FI, IS; add an untagged question or one tagged for them'
			}
		]);
		const untested = underCheck((c) => {
			for (const q of c.questions) q.objective = 1;
		});
		expect(checkObjectives(untested)).toEqual([
			{ file: BANK, field: '(objective 2)', message: 'no question tests objective 2 of course.md' }
		]);
	});

	it('fails more objectives than questions per attempt', () => {
		const under = underCheck((c) => (c.course.questionsPerAttempt = 1));
		expect(checkObjectives(under)).toEqual([
			{
				file: COURSE,
				field: 'objectives',
				message:
					'has 2 objectives but questionsPerAttempt is 1; an attempt draws one question per objective, so have at most 1'
			}
		]);
	});
});

describe('checkCountryCounts and checkBankSize', () => {
	it('pass a bank of 20 with enough questions for every country', () => {
		expect(checkCountryCounts(underCheck())).toEqual([]);
		expect(checkBankSize(underCheck())).toEqual([]);
		// 10 untagged, and 10 more tagged in pairs: every country gets 12.
		const tagged = underCheck((c) =>
			c.questions
				.slice(10)
				.forEach((q, i) => (q.countries = [['NO', 'DK', 'SE', 'FI', 'IS'][i % 5]]))
		);
		expect(checkCountryCounts(tagged)).toEqual([]);
	});

	it('fail a country short of a full attempt, and too few untagged questions', () => {
		// 9 untagged; SE gets 9 + 11 = 20, the others 9.
		const under = underCheck((c) => c.questions.slice(9).forEach((q) => (q.countries = ['SE'])));
		expect(checkCountryCounts(under)).toEqual([
			...['NO', 'DK', 'FI', 'IS'].map((country) => ({
				file: BANK,
				field: `(country ${country})`,
				message: `learners in ${country} can get only 9 questions (untagged or tagged ${country}), but questionsPerAttempt is 10`
			})),
			{
				file: BANK,
				field: '(untagged)',
				message:
					'only 9 questions have no countries, but learners from other countries get only those and questionsPerAttempt is 10'
			}
		]);
	});

	it('fails a bank under 20 questions', () => {
		const under = underCheck((c) => (c.questions = c.questions.slice(0, 19)));
		expect(checkBankSize(under)).toEqual([
			{ file: BANK, field: 'questions', message: 'has 19 questions; a bank needs at least 20' }
		]);
	});
});

describe('checkLengthCue', () => {
	const lengthenKey = (c: CompleteCourse, index: number) => {
		const key = optionsOf(c, index).find((o) => o.correct)!;
		key.text = `${key.text}, and more`;
	};

	it('passes when the key is the strictly longest option in at most 40% of single-choice questions', () => {
		// 20 single-choice questions (cases select one too); 8 with the longest key = 40%.
		const under = underCheck((c) => {
			for (let i = 0; i < 8; i += 1) lengthenKey(c, i);
		});
		expect(longestKeyShare(under.bank!)).toBe(0.4);
		expect(checkLengthCue(under)).toEqual([]);
	});

	it('does not count a key that ties with another option, or true-false and multiple questions', () => {
		const under = underCheck((c) => {
			for (let i = 0; i < 12; i += 1) {
				lengthenKey(c, i);
				optionsOf(c, i)[1].text = optionsOf(c, i)[0].text.replace('a', 'b');
			}
			c.questions[19] = {
				...c.questions[19],
				type: 'true-false',
				options: [
					{ id: 'true', text: 'True, always and everywhere', correct: true },
					{ id: 'false', text: 'False' }
				]
			};
		});
		expect(longestKeyShare(under.bank!)).toBe(0);
	});

	it('fails above 40%, naming the questions', () => {
		const under = underCheck((c) => {
			for (let i = 0; i < 9; i += 1) lengthenKey(c, i);
		});
		expect(checkLengthCue(under)).toEqual([
			{
				file: BANK,
				field: 'questions',
				message:
					'the correct option is the longest in 9 of 20 single-choice questions (45%); at most 40% may be, so lengthen a distractor or shorten the key in some of: fa-q-1, fa-q-2, fa-q-3, fa-q-4, fa-q-5, fa-q-6, fa-q-7, fa-q-8, fa-q-9'
			}
		]);
	});
});

describe('checkOptionCues', () => {
	it('passes options without catch-alls or a feature only the key has', () => {
		expect(checkOptionCues(underCheck())).toEqual([]);
		const numbersEverywhere = underCheck((c) => {
			optionsOf(c, 0)[0].text = 'Within 14 days';
			optionsOf(c, 0)[1].text = 'Within 7 days';
		});
		expect(checkOptionCues(numbersEverywhere)).toEqual([]);
	});

	it('fails "all of the above", "none of the above" and their kin', () => {
		const under = underCheck((c) => {
			optionsOf(c, 0)[2].text = 'All of the above';
			optionsOf(c, 1)[2].text = 'None of the  above.';
			optionsOf(c, 2)[2].text = 'Alle ovenfor';
		});
		expect(checkOptionCues(under)).toEqual([
			{
				file: BANK,
				field: 'questions.0(fa-q-1).options.2',
				message:
					'"All of the above" is a catch-all option ("all of the above"); write a real alternative'
			},
			{
				file: BANK,
				field: 'questions.1(fa-q-2).options.2',
				message:
					'"None of the  above." is a catch-all option ("none of the above"); write a real alternative'
			},
			{
				file: BANK,
				field: 'questions.2(fa-q-3).options.2',
				message: '"Alle ovenfor" is a catch-all option ("alle ovenfor"); write a real alternative'
			}
		]);
	});

	it('fails a date or a quotation that only the key has', () => {
		const under = underCheck((c) => {
			optionsOf(c, 3)[0].text = 'Write it down on 3 May';
			optionsOf(c, 4)[0].text = 'Write down "I am scared"';
		});
		expect(checkOptionCues(under)).toEqual([
			{
				file: BANK,
				field: 'questions.3(fa-q-4).options',
				message:
					'only the correct option contains a number or date, which gives it away; put one in other options too, or in none'
			},
			{
				file: BANK,
				field: 'questions.4(fa-q-5).options',
				message:
					'only the correct option contains a quotation, which gives it away; put one in other options too, or in none'
			}
		]);
	});
});

describe('checkCaseShare', () => {
	it('passes a bank with 40% cases', () => {
		expect(checkCaseShare(underCheck())).toEqual([]);
	});

	it('fails a bank with fewer than 40% cases', () => {
		const under = underCheck((c) => {
			c.questions[0] = { ...c.questions[0], type: 'single' };
			delete c.questions[0].vignette;
		});
		expect(checkCaseShare(under)).toEqual([
			{
				file: BANK,
				field: 'questions',
				message:
					'7 of 20 questions (35%) are type: case; at least 40% must be cases about judgement'
			}
		]);
	});
});
