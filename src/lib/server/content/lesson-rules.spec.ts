import { describe, expect, it } from 'vitest';
import { FOLDER, plainText, underCheck } from '$lib/server/__fixtures__/complete-course';
import {
	checkCountryPassages,
	checkLessonCount,
	checkLessonLengthAndLix,
	checkVignettes
} from './lesson-rules';

const FIRST = `${FOLDER}/01-lesson-1.md`;
const SECOND = `${FOLDER}/02-lesson-2.md`;

describe('checkCountryPassages', () => {
	it('passes lessons that cover every country', () => {
		expect(checkCountryPassages(underCheck())).toEqual([]);
	});

	it('names the lesson that leaves a country out', () => {
		const under = underCheck((c) => {
			c.lessons['01-lesson-1.md'] = c.lessons['01-lesson-1.md'].replace('code="IS"', 'code="NO"');
		});
		expect(checkCountryPassages(under)).toEqual([
			{
				file: FIRST,
				field: '<ForCountry>',
				message:
					'the lesson has passages for NO, DK, SE, FI but none for IS; add them, or a code="other" passage that stands in for the rest'
			}
		]);
	});
});

describe('checkLessonCount', () => {
	it('passes 5 to 8 lessons', () => {
		expect(checkLessonCount(underCheck())).toEqual([]);
		expect(
			checkLessonCount(
				underCheck((c) => {
					for (const n of [6, 7, 8]) c.lessons[`0${n}-more-${n}.md`] = plainText(600);
				})
			)
		).toEqual([]);
	});

	it('fails fewer than 5 or more than 8', () => {
		const fewer = underCheck((c) => delete c.lessons['05-lesson-5.md']);
		expect(checkLessonCount(fewer)).toEqual([
			{ file: FOLDER, field: '(folder)', message: 'has 4 lesson(s); a course has 5–8' }
		]);
		const more = underCheck((c) => {
			for (const n of [6, 7, 8, 9]) c.lessons[`0${n}-more-${n}.md`] = plainText(600);
		});
		expect(checkLessonCount(more)[0].message).toBe('has 9 lesson(s); a course has 5–8');
	});
});

describe('checkLessonLengthAndLix', () => {
	it('passes lessons of 500–900 plain words', () => {
		expect(checkLessonLengthAndLix(underCheck())).toEqual([]);
	});

	it('fails a lesson that is too short or too long', () => {
		const under = underCheck((c) => {
			c.lessons['01-lesson-1.md'] = plainText(400);
			c.lessons['02-lesson-2.md'] = plainText(1000);
		});
		expect(checkLessonLengthAndLix(under)).toEqual([
			{
				file: FIRST,
				field: '(body)',
				message:
					"has 440 words as one country's reader sees it (the common text and the longest country's passages); keep a lesson to 500–900"
			},
			{
				file: SECOND,
				field: '(body)',
				message: expect.stringMatching(/^has 1045 words as one country's reader sees it/)
			}
		]);
	});

	it('counts only one country of the passages', () => {
		// 495 common words and five passages of 7 words each: 502 for one reader, not 530.
		const passages = ['NO', 'DK', 'SE', 'FI', 'IS']
			.map(
				(code) =>
					`<ForCountry code="${code}">\n\nOne two three four five six seven.\n\n</ForCountry>`
			)
			.join('\n\n');
		const under = underCheck(
			(c) => (c.lessons['01-lesson-1.md'] = `${plainText(495)}\n\n${passages}`)
		);
		expect(checkLessonLengthAndLix(under)).toEqual([]);
	});

	it('fails a lesson above LIX 45', () => {
		const hard =
			'Professional documentation necessitates comprehensive understanding of jurisdictional requirements, and practitioners must communicate observations systematically, consistently and transparently to responsible authorities. ';
		const under = underCheck((c) => (c.lessons['02-lesson-2.md'] = hard.repeat(25)));
		expect(checkLessonLengthAndLix(under)).toEqual([
			{
				file: SECOND,
				field: '(body)',
				message: expect.stringMatching(
					/^LIX is \d+\.\d, above 45: use shorter sentences and shorter words$/
				)
			}
		]);
	});
});

describe('checkVignettes', () => {
	it('passes three vignettes, each with a reflection and a model answer', () => {
		expect(checkVignettes(underCheck())).toEqual([]);
	});

	it('fails a vignette without a model answer before the next one', () => {
		const under = underCheck((c) => {
			c.lessons['02-lesson-2.md'] = c.lessons['02-lesson-2.md']
				.replace(/<ModelAnswer>[\s\S]*<\/ModelAnswer>/, '')
				.concat(
					'\n\n<CaseVignette title="Per">\n\nPer.\n\n</CaseVignette>\n\n<Reflection>\n\nWhy?\n\n</Reflection>\n\n<ModelAnswer>\n\nThis.\n\n</ModelAnswer>\n'
				);
		});
		expect(checkVignettes(under)).toEqual([
			{
				file: SECOND,
				field: '<CaseVignette> 1 (Mia, 14 months)',
				message:
					'is not followed by <ModelAnswer> before the next vignette; each case needs reflection questions and a model answer'
			}
		]);
	});

	it('fails a course with fewer than three vignettes', () => {
		const under = underCheck((c) => (c.lessons['04-lesson-4.md'] = plainText(600)));
		expect(checkVignettes(under)).toEqual([
			{
				file: FOLDER,
				field: '<CaseVignette>',
				message:
					'the course has 2 case vignette(s); it needs at least 3, each with a <Reflection> and a <ModelAnswer>'
			}
		]);
	});
});
