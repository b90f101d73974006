/**
 * A stand-in for a running server that writes without pause, for the backup tests:
 * `node --import tsx writing-server.ts DATABASE_FILE`. Like the server it opens and migrates the
 * database, records its pid beside it and writes through `writeTransaction`. Each batch is one
 * transaction with a fixed number of rows per table (`ROWS_PER_BATCH`), so any consistent copy
 * holds an exact multiple of it. Prints `wrote N` after each batch; on SIGTERM it finishes the
 * batch, prints `stopped N` and exits.
 */
import { migrateDatabase, openDatabase, useDatabase, writeTransaction } from '../db/index';
import { recordRunningServer } from '../db/backup';
import { appendEvent } from '../events';
import {
	courseCompletions,
	lessonProgress,
	quizAnswers,
	quizAttempts,
	sessions,
	users
} from '../db/schema';

export const ROWS_PER_BATCH = {
	users: 1,
	sessions: 1,
	lesson_progress: 3,
	quiz_attempts: 1,
	quiz_answers: 4,
	course_completions: 1,
	learning_events: 5,
	login_throttles: 0
};

async function writeBatch(n: number) {
	const userId = `user-${n}`;
	const attemptId = `attempt-${n}`;
	const at = new Date(Date.UTC(2026, 0, 5, 8) + n * 1000);
	await writeTransaction(async (tx) => {
		await tx.insert(users).values({
			id: userId,
			email: `learner${n}@example.org`,
			emailNormalized: `learner${n}@example.org`,
			name: `Learner ${n}`,
			passwordHash: 'not-a-real-hash',
			createdAt: at,
			updatedAt: at
		});
		await tx
			.insert(sessions)
			.values({ id: `session-${n}`, userId, createdAt: at, expiresAt: at, absoluteExpiresAt: at });
		await tx.insert(lessonProgress).values(
			['lesson-1', 'lesson-2', 'lesson-3'].map((lessonId) => ({
				userId,
				courseId: 'course-1',
				lessonId,
				firstViewedAt: at,
				lastViewedAt: at,
				secondsSpent: 90,
				completedAt: at
			}))
		);
		const questionIds = ['q-1', 'q-2', 'q-3', 'q-4'];
		await tx.insert(quizAttempts).values({
			id: attemptId,
			userId,
			courseId: 'course-1',
			paper: questionIds.map((questionId) => ({ questionId, optionIds: ['a', 'b', 'c'] })),
			startedAt: at,
			submittedAt: at,
			correctCount: 4,
			questionCount: 4,
			score: 100,
			passMark: 80,
			passed: true
		});
		await tx.insert(quizAnswers).values(
			questionIds.map((questionId) => ({
				attemptId,
				questionId,
				selectedOptionIds: ['a'],
				correct: true
			}))
		);
		await tx
			.insert(courseCompletions)
			.values({ userId, courseId: 'course-1', completedAt: at, attemptId });
		const lessons = ['lesson-1', 'lesson-2', 'lesson-3'] as const;
		for (const lessonId of lessons) {
			const object = { type: 'lesson', courseId: 'course-1', lessonId } as const;
			await appendEvent(tx, { userId, verb: 'completed', object, timestamp: at });
		}
		const score = { scaled: 1, raw: 4, min: 0, max: 4 };
		const quiz = { type: 'assessment', courseId: 'course-1' } as const;
		await appendEvent(tx, {
			userId,
			verb: 'passed',
			object: quiz,
			result: { score },
			timestamp: at
		});
		const course = { type: 'course', courseId: 'course-1' } as const;
		await appendEvent(tx, { userId, verb: 'completed', object: course, timestamp: at });
	});
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	const databaseUrl = `file:${process.argv[2]}`;
	const handle = await openDatabase(databaseUrl);
	await migrateDatabase(handle.db);
	useDatabase(handle);
	recordRunningServer(databaseUrl);
	let stopping = false;
	process.on('SIGTERM', () => (stopping = true));
	let written = 0;
	while (!stopping) {
		await writeBatch(written + 1);
		written += 1;
		console.log(`wrote ${written}`);
		// The local driver answers synchronously; yield so that signals and output get their turn.
		await new Promise((resolve) => setImmediate(resolve));
	}
	console.log(`stopped ${written}`);
	handle.close();
}
