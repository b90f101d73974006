import { describe, expect, it, vi } from 'vitest';
import type { Client } from '@libsql/client';
import { getDb, writeTransaction } from '$lib/server/db';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	DAY,
	T0,
	answersWith,
	insertUser,
	later,
	makeCourse
} from '$lib/server/__fixtures__/learning';
import { assignCourses, setPersonalDueDate, withdrawAssignment } from './assignments';
import { addToGroup, createGroup } from './groups';
import { createOrganisation } from './organisations';
import { completeLesson, recordLessonVisit, flushLessonVisits } from './progress';
import { startAttempt, submitAttempt } from './quizzes';
import {
	attachment,
	csvFileName,
	detailCsv,
	filterRows,
	groupMatrix,
	learnerDetail,
	matrixCsv,
	matrixView,
	neutraliseFormula,
	sortRows,
	toCsv,
	type CsvLabels,
	type DetailCsvLabels,
	type MatrixRow
} from './reports';

useTestDatabase();

const first = makeCourse({ id: 'first', title: 'First course' });
const second = makeCourse({ id: 'second', title: 'Second course' });
const catalog = [first, second];
const NOW = later(10 * DAY);

async function groupWith(names: string[], dueAt: Date | null = later(20 * DAY)) {
	const created = await createOrganisation({ name: 'Lilletun kindergarten' }, T0);
	if (!created.ok) throw new Error(created.reason);
	const organisation = created.organisation;
	const group = await createGroup(organisation.id, 'New staff', T0);
	const educator = await insertUser('Ingrid Educator');
	const ids: string[] = [];
	for (const name of names) {
		const id = await insertUser(name);
		await writeTransaction((tx) => addToGroup(tx, group, id, T0));
		ids.push(id);
	}
	await assignCourses(
		{
			organisationId: organisation.id,
			target: { groupId: group.id },
			courseIds: ['first', 'second'],
			dueAt,
			assignedBy: educator
		},
		T0
	);
	return { group, ids };
}

async function completeCourse(userId: string, course = first, when = later(DAY)) {
	for (const lesson of course.lessons) await completeLesson(userId, course, lesson.id, 90, when);
	const attempt = await startAttempt(userId, course, when);
	const failed = await submitAttempt(
		userId,
		course,
		attempt.id,
		answersWith(['q-single', 'q-case']),
		when
	);
	if (!failed.ok) throw new Error(failed.reason);
	const retake = await startAttempt(userId, course, when);
	const passed = await submitAttempt(userId, course, retake.id, answersWith(), when);
	if (!passed.ok) throw new Error(passed.reason);
}

/** Counts the statements sent to the database while `work` runs. */
async function countStatements<T>(work: () => Promise<T>) {
	// The client drizzle sends every statement through (drizzle sets `$client` on the database).
	const client = (getDb() as unknown as { $client: Client }).$client;
	const execute = vi.spyOn(client, 'execute');
	const batch = vi.spyOn(client, 'batch');
	try {
		const result = await work();
		return { result, statements: execute.mock.calls.length + batch.mock.calls.length };
	} finally {
		execute.mockRestore();
		batch.mockRestore();
	}
}

describe('the group matrix', () => {
	it('shows not started, a percentage, completed with the date and overdue, with the best score', async () => {
		const { group, ids } = await groupWith(['Berit', 'Ali', 'Chloé', 'Dag']);
		const [berit, ali, chloe, dag] = ids;
		await completeCourse(ali);
		await completeLesson(berit, first, first.lessons[0].id, 30, later(DAY));
		recordLessonVisit(chloe, 'first', first.lessons[0].id, later(DAY));
		await flushLessonVisits();
		// Dag's own due date has passed; the group's has not.
		const [assignment] = await getDb().query.assignments.findMany();
		await setPersonalDueDate(assignment.id, dag, later(5 * DAY));

		const matrix = await groupMatrix(group.id, catalog, NOW);
		expect(matrix.columns.map((c) => c.title)).toEqual(['First course', 'Second course']);
		expect(matrix.rows.map((r) => r.name)).toEqual(['Ali', 'Berit', 'Chloé', 'Dag']);
		const cell = (name: string, index = 0) =>
			matrix.rows.find((r) => r.name === name)!.cells[index];
		expect(cell('Ali')).toMatchObject({
			state: 'completed',
			percent: 100,
			completedAt: later(DAY),
			bestScore: 100,
			attemptCount: 2
		});
		expect(cell('Ali', 1)).toMatchObject({ state: 'not-started', percent: 0, bestScore: null });
		expect(cell('Berit')).toMatchObject({ state: 'in-progress', percent: 25, completedAt: null });
		expect(cell('Chloé')).toMatchObject({ state: 'in-progress', percent: 0 });
		expect(cell('Dag')).toMatchObject({ state: 'overdue', dueAt: later(5 * DAY) });
		expect(cell('Dag', 1)).toMatchObject({ state: 'not-started', dueAt: later(20 * DAY) });
		expect(matrix.summary).toEqual([
			{ courseId: 'first', completed: 1, learners: 4, percentCompleted: 25 },
			{ courseId: 'second', completed: 0, learners: 4, percentCompleted: 0 }
		]);
	});

	it('adds courses given to single members, as not assigned to the others, with the earliest due date', async () => {
		const { group, ids } = await groupWith(['Ali', 'Berit'], later(20 * DAY));
		const [ali] = ids;
		const third = makeCourse({ id: 'third', title: 'Third course' });
		const assignAlone = (courseId: string, dueAt: Date) =>
			assignCourses(
				{
					organisationId: group.organisationId,
					target: { userIds: [ali] },
					courseIds: [courseId],
					dueAt,
					assignedBy: ali
				},
				later(DAY)
			);
		await assignAlone('third', later(5 * DAY));
		// Also given to Ali alone, due earlier than the group's date: the earlier one counts.
		await assignAlone('first', later(8 * DAY));
		await completeCourse(ali, third, later(2 * DAY));

		const matrix = await groupMatrix(group.id, [...catalog, third], NOW);
		expect(matrix.columns.map((c) => [c.courseId, c.dueAt])).toEqual([
			['first', later(20 * DAY)],
			['second', later(20 * DAY)],
			['third', null]
		]);
		const [aliRow, beritRow] = matrix.rows;
		expect(aliRow.cells.map((c) => [c.state, c.dueAt])).toEqual([
			['overdue', later(8 * DAY)],
			['not-started', later(20 * DAY)],
			['completed', later(5 * DAY)]
		]);
		expect(beritRow.cells.map((c) => c.state)).toEqual([
			'not-started',
			'not-started',
			'not-assigned'
		]);
		expect(matrix.summary[2]).toEqual({
			courseId: 'third',
			completed: 1,
			learners: 1,
			percentCompleted: 100
		});
		expect(filterRows(matrix.rows, 'not-started').map((r) => r.name)).toEqual(['Ali', 'Berit']);
		const csv = matrixCsv(matrix, LABELS).slice(1).trim().split('\r\n');
		expect(csv[2].endsWith(',not assigned,,,,')).toBe(true);
	});

	it('is read with the same number of statements for 2 learners as for 60', async () => {
		const small = await groupWith(['A', 'B']);
		const large = await groupWith(Array.from({ length: 60 }, (_, i) => `Learner ${i}`));
		for (const id of [...small.ids, ...large.ids.slice(0, 20)]) await completeCourse(id);
		const few = await countStatements(() => groupMatrix(small.group.id, catalog, NOW));
		const many = await countStatements(() => groupMatrix(large.group.id, catalog, NOW));
		expect(many.result.rows).toHaveLength(60);
		expect(many.result.summary[0].completed).toBe(20);
		expect(few.statements).toBeGreaterThan(0);
		expect(many.statements).toBe(few.statements);
		expect(many.statements).toBeLessThanOrEqual(4);
	});

	it('leaves out withdrawn assignments and courses no longer in the catalog, and works for an empty group', async () => {
		const { group } = await groupWith([]);
		const withdrawn = (await getDb().query.assignments.findMany()).find(
			(a) => a.courseId === 'first'
		)!;
		await withdrawAssignment(group, withdrawn.id);
		expect((await groupMatrix(group.id, [first], NOW)).columns).toEqual([]);
		const matrix = await groupMatrix(group.id, catalog, NOW);
		expect(matrix.columns.map((c) => c.courseId)).toEqual(['second']);
		expect(matrix.rows).toEqual([]);
		expect(matrix.summary).toEqual([
			{ courseId: 'second', completed: 0, learners: 0, percentCompleted: 0 }
		]);
	});
});

function row(name: string, cells: Partial<MatrixRow['cells'][number]>[]): MatrixRow {
	return {
		userId: name,
		name,
		cells: cells.map((cell) => ({
			courseId: 'c',
			state: 'in-progress',
			percent: 0,
			completedAt: null,
			dueAt: null,
			bestScore: null,
			attemptCount: 0,
			...cell
		}))
	};
}

describe('sorting and filtering the rows', () => {
	const rows = [
		row('bjørn', [{ percent: 50, dueAt: later(3 * DAY) }]),
		row('Åse', [{ state: 'overdue', percent: 10, dueAt: later(-DAY) }]),
		row('anna', [{ state: 'not-started', percent: 0 }]),
		row('Carl', [{ state: 'completed', percent: 100, dueAt: later(-5 * DAY) }])
	];
	const names = (list: MatrixRow[]) => list.map((r) => r.name);

	it('sorts by name, by least progress and by the soonest unfinished due date', () => {
		expect(names(sortRows(rows, 'name'))).toEqual(['anna', 'Åse', 'bjørn', 'Carl']);
		expect(names(sortRows(rows, 'progress'))).toEqual(['anna', 'Åse', 'bjørn', 'Carl']);
		expect(names(sortRows(rows, 'due'))).toEqual(['Åse', 'bjørn', 'anna', 'Carl']);
		expect(names(rows)).toEqual(['bjørn', 'Åse', 'anna', 'Carl']);
	});

	it('filters to overdue or not started', () => {
		expect(names(filterRows(rows, 'overdue'))).toEqual(['Åse']);
		expect(names(filterRows(rows, 'not-started'))).toEqual(['anna']);
		expect(filterRows(rows, 'all')).toBe(rows);
	});

	it('reads the view from the query string, falling back to the defaults', () => {
		expect(matrixView(new URLSearchParams('sort=due&filter=overdue'))).toEqual({
			sort: 'due',
			filter: 'overdue'
		});
		expect(matrixView(new URLSearchParams('sort=__proto__&filter=<x>'))).toEqual({
			sort: 'name',
			filter: 'all'
		});
	});
});

describe('the learner detail', () => {
	it('lists lessons with completion date and time, and every attempt with each question', async () => {
		const { ids } = await groupWith(['Ali']);
		await completeCourse(ids[0]);
		const [detail, other] = await learnerDetail(ids[0], catalog);
		expect(other.attempts).toEqual([]);
		expect(detail.lessons[0]).toMatchObject({ completedAt: later(DAY), secondsSpent: 90 });
		expect(detail.attempts.map((a) => [a.score, a.passed])).toEqual([
			[50, false],
			[100, true]
		]);
		const failed = new Map(detail.attempts[0].questions.map((q) => [q.questionId, q.correct]));
		expect(failed).toEqual(
			new Map([
				['q-single', false],
				['q-multiple', true],
				['q-true-false', true],
				['q-case', false]
			])
		);
		expect(detail.attempts[0].questions.find((q) => q.questionId === 'q-single')?.prompt).toBe(
			'Which one?'
		);
	});
});

const LABELS: CsvLabels = {
	learner: 'Learner',
	status: 'status',
	progress: 'progress %',
	completedOn: 'completed on',
	dueDate: 'due date',
	bestScore: 'best quiz score',
	'not-started': 'not started',
	'in-progress': 'in progress',
	overdue: 'overdue',
	completed: 'completed',
	'not-assigned': 'not assigned'
};

describe('CSV', () => {
	it('starts with a byte order mark and keeps æ, ø and å', () => {
		const csv = toCsv(['Navn'], [['Bjørn Ærø Åsen']]);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(csv.slice(1)).toBe('Navn\r\nBjørn Ærø Åsen\r\n');
	});

	it('guards every cell that a spreadsheet would run as a formula', () => {
		for (const start of ['=', '+', '-', '@', '\t', '\r']) {
			expect(neutraliseFormula(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
		}
		expect(neutraliseFormula('Kari')).toBe('Kari');
		const csv = toCsv(['name'], [['=HYPERLINK("http://x")'], ['a, "quoted" name']]);
		expect(csv.slice(1)).toBe('name\r\n"\'=HYPERLINK(""http://x"")"\r\n"a, ""quoted"" name"\r\n');
	});

	it('writes the matrix with ISO dates, a status per course and the best score', async () => {
		const { group, ids } = await groupWith(['=cmd|calc', 'Ali']);
		await completeCourse(ids[1]);
		const csv = matrixCsv(await groupMatrix(group.id, catalog, NOW), LABELS);
		const lines = csv.slice(1).trim().split('\r\n');
		expect(lines[0]).toBe(
			'Learner,First course: status,First course: progress %,First course: completed on,' +
				'First course: due date,First course: best quiz score,Second course: status,' +
				'Second course: progress %,Second course: completed on,Second course: due date,' +
				'Second course: best quiz score'
		);
		expect(lines[2]).toBe(
			`Ali,completed,100,${later(DAY).toISOString().slice(0, 10)},2025-03-21,100,not started,0,,2025-03-21,`
		);
		expect(lines[1]).toMatch(/^'=cmd\|calc,not started,0,,2025-03-21,/);
	});

	it('writes the learner detail a line per lesson, attempt and question', async () => {
		const { ids } = await groupWith(['Ali']);
		await completeCourse(ids[0]);
		const labels: DetailCsvLabels = {
			course: 'Course',
			kind: 'Kind',
			item: 'Item',
			date: 'Date',
			result: 'Result',
			seconds: 'Seconds',
			lesson: 'lesson',
			attempt: 'attempt',
			question: 'question',
			correct: 'right',
			wrong: 'wrong',
			completed: 'completed',
			notCompleted: 'not completed'
		};
		const lines = detailCsv(await learnerDetail(ids[0], [first]), labels)
			.slice(1)
			.trim()
			.split('\r\n');
		const day = later(DAY).toISOString().slice(0, 10);
		expect(lines[0]).toBe('Course,Kind,Item,Date,Result,Seconds');
		expect(lines[1]).toBe(`First course,lesson,Lesson one,${day},completed,90`);
		expect(lines[4]).toBe(`First course,attempt,1,${day},50%,`);
		expect(lines).toContain(`First course,question,Which one?,${day},wrong,`);
		expect(lines).toHaveLength(1 + 3 + 2 * 5);
	});

	it('names the file safely, keeping the real name for clients that read it', () => {
		expect(csvFileName('New staff: ø/å', 'progress', '2026-11-22')).toBe(
			'New staff ø å progress 2026-11-22.csv'
		);
		expect(attachment('Ny gruppe å.csv')).toBe(
			`attachment; filename="Ny-gruppe-a.csv"; filename*=UTF-8''Ny%20gruppe%20%C3%A5.csv`
		);
	});
});
