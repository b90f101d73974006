import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { learningEvents, quizAnswers, quizAttempts } from '$lib/server/db/schema';
import { useTestDatabase } from '$lib/server/testing/database';
import type { Question } from '$lib/server/content/schema';
import {
	answersFromForm,
	attemptPaper,
	attemptReview,
	drawPaper,
	drawQuestions,
	findOwnAttempt,
	isCorrect,
	listAttempts,
	questionsFor,
	shuffle,
	startAttempt,
	submitAttempt,
	type Answers,
	type ReviewedQuestion
} from '$lib/server/quizzes';
import {
	CORRECT,
	MINUTE,
	QUESTIONS,
	T0,
	answersWith,
	insertUser,
	later,
	makeCourse,
	seededRandom
} from '$lib/server/__fixtures__/learning';

const question = (id: string) => QUESTIONS.find((q) => q.id === id)!;

describe('shuffle', () => {
	it('returns every item once and leaves the input untouched', () => {
		const items = [1, 2, 3, 4, 5, 6, 7, 8];
		const shuffled = shuffle(items, seededRandom(1));
		expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
	});

	it('gives the same order for the same random source', () => {
		const items = ['a', 'b', 'c', 'd', 'e'];
		expect(shuffle(items, seededRandom(42))).toEqual(shuffle(items, seededRandom(42)));
	});

	it('makes every order about equally likely', () => {
		const random = seededRandom(7);
		const counts = new Map<string, number>();
		for (let i = 0; i < 6000; i++) {
			const order = shuffle(['a', 'b', 'c'], random).join('');
			counts.set(order, (counts.get(order) ?? 0) + 1);
		}
		expect(counts.size).toBe(6);
		for (const count of counts.values()) expect(count).toBeGreaterThan(850);
	});
});

describe('drawPaper', () => {
	it('draws questionsPerAttempt different questions from the bank', () => {
		const paper = drawPaper(makeCourse({ questionsPerAttempt: 2 }), seededRandom(3));
		const ids = paper.map((p) => p.questionId);
		expect(ids).toHaveLength(2);
		expect(new Set(ids).size).toBe(2);
		for (const id of ids) expect(QUESTIONS.map((q) => q.id)).toContain(id);
	});

	it('shows every option of a drawn question exactly once', () => {
		for (const { questionId, optionIds } of drawPaper(makeCourse(), seededRandom(4))) {
			const bankIds = question(questionId).options.map((o) => o.id);
			expect([...optionIds].sort()).toEqual([...bankIds].sort());
		}
	});

	it('shuffles the options of choice questions', () => {
		const orders = new Set<string>();
		const random = seededRandom(5);
		for (let i = 0; i < 30; i++) {
			const single = drawPaper(makeCourse(), random).find((p) => p.questionId === 'q-single')!;
			orders.add(single.optionIds.join(','));
		}
		expect(orders.size).toBeGreaterThan(1);
	});

	it('keeps true before false in true-false questions', () => {
		const random = seededRandom(6);
		for (let i = 0; i < 30; i++) {
			const trueFalse = drawPaper(makeCourse(), random).find(
				(p) => p.questionId === 'q-true-false'
			);
			expect(trueFalse?.optionIds).toEqual(['true', 'false']);
		}
	});
});

/** A small bank question: `objective` and `countries` are what the draw looks at. */
function bankQuestion(
	id: string,
	objective: number | undefined,
	countries?: Question['countries']
): Question {
	return {
		id,
		type: 'single',
		lesson: 'test-course-one',
		prompt: id,
		explanation: 'Because.',
		options: [
			{ id: 'a', text: 'A', correct: true },
			{ id: 'b', text: 'B' }
		],
		objective,
		countries
	};
}

describe('questionsFor', () => {
	const bank = [
		bankQuestion('everyone', 1),
		bankQuestion('norway', 1, ['NO']),
		bankQuestion('finland', 1, ['FI']),
		bankQuestion('nordic-pair', 1, ['SE', 'FI'])
	];
	const ids = (questions: Question[]) => questions.map((q) => q.id);

	it("keeps the untagged questions and those tagged for the learner's country", () => {
		expect(ids(questionsFor(bank, 'FI'))).toEqual(['everyone', 'finland', 'nordic-pair']);
		expect(ids(questionsFor(bank, 'NO'))).toEqual(['everyone', 'norway']);
		expect(ids(questionsFor(bank, 'IS'))).toEqual(['everyone']);
	});

	it('gives learners without one of the five countries the untagged questions only', () => {
		expect(ids(questionsFor(bank, null))).toEqual(['everyone']);
	});
});

describe('drawQuestions', () => {
	/** Objective 3 has a single question among many, so a plain random draw would often miss it. */
	const bank = [
		...Array.from({ length: 8 }, (_, i) => bankQuestion(`one-${i}`, 1)),
		...Array.from({ length: 8 }, (_, i) => bankQuestion(`two-${i}`, 2)),
		bankQuestion('three', 3),
		bankQuestion('no-objective', undefined),
		bankQuestion('fi-law', 2, ['FI']),
		bankQuestion('no-law', 2, ['NO']),
		bankQuestion('se-law', 3, ['SE']),
		bankQuestion('dk-law', 4, ['DK'])
	];

	it("draws no question tagged for another country than the learner's", () => {
		const random = seededRandom(11);
		let finnishDrawn = 0;
		for (let i = 0; i < 300; i++) {
			const drawn = drawQuestions(bank, 10, 'FI', random);
			for (const q of drawn) expect(q.countries ?? ['FI']).toContain('FI');
			if (drawn.some((q) => q.id === 'fi-law')) finnishDrawn++;
		}
		expect(finnishDrawn).toBeGreaterThan(0);
	});

	it('draws only untagged questions for a learner without a country (none or "other")', () => {
		const random = seededRandom(12);
		for (let i = 0; i < 100; i++) {
			for (const q of drawQuestions(bank, 10, null, random)) expect(q.countries).toBeUndefined();
		}
	});

	it('draws at least one question for every objective the learner can be asked about', () => {
		const random = seededRandom(13);
		const objectivesIn = (drawn: Question[]) =>
			[...new Set(drawn.flatMap((q) => (q.objective ? [q.objective] : [])))].sort();
		for (let i = 0; i < 300; i++) {
			expect(objectivesIn(drawQuestions(bank, 3, 'NO', random))).toEqual([1, 2, 3]);
			expect(objectivesIn(drawQuestions(bank, 4, 'DK', random))).toEqual([1, 2, 3, 4]);
		}
	});

	it('fills up to the count at random, each question once', () => {
		const random = seededRandom(14);
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const drawn = drawQuestions(bank, 10, 'SE', random);
			expect(drawn).toHaveLength(10);
			expect(new Set(drawn.map((q) => q.id)).size).toBe(10);
			for (const q of drawn) seen.add(q.id);
		}
		// Every question the Swedish learner may get turns up in some draw.
		expect([...seen].sort()).toEqual(
			questionsFor(bank, 'SE')
				.map((q) => q.id)
				.sort()
		);
	});

	it('draws as many objectives as fit when there are more objectives than questions', () => {
		const random = seededRandom(15);
		for (let i = 0; i < 100; i++) {
			const drawn = drawQuestions(bank, 2, 'NO', random);
			expect(drawn).toHaveLength(2);
			expect(drawn[0].objective).not.toBe(drawn[1].objective);
		}
	});

	it('draws every question when the learner may be asked fewer than the count', () => {
		const drawn = drawQuestions(bank.slice(16), 10, 'FI', seededRandom(16));
		expect(drawn.map((q) => q.id).sort()).toEqual(['fi-law', 'no-objective', 'three']);
	});

	it('draws the paper of a course for the given country', () => {
		const course = { bank: { questions: bank }, questionsPerAttempt: 5 };
		const random = seededRandom(17);
		for (let i = 0; i < 50; i++) {
			const ids = drawPaper(course, random, 'IS').map((p) => p.questionId);
			expect(ids).toHaveLength(5);
			expect(ids.filter((id) => id.endsWith('-law'))).toEqual([]);
		}
	});
});

describe('isCorrect', () => {
	it('accepts exactly the correct options, in any order', () => {
		expect(isCorrect(question('q-multiple'), ['b', 'a'])).toBe(true);
		expect(isCorrect(question('q-single'), ['a'])).toBe(true);
	});

	it('gives no credit for some of the correct options or for extra ones', () => {
		expect(isCorrect(question('q-multiple'), ['a'])).toBe(false);
		expect(isCorrect(question('q-multiple'), ['a', 'b', 'c'])).toBe(false);
		expect(isCorrect(question('q-single'), ['b'])).toBe(false);
	});
});

describe('answersFromForm', () => {
	it('collects every q:<questionId> field with all its chosen options', () => {
		const form = new FormData();
		form.append('q:q-single', 'a');
		form.append('q:q-multiple', 'a');
		form.append('q:q-multiple', 'c');
		expect(answersFromForm(form)).toEqual({
			ok: true,
			answers: { 'q-single': ['a'], 'q-multiple': ['a', 'c'] }
		});
	});

	it('refuses the whole form when it has any other field, or a file', () => {
		const form = new FormData();
		form.append('q:q-single', 'a');
		form.append('other', 'x');
		form.append('q:q-upload', new Blob(['x']));
		expect(answersFromForm(form)).toEqual({ ok: false, unknownFields: ['other', 'q:q-upload'] });
	});

	it('keeps q:__proto__ and q:constructor as plain (unknown) question ids', () => {
		const form = new FormData();
		form.append('q:__proto__', 'a');
		form.append('q:constructor', 'b');
		const result = answersFromForm(form);
		if (!result.ok) throw new Error('expected the answers to be read');
		expect(Object.keys(result.answers)).toEqual(['__proto__', 'constructor']);
		expect(Object.getPrototypeOf(result.answers)).toBeNull();
	});
});

describe('attempts', () => {
	useTestDatabase();

	const course = makeCourse();

	async function storedAnswers(attemptId: string) {
		return getDb().select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptId));
	}

	async function storedAttempt(attemptId: string) {
		const [row] = await getDb().select().from(quizAttempts).where(eq(quizAttempts.id, attemptId));
		return row;
	}

	async function eventsOf(userId: string) {
		return getDb().select().from(learningEvents).where(eq(learningEvents.userId, userId));
	}

	/** Expects a refused submission to have left the attempt open with nothing stored. */
	async function expectNothingStored(userId: string, attemptId: string) {
		expect((await storedAttempt(attemptId)).submittedAt).toBeNull();
		expect(await storedAnswers(attemptId)).toEqual([]);
		expect(await eventsOf(userId)).toEqual([]);
	}

	describe('startAttempt', () => {
		it('creates an open attempt with the drawn paper and the course pass mark', async () => {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0, { random: seededRandom(1) });
			expect(attempt).toMatchObject({
				userId,
				courseId: course.id,
				startedAt: T0,
				submittedAt: null,
				questionCount: 4,
				passMark: 75
			});
			expect(attempt.paper).toEqual(drawPaper(course, seededRandom(1)));
		});

		it('returns the open attempt again instead of starting a second one', async () => {
			const userId = await insertUser();
			const first = await startAttempt(userId, course, T0);
			const second = await startAttempt(userId, course, later(MINUTE));
			expect(second.id).toBe(first.id);
			expect(second.paper).toEqual(first.paper);
			expect(await listAttempts(userId, course.id)).toHaveLength(1);
		});

		it('starts a new attempt once the open one is submitted', async () => {
			const userId = await insertUser();
			const first = await startAttempt(userId, course, T0);
			await submitAttempt(userId, course, first.id, CORRECT, later(MINUTE));
			const second = await startAttempt(userId, course, later(2 * MINUTE));
			expect(second.id).not.toBe(first.id);
			expect(second.submittedAt).toBeNull();
		});

		it('creates one attempt when Start is pressed twice at the same moment', async () => {
			const userId = await insertUser();
			const [first, second] = await Promise.all([
				startAttempt(userId, course, T0),
				startAttempt(userId, course, T0)
			]);
			expect(second.id).toBe(first.id);
			expect(await listAttempts(userId, course.id)).toHaveLength(1);
		});

		it('keeps the open attempts of different learners apart', async () => {
			const [ada, bo] = [await insertUser('Ada'), await insertUser('Bo')];
			const adaAttempt = await startAttempt(ada, course, T0);
			const boAttempt = await startAttempt(bo, course, T0);
			expect(boAttempt.id).not.toBe(adaAttempt.id);
			expect(boAttempt.userId).toBe(bo);
		});
	});

	describe('findOwnAttempt and listAttempts', () => {
		it("finds a learner's own attempt but treats another learner's as not existing", async () => {
			const [owner, other] = [await insertUser(), await insertUser()];
			const attempt = await startAttempt(owner, course, T0);
			expect((await findOwnAttempt(owner, attempt.id))?.id).toBe(attempt.id);
			expect(await findOwnAttempt(other, attempt.id)).toBeNull();
			expect(await findOwnAttempt(owner, crypto.randomUUID())).toBeNull();
		});

		it('lists the attempts at a course, newest first, with their results', async () => {
			const userId = await insertUser();
			const first = await startAttempt(userId, course, T0);
			await submitAttempt(userId, course, first.id, answersWith(['q-single']), later(MINUTE));
			const second = await startAttempt(userId, course, later(2 * MINUTE));
			const list = await listAttempts(userId, course.id);
			expect(list.map((a) => a.id)).toEqual([second.id, first.id]);
			expect(list[1]).toMatchObject({ score: 75, correctCount: 3, questionCount: 4, passed: true });
			expect(list[0]).toMatchObject({ submittedAt: null, score: null, passed: null });
			expect(await listAttempts(userId, 'another-course')).toEqual([]);
		});
	});

	describe('attemptPaper', () => {
		it('never contains which options are correct, nor explanations', async () => {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0);
			const json = JSON.stringify(attemptPaper(course, attempt));
			expect(json).not.toContain('"correct"');
			expect(json).not.toContain('explanation');
			for (const q of QUESTIONS) expect(json).not.toContain(q.explanation);
		});

		it('shows questions and options in the order of the attempt', async () => {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0, { random: seededRandom(9) });
			const paper = attemptPaper(course, attempt);
			expect(paper.map((q) => q.id)).toEqual(attempt.paper.map((p) => p.questionId));
			expect(paper.map((q) => q.options.map((o) => o.id))).toEqual(
				attempt.paper.map((p) => p.optionIds)
			);
		});

		it('tells how many options may be picked and includes the vignette of a case', () => {
			const paper = attemptPaper(course, { paper: drawPaper(course) });
			const byId = new Map(paper.map((q) => [q.id, q]));
			expect(byId.get('q-multiple')).toMatchObject({ selection: 'multiple', vignette: null });
			expect(byId.get('q-true-false')).toMatchObject({ selection: 'single', type: 'true-false' });
			expect(byId.get('q-case')).toMatchObject({
				selection: 'single',
				vignette: ['Mia is 14 months old and has stopped smiling.', 'She used to laugh a lot.'],
				prompt: 'What do you do first?'
			});
			expect(byId.get('q-single')?.options).toContainEqual({ id: 'a', text: 'A' });
		});

		it('leaves out a question that was removed from the bank after the attempt began', () => {
			const paper = [
				{ questionId: 'q-gone', optionIds: ['a', 'b'] },
				{ questionId: 'q-single', optionIds: ['c', 'b', 'a'] }
			];
			expect(attemptPaper(course, { paper }).map((q) => q.id)).toEqual(['q-single']);
		});
	});

	describe('submitAttempt', () => {
		async function openAttempt() {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0);
			return { userId, attempt };
		}

		it('grades each question all-or-nothing and stores every answer', async () => {
			const { userId, attempt } = await openAttempt();
			const result = await submitAttempt(
				userId,
				course,
				attempt.id,
				answersWith(['q-multiple']),
				later(MINUTE)
			);
			expect(result.ok).toBe(true);
			if (!result.ok) return;
			expect(result.attempt).toMatchObject({
				submittedAt: later(MINUTE),
				correctCount: 3,
				questionCount: 4,
				score: 75,
				passed: true
			});
			const answers = await storedAnswers(attempt.id);
			expect(answers).toHaveLength(4);
			expect(answers.find((a) => a.questionId === 'q-multiple')).toMatchObject({
				selectedOptionIds: ['a'],
				correct: false
			});
			expect(answers.filter((a) => a.correct)).toHaveLength(3);
		});

		it('passes a score equal to the pass mark and fails one below it', async () => {
			const strict = makeCourse({ id: 'strict-course', passMark: 76 });
			const userId = await insertUser();
			const atMark = await startAttempt(userId, course, T0);
			const belowMark = await startAttempt(userId, strict, T0);
			const passed = await submitAttempt(userId, course, atMark.id, answersWith(['q-case']), T0);
			const failed = await submitAttempt(userId, strict, belowMark.id, answersWith(['q-case']), T0);
			expect(passed.ok && passed.attempt).toMatchObject({ score: 75, passed: true });
			expect(failed.ok && failed.attempt).toMatchObject({ score: 75, passed: false });
		});

		it('appends a passed or failed assessment event with the score', async () => {
			const { userId, attempt } = await openAttempt();
			const wrong = ['q-single', 'q-multiple', 'q-case'];
			await submitAttempt(userId, course, attempt.id, answersWith(wrong), later(MINUTE));
			const [event] = await eventsOf(userId);
			expect(event).toMatchObject({
				verb: 'http://adlnet.gov/expapi/verbs/failed',
				objectType: 'assessment',
				objectId: 'urn:spire:course:test-course:quiz',
				courseId: 'test-course',
				timestamp: later(MINUTE),
				result: {
					score: { scaled: 0.25, raw: 1, min: 0, max: 4 },
					success: false,
					completion: true
				}
			});
		});

		it('refuses an answer to a question that is not on the paper and stores nothing', async () => {
			const { userId, attempt } = await openAttempt();
			const answers: Answers = { ...CORRECT, 'q-made-up': ['a'] };
			expect(await submitAttempt(userId, course, attempt.id, answers, T0)).toEqual({
				ok: false,
				reason: 'invalid',
				unknownQuestionIds: ['q-made-up'],
				foreignOptions: []
			});
			await expectNothingStored(userId, attempt.id);
		});

		it('refuses a q:__proto__ field from a form as an unknown question and stores nothing', async () => {
			const { userId, attempt } = await openAttempt();
			const form = new FormData();
			for (const [questionId, options] of Object.entries(CORRECT))
				for (const option of options) form.append(`q:${questionId}`, option);
			form.append('q:__proto__', 'a');
			const read = answersFromForm(form);
			if (!read.ok) throw new Error('expected the answers to be read');
			expect(await submitAttempt(userId, course, attempt.id, read.answers, T0)).toMatchObject({
				ok: false,
				reason: 'invalid',
				unknownQuestionIds: ['__proto__']
			});
			await expectNothingStored(userId, attempt.id);
		});

		it('refuses a bank question that was not drawn for this attempt', async () => {
			const userId = await insertUser();
			const small = makeCourse({ questionsPerAttempt: 2 });
			const attempt = await startAttempt(userId, small, T0, { random: seededRandom(2) });
			const notDrawn = QUESTIONS.find((q) => !attempt.paper.some((p) => p.questionId === q.id))!;
			const result = await submitAttempt(userId, small, attempt.id, CORRECT, T0);
			expect(result).toMatchObject({ ok: false, reason: 'invalid' });
			expect(
				result.ok === false && result.reason === 'invalid' && result.unknownQuestionIds
			).toContain(notDrawn.id);
			await expectNothingStored(userId, attempt.id);
		});

		it('refuses an option that belongs to another question', async () => {
			const { userId, attempt } = await openAttempt();
			const answers: Answers = { ...CORRECT, 'q-case': ['a'] };
			expect(await submitAttempt(userId, course, attempt.id, answers, T0)).toEqual({
				ok: false,
				reason: 'invalid',
				unknownQuestionIds: [],
				foreignOptions: ['q-case:a']
			});
			await expectNothingStored(userId, attempt.id);
		});

		it('refuses more than one option on a single-choice question', async () => {
			const { userId, attempt } = await openAttempt();
			const answers: Answers = { ...CORRECT, 'q-single': ['a', 'b'] };
			const result = await submitAttempt(userId, course, attempt.id, answers, T0);
			expect(result).toMatchObject({
				ok: false,
				reason: 'invalid',
				foreignOptions: ['q-single:(more than one)']
			});
			await expectNothingStored(userId, attempt.id);
		});

		it('refuses the same option picked twice', async () => {
			const { userId, attempt } = await openAttempt();
			const answers: Answers = { ...CORRECT, 'q-multiple': ['a', 'a'] };
			const result = await submitAttempt(userId, course, attempt.id, answers, T0);
			expect(result).toMatchObject({
				reason: 'invalid',
				foreignOptions: ['q-multiple:(repeated)']
			});
			await expectNothingStored(userId, attempt.id);
		});

		it('reports unanswered questions as incomplete and stores nothing', async () => {
			const { userId, attempt } = await openAttempt();
			const answers: Answers = { ...CORRECT, 'q-multiple': [] };
			delete answers['q-case'];
			const result = await submitAttempt(userId, course, attempt.id, answers, T0);
			expect(result.ok === false && result.reason === 'incomplete').toBe(true);
			expect(
				result.ok === false &&
					result.reason === 'incomplete' &&
					[...result.unansweredQuestionIds].sort()
			).toEqual(['q-case', 'q-multiple']);
			await expectNothingStored(userId, attempt.id);
		});

		it("answers another learner's attempt as not found and leaves it open", async () => {
			const { userId, attempt } = await openAttempt();
			const intruder = await insertUser('Intruder');
			expect(await submitAttempt(intruder, course, attempt.id, CORRECT, T0)).toEqual({
				ok: false,
				reason: 'not-found'
			});
			await expectNothingStored(userId, attempt.id);
		});

		it('answers an attempt at another course as not found', async () => {
			const { userId, attempt } = await openAttempt();
			const other = makeCourse({ id: 'other-course' });
			expect(await submitAttempt(userId, other, attempt.id, CORRECT, T0)).toEqual({
				ok: false,
				reason: 'not-found'
			});
		});

		it('refuses a second submission and keeps the first answers only', async () => {
			const { userId, attempt } = await openAttempt();
			await submitAttempt(userId, course, attempt.id, CORRECT, later(MINUTE));
			const again = await submitAttempt(
				userId,
				course,
				attempt.id,
				answersWith(Object.keys(CORRECT)),
				later(2 * MINUTE)
			);
			expect(again).toEqual({ ok: false, reason: 'already-submitted' });
			expect(await storedAnswers(attempt.id)).toHaveLength(4);
			expect(await storedAttempt(attempt.id)).toMatchObject({
				score: 100,
				submittedAt: later(MINUTE)
			});
			expect(await eventsOf(userId)).toHaveLength(1);
		});

		it('accepts exactly one of two simultaneous submissions of the same attempt', async () => {
			const { userId, attempt } = await openAttempt();
			const results = await Promise.all([
				submitAttempt(userId, course, attempt.id, CORRECT, later(MINUTE)),
				submitAttempt(userId, course, attempt.id, CORRECT, later(MINUTE))
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already-submitted' }]);
			expect(await storedAnswers(attempt.id)).toHaveLength(4);
			expect(await eventsOf(userId)).toHaveLength(1);
		});
	});

	describe('attemptReview', () => {
		it('gives no lesson to read again when the question names one the course no longer has', async () => {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0);
			const result = await submitAttempt(userId, course, attempt.id, answersWith(), T0);
			if (!result.ok) throw new Error(`submission failed: ${result.reason}`);
			const shorter = { ...course, lessons: course.lessons.filter((l) => l.slug !== 'three') };
			const review = await attemptReview(shorter, result.attempt);
			expect(review.find((q) => q.id === 'q-case')!.lesson).toBeNull();
			expect(review.find((q) => q.id === 'q-single')!.lesson).toEqual({
				slug: 'one',
				title: 'Lesson one'
			});
		});

		it('is refused while the attempt is open', async () => {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0);
			await expect(attemptReview(course, attempt)).rejects.toThrow(/only after it is submitted/);
		});

		it('shows each answer with the correct options, the choice made and the explanation', async () => {
			const userId = await insertUser();
			const attempt = await startAttempt(userId, course, T0, { random: seededRandom(11) });
			const result = await submitAttempt(
				userId,
				course,
				attempt.id,
				answersWith(['q-multiple']),
				T0
			);
			if (!result.ok) throw new Error(`submission failed: ${result.reason}`);
			const review = await attemptReview(course, result.attempt);
			expect(review.map((q) => q.id)).toEqual(attempt.paper.map((p) => p.questionId));
			const multiple = review.find((q) => q.id === 'q-multiple')!;
			expect(multiple.answeredCorrectly).toBe(false);
			expect(multiple.explanation).toBe('Because a and b.');
			const marks = (o: ReviewedQuestion['options'][number]) => [o.id, [o.correct, o.selected]];
			expect(Object.fromEntries(multiple.options.map(marks))).toEqual({
				a: [true, true],
				b: [true, false],
				c: [false, false]
			});
			expect(multiple.lesson).toEqual({ slug: 'two', title: 'Lesson two' });
			const single = review.find((q) => q.id === 'q-single')!;
			expect(single.answeredCorrectly).toBe(true);
			expect(single.options.find((o) => o.id === 'a')).toMatchObject({
				correct: true,
				selected: true
			});
		});
	});
});
