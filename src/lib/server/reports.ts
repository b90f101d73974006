/**
 * Reports for educators: the group matrix (learners × the group's assigned courses), its
 * sorting, filters and summary, the detail of one learner, and both as CSV.
 *
 * The matrix is read with a fixed number of queries whatever the size of the group: the
 * group's assignments, its members with their own due dates, and one `union all` with every
 * member's lessons, quiz attempts and completions summed up per learner and course (as
 * `progressInCourses` does for one learner). Nothing is read per learner or per cell, so a
 * group of 500 costs four queries like a group of 5.
 */
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import {
	assignmentDueDates,
	assignments,
	courseCompletions,
	groupMembers,
	groups,
	lessonProgress,
	quizAnswers,
	quizAttempts,
	users
} from '$lib/server/db/schema';
import { dueStatus } from '$lib/server/assignments';
import type { CourseEntry } from '$lib/server/content/catalog';

export type ReportCourse = Pick<CourseEntry, 'id' | 'title'> & {
	lessons: Pick<CourseEntry['lessons'][number], 'id' | 'title'>[];
};

export type CellState = 'not-started' | 'in-progress' | 'overdue' | 'completed' | 'not-assigned';

export type MatrixCell = {
	courseId: string;
	state: CellState;
	/** Lessons and the quiz, each one step, as on the learner's own pages. */
	percent: number;
	completedAt: Date | null;
	dueAt: Date | null;
	bestScore: number | null;
	attemptCount: number;
};

export type MatrixRow = { userId: string; name: string; cells: MatrixCell[] };

export type MatrixColumn = { courseId: string; title: string; dueAt: Date | null };

export type CourseSummary = {
	courseId: string;
	completed: number;
	learners: number;
	/** Whole percent of the learners who completed the course; 0 for an empty group. */
	percentCompleted: number;
};

export type GroupMatrix = {
	columns: MatrixColumn[];
	rows: MatrixRow[];
	summary: CourseSummary[];
};

/** One row per fact from the progress query; see `readProgress`. */
type ProgressRow =
	| ['lessons', string, string, number, number]
	| ['quiz', string, string, number | null, number, number]
	| ['completion', string, string, number];

type Facts = {
	lessonsViewed: number;
	lessonsDone: number;
	bestScore: number | null;
	passedCount: number;
	attemptCount: number;
	completedAt: Date | null;
};

function emptyFacts(): Facts {
	return {
		lessonsViewed: 0,
		lessonsDone: 0,
		bestScore: null,
		passedCount: 0,
		attemptCount: 0,
		completedAt: null
	};
}

/** Every member's progress in the courses, summed up per learner and course, in one query. */
async function readProgress(groupId: string, courses: ReportCourse[]) {
	const facts = new Map<string, Facts>();
	if (courses.length === 0) return facts;
	const list = (values: string[]) =>
		sql.join(
			values.map((value) => sql`${value}`),
			sql`, `
		);
	const courseIds = list(courses.map((c) => c.id));
	// Only lessons that are in the course today count, as on the learner's own pages.
	const lessonIds = list(courses.flatMap((c) => c.lessons.map((l) => l.id)));
	const members = sql`select ${groupMembers.userId} from ${groupMembers} where ${groupMembers.groupId} = ${groupId}`;
	// The unary `+` keeps SQLite from looking up every learner × lesson in the index on (user,
	// course, lesson): one range per learner and course, with the lesson tested in the index
	// entries, takes 1.8 ms instead of 3.0 (`npm run seed:large`, a group of 500).
	const rows = (await getDb().values(sql`
		select 'lessons', ${lessonProgress.userId}, ${lessonProgress.courseId}, count(*),
			count(${lessonProgress.completedAt}), null
		from ${lessonProgress}
		where ${lessonProgress.userId} in (${members}) and ${lessonProgress.courseId} in (${courseIds})
			and +${lessonProgress.lessonId} in (${lessonIds})
		group by ${lessonProgress.userId}, ${lessonProgress.courseId}
		union all
		select 'quiz', ${quizAttempts.userId}, ${quizAttempts.courseId}, max(${quizAttempts.score}),
			sum(case when ${quizAttempts.passed} then 1 else 0 end), count(${quizAttempts.submittedAt})
		from ${quizAttempts}
		where ${quizAttempts.userId} in (${members}) and ${quizAttempts.courseId} in (${courseIds})
		group by ${quizAttempts.userId}, ${quizAttempts.courseId}
		union all
		select 'completion', ${courseCompletions.userId}, ${courseCompletions.courseId},
			${courseCompletions.completedAt}, null, null
		from ${courseCompletions}
		where ${courseCompletions.userId} in (${members}) and ${courseCompletions.courseId} in (${courseIds})
	`)) as ProgressRow[];
	for (const row of rows) {
		const key = `${row[1]}\n${row[2]}`;
		let entry = facts.get(key);
		if (!entry) facts.set(key, (entry = emptyFacts()));
		if (row[0] === 'lessons') {
			entry.lessonsViewed = Number(row[3]);
			entry.lessonsDone = Number(row[4]);
		} else if (row[0] === 'quiz') {
			entry.bestScore = row[3] === null ? null : Number(row[3]);
			entry.passedCount = Number(row[4] ?? 0);
			entry.attemptCount = Number(row[5] ?? 0);
		} else {
			entry.completedAt = new Date(Number(row[3]));
		}
	}
	return facts;
}

/** The state of one cell, from what the learner did and when the course is due. */
export function cellOf(
	course: ReportCourse,
	facts: Facts,
	dueAt: Date | null,
	now: Date
): MatrixCell {
	const steps = course.lessons.length + 1;
	const stepsDone =
		Math.min(facts.lessonsDone, course.lessons.length) + (facts.passedCount ? 1 : 0);
	const percent = facts.completedAt ? 100 : Math.floor((stepsDone / steps) * 100);
	const started = facts.lessonsViewed > 0 || facts.attemptCount > 0;
	const status = dueStatus(dueAt, facts.completedAt, now);
	const state: CellState =
		status === 'done'
			? 'completed'
			: status === 'overdue'
				? 'overdue'
				: started
					? 'in-progress'
					: 'not-started';
	return {
		courseId: course.id,
		state,
		percent,
		completedAt: facts.completedAt,
		dueAt,
		bestScore: facts.bestScore,
		attemptCount: facts.attemptCount
	};
}

/**
 * The group matrix: every member × every course assigned to the group and not withdrawn, then
 * the courses its organisation gave single members. A person's due date for a course is the
 * earliest among the assignments that reach them (with their own date in place of the group's),
 * as on their own page; a course that does not reach them is `not-assigned`. Courses no longer
 * in the catalog are left out.
 */
export async function groupMatrix(
	groupId: string,
	catalog: ReportCourse[],
	now = new Date()
): Promise<GroupMatrix> {
	const db = getDb();
	const members = sql`select ${groupMembers.userId} from ${groupMembers} where ${groupMembers.groupId} = ${groupId}`;
	const organisation = sql`select ${groups.organisationId} from ${groups} where ${groups.id} = ${groupId}`;
	const [assigned, people, overrides] = await Promise.all([
		db
			.select({
				id: assignments.id,
				courseId: assignments.courseId,
				dueAt: assignments.dueAt,
				userId: assignments.userId
			})
			.from(assignments)
			.where(
				and(
					isNull(assignments.withdrawnAt),
					or(
						eq(assignments.groupId, groupId),
						and(
							sql`${assignments.userId} in (${members})`,
							sql`${assignments.organisationId} = (${organisation})`
						)
					)
				)
			)
			.orderBy(asc(assignments.createdAt)),
		db
			.select({ userId: users.id, name: users.name })
			.from(groupMembers)
			.innerJoin(users, eq(users.id, groupMembers.userId))
			.where(eq(groupMembers.groupId, groupId))
			.orderBy(asc(sql`${users.name} collate nocase`)),
		db
			.select({
				courseId: assignments.courseId,
				userId: assignmentDueDates.userId,
				dueAt: assignmentDueDates.dueAt
			})
			.from(assignmentDueDates)
			.innerJoin(assignments, eq(assignments.id, assignmentDueDates.assignmentId))
			.where(and(eq(assignments.groupId, groupId), isNull(assignments.withdrawnAt)))
	]);
	const byId = new Map(catalog.map((course) => [course.id, course]));
	const columns: (MatrixColumn & { course: ReportCourse; forGroup: boolean })[] = [];
	// The group's courses first, then those of single people, each course once.
	for (const assignment of [
		...assigned.filter((a) => a.userId === null),
		...assigned.filter((a) => a.userId !== null)
	]) {
		const course = byId.get(assignment.courseId);
		if (!course || columns.some((c) => c.courseId === course.id)) continue;
		const forGroup = assignment.userId === null;
		const dueAt = forGroup ? assignment.dueAt : null;
		columns.push({ courseId: course.id, title: course.title, dueAt, course, forGroup });
	}
	const facts = await readProgress(
		groupId,
		columns.map((c) => c.course)
	);
	const personalDue = new Map(overrides.map((o) => [`${o.userId}\n${o.courseId}`, o.dueAt]));
	/** Due dates of assignments to single people, by person and course. */
	const ownAssignments = new Map<string, (Date | null)[]>();
	for (const a of assigned) {
		if (a.userId === null) continue;
		const key = `${a.userId}\n${a.courseId}`;
		ownAssignments.set(key, [...(ownAssignments.get(key) ?? []), a.dueAt]);
	}
	const rows = people.map((member) => ({
		userId: member.userId,
		name: member.name,
		cells: columns.map((column) => {
			const key = `${member.userId}\n${column.courseId}`;
			const dates = [
				...(column.forGroup ? [personalDue.has(key) ? personalDue.get(key)! : column.dueAt] : []),
				...(ownAssignments.get(key) ?? [])
			];
			if (dates.length === 0) return notAssigned(column.courseId);
			return cellOf(column.course, facts.get(key) ?? emptyFacts(), earliest(dates), now);
		})
	}));
	return {
		columns: columns.map(({ courseId, title, dueAt }) => ({ courseId, title, dueAt })),
		rows,
		summary: summarise(columns, rows)
	};
}

/** The earliest of the dates, or null when none has one. */
function earliest(dates: (Date | null)[]): Date | null {
	let first: Date | null = null;
	for (const date of dates) if (date && (!first || date < first)) first = date;
	return first;
}

function notAssigned(courseId: string): MatrixCell {
	return {
		courseId,
		state: 'not-assigned',
		percent: 0,
		completedAt: null,
		dueAt: null,
		bestScore: null,
		attemptCount: 0
	};
}

/** The share of the learners the course is assigned to who completed it. */
export function summarise(columns: { courseId: string }[], rows: MatrixRow[]): CourseSummary[] {
	return columns.map((column, index) => {
		const cells = rows.map((row) => row.cells[index]).filter((c) => c?.state !== 'not-assigned');
		const completed = cells.filter((cell) => cell?.state === 'completed').length;
		return {
			courseId: column.courseId,
			completed,
			learners: cells.length,
			percentCompleted: cells.length ? Math.round((completed / cells.length) * 100) : 0
		};
	});
}

export const MATRIX_SORTS = ['name', 'progress', 'due'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];
export const MATRIX_FILTERS = ['all', 'overdue', 'not-started'] as const;
export type MatrixFilter = (typeof MATRIX_FILTERS)[number];

/** The sort and filter in a query string; anything unknown is the default. */
export function matrixView(params: URLSearchParams): { sort: MatrixSort; filter: MatrixFilter } {
	const sort = params.get('sort');
	const filter = params.get('filter');
	return {
		sort: (MATRIX_SORTS as readonly string[]).includes(sort ?? '') ? (sort as MatrixSort) : 'name',
		filter: (MATRIX_FILTERS as readonly string[]).includes(filter ?? '')
			? (filter as MatrixFilter)
			: 'all'
	};
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The learner's average over the courses assigned to them. */
function averagePercent(row: MatrixRow) {
	const cells = row.cells.filter((cell) => cell.state !== 'not-assigned');
	if (cells.length === 0) return 0;
	return cells.reduce((sum, cell) => sum + cell.percent, 0) / cells.length;
}

/** The earliest due date among the courses the learner has not completed; none sorts last. */
function nextDue(row: MatrixRow) {
	const due = row.cells
		.filter((cell) => cell.state !== 'completed' && cell.dueAt)
		.map((cell) => cell.dueAt!.getTime());
	return due.length ? Math.min(...due) : Number.POSITIVE_INFINITY;
}

/**
 * Rows in the chosen order, a new array: by name; by progress, least first (who needs a nudge);
 * by due date, soonest unfinished first. Ties fall back to the name.
 */
export function sortRows(rows: MatrixRow[], sort: MatrixSort): MatrixRow[] {
	const name = (a: MatrixRow, b: MatrixRow) =>
		byName.compare(a.name, b.name) || a.userId.localeCompare(b.userId);
	const compare: Record<MatrixSort, (a: MatrixRow, b: MatrixRow) => number> = {
		name,
		progress: (a, b) => averagePercent(a) - averagePercent(b) || name(a, b),
		due: (a, b) => {
			const [x, y] = [nextDue(a), nextDue(b)];
			return x === y ? name(a, b) : x < y ? -1 : 1;
		}
	};
	return [...rows].sort(compare[sort]);
}

/** Rows with at least one overdue course, or at least one course not started. */
export function filterRows(rows: MatrixRow[], filter: MatrixFilter): MatrixRow[] {
	if (filter === 'all') return rows;
	const state: CellState = filter === 'overdue' ? 'overdue' : 'not-started';
	return rows.filter((row) => row.cells.some((cell) => cell.state === state));
}

export type LessonDetail = {
	lessonId: string;
	title: string;
	firstViewedAt: Date | null;
	completedAt: Date | null;
	secondsSpent: number;
};

export type AttemptDetail = {
	id: string;
	startedAt: Date;
	submittedAt: Date | null;
	score: number | null;
	passed: boolean | null;
	questions: { questionId: string; prompt: string; correct: boolean | null }[];
};

export type CourseDetail = {
	courseId: string;
	title: string;
	lessons: LessonDetail[];
	attempts: AttemptDetail[];
};

export type DetailCourse = ReportCourse & Pick<CourseEntry, 'bank'>;

/**
 * One learner's lessons and quiz attempts in the given courses, each attempt with the result of
 * every question on its paper, in three queries whatever the number of courses and attempts.
 */
export async function learnerDetail(
	userId: string,
	courses: DetailCourse[]
): Promise<CourseDetail[]> {
	if (courses.length === 0) return [];
	const db = getDb();
	const courseIds = courses.map((c) => c.id);
	const [lessons, attempts, answers] = await Promise.all([
		db
			.select()
			.from(lessonProgress)
			.where(and(eq(lessonProgress.userId, userId), inArray(lessonProgress.courseId, courseIds))),
		db
			.select()
			.from(quizAttempts)
			.where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.courseId, courseIds)))
			.orderBy(asc(quizAttempts.startedAt)),
		db
			.select({
				attemptId: quizAnswers.attemptId,
				questionId: quizAnswers.questionId,
				correct: quizAnswers.correct
			})
			.from(quizAnswers)
			.innerJoin(quizAttempts, eq(quizAttempts.id, quizAnswers.attemptId))
			.where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.courseId, courseIds)))
	]);
	const lessonRows = new Map(lessons.map((row) => [row.lessonId, row]));
	const answered = new Map(answers.map((a) => [`${a.attemptId}\n${a.questionId}`, a.correct]));
	return courses.map((course) => {
		const prompts = new Map(course.bank.questions.map((q) => [q.id, q.prompt]));
		return {
			courseId: course.id,
			title: course.title,
			lessons: course.lessons.map((lesson) => {
				const row = lessonRows.get(lesson.id);
				return {
					lessonId: lesson.id,
					title: lesson.title,
					firstViewedAt: row?.firstViewedAt ?? null,
					completedAt: row?.completedAt ?? null,
					secondsSpent: row?.secondsSpent ?? 0
				};
			}),
			attempts: attempts
				.filter((attempt) => attempt.courseId === course.id)
				.map((attempt) => ({
					id: attempt.id,
					startedAt: attempt.startedAt,
					submittedAt: attempt.submittedAt,
					score: attempt.score,
					passed: attempt.passed,
					questions: attempt.paper.map(({ questionId }) => ({
						questionId,
						prompt: prompts.get(questionId) ?? questionId,
						correct: answered.get(`${attempt.id}\n${questionId}`) ?? null
					}))
				}))
		};
	});
}

/**
 * A value a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the start)
 * gets a leading apostrophe, so it is shown as text (CSV injection).
 */
export function neutraliseFormula(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** YYYY-MM-DD, or empty. */
function isoDate(date: Date | null): string {
	return date ? date.toISOString().slice(0, 10) : '';
}

/**
 * CSV text: UTF-8 with a byte order mark, so that spreadsheet programs read æ, ø and å right;
 * quoting by csv-stringify; every text cell guarded against formulas.
 */
export function toCsv(header: string[], records: (string | number | null)[][]): string {
	return stringify([header, ...records], {
		bom: true,
		record_delimiter: 'windows',
		cast: { string: neutraliseFormula, number: (value) => String(value) }
	});
}

/** What the matrix CSV says about a state, in plain words. */
export type CsvLabels = Record<CellState, string> & {
	learner: string;
	status: string;
	progress: string;
	completedOn: string;
	dueDate: string;
	bestScore: string;
};

export function matrixCsv(matrix: GroupMatrix, labels: CsvLabels): string {
	const header = [
		labels.learner,
		...matrix.columns.flatMap((column) =>
			[labels.status, labels.progress, labels.completedOn, labels.dueDate, labels.bestScore].map(
				(label) => `${column.title}: ${label}`
			)
		)
	];
	const records = matrix.rows.map((row) => [
		row.name,
		...row.cells.flatMap((cell) =>
			cell.state === 'not-assigned'
				? [labels[cell.state], null, '', '', null]
				: [
						labels[cell.state],
						cell.percent,
						isoDate(cell.completedAt),
						isoDate(cell.dueAt),
						cell.bestScore
					]
		)
	]);
	return toCsv(header, records);
}

export type DetailCsvLabels = {
	course: string;
	kind: string;
	item: string;
	date: string;
	result: string;
	seconds: string;
	lesson: string;
	attempt: string;
	question: string;
	correct: string;
	wrong: string;
	completed: string;
	notCompleted: string;
};

/**
 * The learner detail as one table: a line per lesson (completion date, seconds spent), per
 * attempt (submission date, score) and per question of each attempt (right or wrong).
 */
export function detailCsv(courses: CourseDetail[], labels: DetailCsvLabels): string {
	const records: (string | number | null)[][] = [];
	for (const course of courses) {
		for (const lesson of course.lessons) {
			records.push([
				course.title,
				labels.lesson,
				lesson.title,
				isoDate(lesson.completedAt),
				lesson.completedAt ? labels.completed : labels.notCompleted,
				lesson.secondsSpent
			]);
		}
		course.attempts.forEach((attempt, index) => {
			records.push([
				course.title,
				labels.attempt,
				String(index + 1),
				isoDate(attempt.submittedAt ?? attempt.startedAt),
				attempt.score === null ? '' : `${attempt.score}%`,
				null
			]);
			for (const question of attempt.questions) {
				records.push([
					course.title,
					labels.question,
					question.prompt,
					isoDate(attempt.submittedAt),
					question.correct === null ? '' : question.correct ? labels.correct : labels.wrong,
					null
				]);
			}
		});
	}
	return toCsv(
		[labels.course, labels.kind, labels.item, labels.date, labels.result, labels.seconds],
		records
	);
}

/**
 * `Content-Disposition` for a download: an ASCII name for old clients and the real one
 * (æ, ø, å, emoji) as RFC 6266 `filename*`.
 */
export function attachment(fileName: string): string {
	const ascii = fileName
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/[^\w.-]+/g, '-');
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** E.g. `New staff, autumn 2026 progress 2026-11-22.csv`, without characters a file may not have. */
export function csvFileName(...parts: string[]): string {
	const name = parts
		.join(' ')
		.replace(/[\p{Cc}/\\:*?"<>|]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return `${[...name].slice(0, 150).join('')}.csv`;
}

/** The person, if they are in the group; null otherwise, which routes answer with 404. */
export async function learnerInGroup(
	groupId: string,
	userId: string
): Promise<{ userId: string; name: string } | null> {
	const [row] = await getDb()
		.select({ userId: users.id, name: users.name })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
	return row ?? null;
}

/**
 * The catalog's courses that reach the learner through the group, in catalog order: the group's
 * and those its organisation gave the learner alone, not withdrawn.
 */
export async function coursesOfLearnerInGroup<T extends { id: string }>(
	group: { id: string; organisationId: string },
	userId: string,
	catalog: T[]
): Promise<T[]> {
	const assigned = await getDb()
		.select({ courseId: assignments.courseId })
		.from(assignments)
		.where(
			and(
				isNull(assignments.withdrawnAt),
				or(
					eq(assignments.groupId, group.id),
					and(eq(assignments.organisationId, group.organisationId), eq(assignments.userId, userId))
				)
			)
		);
	const ids = new Set(assigned.map((a) => a.courseId));
	return catalog.filter((course) => ids.has(course.id));
}
