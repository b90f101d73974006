/**
 * Quizzes: drawing an attempt from a course's bank, grading it, and the views sent to the
 * browser. Which options are correct never leaves this module before an attempt is submitted:
 * `attemptPaper` has no correctness data at all, `attemptReview` only exists afterwards.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, preparedQuery, writeTransaction } from '$lib/server/db';
import { quizAnswers, quizAttempts } from '$lib/server/db/schema';
import { selectionOf, type Question } from '$lib/server/content/schema';
import type { CourseEntry } from '$lib/server/content/catalog';
import { appendEvent } from '$lib/server/events';
import { completeCourseIfDone } from '$lib/server/progress';
import { renewIfDue } from '$lib/server/certificates';
import type { Country } from '$lib/server/countries';

type Attempt = typeof quizAttempts.$inferSelect;
type Paper = Attempt['paper'];
export type Random = () => number;

/** Random numbers from the system's secure source, asked for 256 at a time: a paper needs dozens. */
const randomPool = new Uint32Array(256);
let randomUsed = randomPool.length;
const secureRandom: Random = () => {
	if (randomUsed === randomPool.length) {
		crypto.getRandomValues(randomPool);
		randomUsed = 0;
	}
	return randomPool[randomUsed++] / 2 ** 32;
};

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: Random = secureRandom): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

/**
 * The questions a learner may be asked: the untagged ones, and those tagged for their country.
 * A learner without one of the five countries (none chosen, or "other") gets untagged ones only.
 */
export function questionsFor(questions: readonly Question[], country: Country | null): Question[] {
	return questions.filter(
		(q) => !q.countries || (country !== null && q.countries.includes(country))
	);
}

/**
 * Picks `count` of the learner's questions: first one for each objective the questions test (as
 * many objectives as fit, in random order when not all do), then the rest at random. The picks
 * are shuffled again, so the objective picks are not always first.
 */
export function drawQuestions(
	questions: readonly Question[],
	count: number,
	country: Country | null,
	random: Random = secureRandom
): Question[] {
	const pool = shuffle(questionsFor(questions, country), random);
	const picked = new Set<Question>();
	const objectives = shuffle(
		[...new Set(pool.flatMap((q) => (q.objective === undefined ? [] : [q.objective])))],
		random
	);
	for (const objective of objectives) {
		if (picked.size >= count) break;
		picked.add(pool.find((q) => q.objective === objective)!);
	}
	for (const q of pool) {
		if (picked.size >= count) break;
		picked.add(q);
	}
	return shuffle([...picked], random);
}

/**
 * Draws `questionsPerAttempt` of the learner's questions (see `drawQuestions`) and shuffles
 * their options (true/false keeps its order).
 */
export function drawPaper(
	course: Pick<CourseEntry, 'bank' | 'questionsPerAttempt'>,
	random: Random = secureRandom,
	country: Country | null = null
): Paper {
	return drawQuestions(course.bank.questions, course.questionsPerAttempt, country, random).map(
		(q) => ({
			questionId: q.id,
			optionIds:
				q.type === 'true-false'
					? q.options.map((o) => o.id)
					: shuffle(q.options, random).map((o) => o.id)
		})
	);
}

/**
 * The learner's unfinished attempt at this course, or a new one drawn for their country (see
 * `learnerCountry`). Reusing the open attempt makes
 * a double click on "Start" create one attempt, and lets a learner come back to it.
 */
export async function startAttempt(
	userId: string,
	course: CourseEntry,
	now = new Date(),
	{ random = secureRandom, country = null }: { random?: Random; country?: Country | null } = {}
): Promise<Attempt> {
	return writeTransaction(async (tx) => {
		const [open] = await tx
			.select()
			.from(quizAttempts)
			.where(
				and(
					eq(quizAttempts.userId, userId),
					eq(quizAttempts.courseId, course.id),
					isNull(quizAttempts.submittedAt)
				)
			)
			.limit(1);
		if (open) return open;
		const paper = drawPaper(course, random, country);
		const [created] = await tx
			.insert(quizAttempts)
			.values({
				id: crypto.randomUUID(),
				userId,
				courseId: course.id,
				paper,
				startedAt: now,
				questionCount: paper.length,
				passMark: course.passMark
			})
			.returning();
		return created;
	});
}

/** The attempt if it exists and belongs to this learner; another learner's attempt is "not found". */
const ownAttempt = preparedQuery((db) =>
	db
		.select()
		.from(quizAttempts)
		.where(
			and(
				eq(quizAttempts.id, sql.placeholder('attemptId')),
				eq(quizAttempts.userId, sql.placeholder('userId'))
			)
		)
		.prepare()
);

export async function findOwnAttempt(userId: string, attemptId: string): Promise<Attempt | null> {
	const [attempt] = await ownAttempt().all({ attemptId, userId });
	return attempt ?? null;
}

export async function listAttempts(userId: string, courseId: string) {
	return getDb()
		.select({
			id: quizAttempts.id,
			startedAt: quizAttempts.startedAt,
			submittedAt: quizAttempts.submittedAt,
			score: quizAttempts.score,
			passed: quizAttempts.passed,
			correctCount: quizAttempts.correctCount,
			questionCount: quizAttempts.questionCount
		})
		.from(quizAttempts)
		.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseId, courseId)))
		.orderBy(desc(quizAttempts.startedAt));
}

export type PaperQuestion = {
	id: string;
	type: Question['type'];
	selection: 'single' | 'multiple';
	prompt: string;
	/** The case text of a case question, as paragraphs. */
	vignette: string[] | null;
	options: { id: string; text: string }[];
};

function questionsById(course: Pick<CourseEntry, 'bank'>) {
	return new Map(course.bank.questions.map((q) => [q.id, q]));
}

/**
 * The questions of an attempt as the browser may see them before submission: prompts, vignettes
 * and options in the attempt's order, and nothing about which options are correct.
 */
export function attemptPaper(
	course: Pick<CourseEntry, 'bank'>,
	attempt: Pick<Attempt, 'paper'>
): PaperQuestion[] {
	const bank = questionsById(course);
	return attempt.paper.flatMap(({ questionId, optionIds }) => {
		const q = bank.get(questionId);
		if (!q) return []; // removed from the bank since the attempt began
		const options = new Map(q.options.map((o) => [o.id, o.text]));
		return [
			{
				id: q.id,
				type: q.type,
				selection: selectionOf(q),
				prompt: q.prompt,
				vignette: q.type === 'case' ? q.vignette : null,
				options: optionIds
					.filter((id) => options.has(id))
					.map((id) => ({ id, text: options.get(id)! }))
			}
		];
	});
}

export type Answers = Record<string, string[]>;

export type AnswersForm = { ok: true; answers: Answers } | { ok: false; unknownFields: string[] };

/**
 * Answers from a quiz form: every field `q:<questionId>` holds the chosen option ids. Any other
 * field, or a file, makes the whole form invalid. The answers have no prototype, so a field
 * such as `q:__proto__` is an unknown question, not a change to the object.
 */
export function answersFromForm(formData: FormData): AnswersForm {
	const answers: Answers = Object.create(null);
	const unknownFields: string[] = [];
	for (const key of new Set(formData.keys())) {
		const values = formData.getAll(key);
		if (!key.startsWith('q:') || values.some((value) => typeof value !== 'string')) {
			unknownFields.push(key);
			continue;
		}
		answers[key.slice(2)] = values as string[];
	}
	return unknownFields.length ? { ok: false, unknownFields } : { ok: true, answers };
}

export type SubmitResult =
	| { ok: true; attempt: Attempt; courseCompleted: boolean }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'already-submitted' }
	| { ok: false; reason: 'invalid'; unknownQuestionIds: string[]; foreignOptions: string[] }
	| { ok: false; reason: 'incomplete'; unansweredQuestionIds: string[] };

export function isCorrect(q: Question, selected: string[]): boolean {
	const correct = q.options.filter((o) => o.correct).map((o) => o.id);
	return selected.length === correct.length && correct.every((id) => selected.includes(id));
}

/**
 * Grades and stores an attempt with every answer, in one write transaction. Nothing is stored
 * unless the submission is valid and the attempt is the learner's own and still open; a second
 * submission of the same attempt is refused, so it is stored once.
 */
export async function submitAttempt(
	userId: string,
	course: CourseEntry,
	attemptId: string,
	answers: Answers,
	now = new Date()
): Promise<SubmitResult> {
	const bank = questionsById(course);
	return writeTransaction(async (tx) => {
		const [attempt] = await tx
			.select()
			.from(quizAttempts)
			.where(
				and(
					eq(quizAttempts.id, attemptId),
					eq(quizAttempts.userId, userId),
					eq(quizAttempts.courseId, course.id)
				)
			);
		if (!attempt) return { ok: false, reason: 'not-found' } as const;
		if (attempt.submittedAt) return { ok: false, reason: 'already-submitted' } as const;

		const onPaper = new Map(
			attempt.paper.filter((p) => bank.has(p.questionId)).map((p) => [p.questionId, p])
		);
		const unknownQuestionIds = Object.keys(answers).filter((id) => !onPaper.has(id));
		const foreignOptions: string[] = [];
		for (const [questionId, selected] of Object.entries(answers)) {
			const q = bank.get(questionId);
			if (!q || !onPaper.has(questionId)) continue;
			const valid = new Set(q.options.map((o) => o.id));
			for (const optionId of selected)
				if (!valid.has(optionId)) foreignOptions.push(`${questionId}:${optionId}`);
			if (selectionOf(q) === 'single' && selected.length > 1)
				foreignOptions.push(`${questionId}:(more than one)`);
			if (new Set(selected).size !== selected.length)
				foreignOptions.push(`${questionId}:(repeated)`);
		}
		if (unknownQuestionIds.length || foreignOptions.length) {
			return { ok: false, reason: 'invalid', unknownQuestionIds, foreignOptions } as const;
		}
		const unansweredQuestionIds = [...onPaper.keys()].filter((id) => !answers[id]?.length);
		if (unansweredQuestionIds.length)
			return { ok: false, reason: 'incomplete', unansweredQuestionIds } as const;

		const graded = [...onPaper.keys()].map((questionId) => {
			const selected = answers[questionId];
			return {
				attemptId,
				questionId,
				selectedOptionIds: selected,
				correct: isCorrect(bank.get(questionId)!, selected)
			};
		});
		const correctCount = graded.filter((g) => g.correct).length;
		const score = graded.length ? Math.round((correctCount / graded.length) * 100) : 0;
		const passed = score >= attempt.passMark;

		const [stored] = await tx
			.update(quizAttempts)
			.set({ submittedAt: now, correctCount, questionCount: graded.length, score, passed })
			.where(and(eq(quizAttempts.id, attemptId), isNull(quizAttempts.submittedAt)))
			.returning();
		if (!stored) return { ok: false, reason: 'already-submitted' } as const;
		if (graded.length) await tx.insert(quizAnswers).values(graded);
		await appendEvent(tx, {
			userId,
			verb: passed ? 'passed' : 'failed',
			object: { type: 'assessment', courseId: course.id },
			result: {
				score: { scaled: score / 100, raw: correctCount, min: 0, max: graded.length },
				success: passed,
				completion: true
			},
			timestamp: now
		});
		const courseCompleted = passed ? await completeCourseIfDone(tx, userId, course, now) : false;
		// A passed retake of a course completed before renews a certificate that is running out.
		if (passed && !courseCompleted) await renewIfDue(tx, userId, course, now);
		return { ok: true, attempt: stored, courseCompleted } as const;
	});
}

export type ReviewedQuestion = Omit<PaperQuestion, 'options'> & {
	explanation: string;
	answeredCorrectly: boolean;
	options: { id: string; text: string; correct: boolean; selected: boolean }[];
	/** The lesson that teaches the point, to read again; null if it left the course since. */
	lesson: { slug: string; title: string } | null;
};

/**
 * Feedback for a submitted attempt: each question with the learner's choice, the right answer,
 * why, and the lesson to read again.
 */
export async function attemptReview(
	course: Pick<CourseEntry, 'bank' | 'lessons'>,
	attempt: Attempt
): Promise<ReviewedQuestion[]> {
	if (!attempt.submittedAt) throw new Error('An attempt is reviewed only after it is submitted.');
	const bank = questionsById(course);
	const answers = await getDb()
		.select()
		.from(quizAnswers)
		.where(eq(quizAnswers.attemptId, attempt.id));
	const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
	const lessons = new Map(course.lessons.map((l) => [l.id, l]));
	return attemptPaper(course, attempt).map((paperQuestion) => {
		const q = bank.get(paperQuestion.id)!;
		const answer = byQuestion.get(q.id);
		const correct = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
		const lesson = lessons.get(q.lesson);
		return {
			...paperQuestion,
			explanation: q.explanation,
			answeredCorrectly: answer?.correct ?? false,
			lesson: lesson ? { slug: lesson.slug, title: lesson.title } : null,
			options: paperQuestion.options.map((o) => ({
				...o,
				correct: correct.has(o.id),
				selected: answer?.selectedOptionIds.includes(o.id) ?? false
			}))
		};
	});
}
