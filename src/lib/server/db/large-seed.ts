/**
 * A database of realistic size for measuring Spire at scale (`npm run seed:large`): by default
 * 100,000 learners in 2,000 groups, with 5 million lesson-progress rows.
 *
 * The shape: municipalities and private chains with kindergartens under them (one level, as
 * organisations allow), a few kindergartens on their own, and one educator each. Every
 * kindergarten has a group of its staff, and every municipality or chain a municipal induction
 * group drawn from the staff of its kindergartens (every fifth of them 500 people, the size
 * `npm run bench -- --large` measures). Each group has the courses in `courses/` assigned with a
 * due date (some none, some past), a few personal due dates, a current invite link and a few
 * pending invitations. Learners are at every stage: not started, halfway, done with the lessons,
 * failed the quiz, passed it and completed the course.
 *
 * Spire has fewer lessons than 5 million rows need (50 per learner), so progress also goes into
 * courses that are not in `courses/`, with ids such as `seeded-course-01`: rows a larger
 * catalogue would leave behind, which weigh on the tables and indexes like real ones, and which
 * no page shows, like the progress of a course taken out of the catalogue. Assignments, quiz
 * attempts and completions are only for the real courses.
 *
 * Every account shares one password hash, made once by the caller: argon2id is slow on purpose
 * (13 ms a hash on the 2-core machine), so 100,000 of them would take 20 minutes of a core, where
 * the whole seed takes under half a minute.
 *
 * Repeatable: the same options (seed and `now` included) write the same rows. Only fictional
 * names, every address @example.org.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'libsql';
import { drawPaper, shuffle } from '$lib/server/quizzes';
import type { CourseEntry } from '$lib/server/content/catalog';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrateDatabase } from './index';
import * as schema from './schema';

type Connection = InstanceType<typeof Database>;
type Statement = ReturnType<Connection['prepare']>;

export type SeedCourse = Pick<
	CourseEntry,
	'id' | 'lessons' | 'bank' | 'passMark' | 'questionsPerAttempt'
>;

export type LargeSeedOptions = {
	learners: number;
	groups: number;
	/** Lesson-progress rows in all, spread unevenly over the learners. */
	progressRows: number;
	seed: number;
	/** Due dates and progress are placed around this moment. */
	now: Date;
	/** The real courses (the catalog): assigned to every group, with quizzes. */
	courses: SeedCourse[];
	/** The one argon2id hash every seeded account gets. */
	passwordHash: string;
	/** Called with a line of progress now and then. */
	report?: (line: string) => void;
};

export const LARGE_SEED_DEFAULTS = {
	learners: 100_000,
	groups: 2_000,
	progressRows: 5_000_000,
	seed: 20261123
} as const;

/** About this many kindergartens under each municipality or chain. */
const KINDERGARTENS_PER_PARENT = 40;
/** The size of every fifth municipal induction group: the bench's 500-learner group. */
export const LARGE_GROUP_SIZE = 500;
const SEEDED_COURSE_LESSONS = 8;
const DAY = 24 * 60 * 60 * 1000;

export type SeedCounts = Record<string, number>;

/** mulberry32: small, fast and good enough for test data; the same seed gives the same numbers. */
export function seededRandom(seed: number): () => number {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;

function helpers(random: Random) {
	const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const hex = (length: number) => {
		let text = '';
		for (let i = 0; i < length; i += 8) {
			text += Math.floor(random() * 2 ** 32)
				.toString(16)
				.padStart(8, '0');
		}
		return text.slice(0, length);
	};
	/** Shaped like crypto.randomUUID(), which the server uses, but from the seeded numbers. */
	const uuid = () => {
		const h = hex(32);
		const variant = '89ab'[Math.floor(random() * 4)];
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
	};
	return { between, pick, hex, uuid };
}

/** A list written as one line of words. */
const words = (text: string) => text.split(' ');

// Fictional people: common Nordic first and last names, put together at random.
const FIRST_NAMES = words(
	'Åse Bjørn Sølvi Kåre Ingrid Jørgen Mette Søren Astrid Øystein Frøydis Håkon Line Maja ' +
		'Nils Ragnhild Sigrid Tove Åsmund Birgitte Dagny Emil Freja Gudrun Hanne Ida Jens Karin ' +
		'Lærke Magnus Nanna Ole Pernille Rasmus Signe Torbjørn Ulla Vibeke Aino Eero Sigrún Jón ' +
		'Guðrún Elsa Linnéa Märta Göran Ævar Amir Fatima'
);
const LAST_NAMES = words(
	'Sæther Ødegård Åberg Bråten Kjær Sørensen Hansen Johansen Lindqvist Mikkelsen Højgaard ' +
		'Dahl Bæk Næss Østby Haugen Berg Lund Strøm Nygård Fjeld Holm Solberg Løvås Rønning ' +
		'Jakobsen Pedersen Nielsen Andersson Virtanen Korhonen Jónsdóttir Gunnarsson Brekke Aas ' +
		'Vik Mæhle Grønli Krogh Thorsen'
);
/** A few names written right to left. */
const RIGHT_TO_LEFT_NAMES = [
	'ليلى حداد',
	'سارا رضایی',
	'נועה כהן',
	'يوسف العلي',
	'אורי לוי'
] as const;
/** A few very long names, as people really have them. */
const LONG_NAMES = [
	'Anne-Marie Kristine Margrethe Sørensen-Ødegaard Bjørnstad Fjellheim',
	'Maria Fernanda de los Ángeles Rodríguez Håkonsen-Lindqvist Østergaard',
	'Karl-Johan Åsmund Torbjørn Haraldsen Mæhle-Gjerstad Nørregaard-Bakke'
] as const;
const PLACE_STARTS = words(
	'Fjord Sol Nord Øster Vester Lille Stor Bjørke Lyng Sand Skog Elve Havn Dal Berg Å Lien ' +
		'Mo Grøn Bæk'
);
const PLACE_ENDS = words('vik dal strand berg heim by rud sund nes mark');
const KINDERGARTEN_WORDS = words(
	'Marihøna Blåbærtoppen Solsikken Tusenfryd Trollskogen Smørblomsten Humlebien Ekornet ' +
		'Måltrosten Lykketrollet Kløverenga Bjørnebo Sjøstjerna Myretua Reveholet'
);
const GROUP_NAMES = [
	'New staff, autumn 2026',
	'Staff induction 2026',
	'Substitutes, spring 2027',
	'New staff, spring 2027'
] as const;
const LOCALES = ['nb', 'nb', 'nb', 'da', 'da', 'en'] as const;

/** The letters of a name that may go into an e-mail address. */
function addressPart(name: string): string {
	const latin = name
		.toLowerCase()
		.replaceAll('æ', 'ae')
		.replaceAll('ø', 'o')
		.replaceAll('å', 'a')
		.replaceAll('ð', 'd')
		.normalize('NFKD')
		.replace(/[^a-z]+/g, '');
	return latin.slice(0, 20) || 'staff';
}

/**
 * Rows of one table, written many to a statement: one prepared INSERT with room for `perStatement`
 * rows, run again and again, and one for the rest at the end.
 */
class BulkInsert {
	readonly #db: Connection;
	readonly #table: string;
	readonly #columns: string;
	readonly #width: number;
	readonly #perStatement: number;
	readonly #full: Statement;
	#values: unknown[] = [];
	count = 0;

	/** `columns` as in SQL: `'id, name'`. */
	constructor(db: Connection, table: string, columns: string, perStatement = 100) {
		this.#db = db;
		this.#table = table;
		this.#columns = columns;
		this.#width = columns.split(',').length;
		this.#perStatement = perStatement;
		this.#full = db.prepare(this.#sql(perStatement));
	}

	#sql(rows: number) {
		const row = `(${Array(this.#width).fill('?').join(', ')})`;
		return `insert into ${this.#table} (${this.#columns}) values ${Array(rows).fill(row).join(', ')}`;
	}

	add(...values: unknown[]) {
		this.#values.push(...values);
		this.count++;
		if (this.#values.length === this.#perStatement * this.#width) {
			this.#full.run(this.#values);
			this.#values = [];
		}
	}

	flush() {
		if (this.#values.length === 0) return;
		this.#db.prepare(this.#sql(this.#values.length / this.#width)).run(this.#values);
		this.#values = [];
	}
}

type Organisation = { id: string; name: string; parentId: string | null };
type Group = { id: string; organisationId: string; name: string; members: number[] };
type Person = { id: string; name: string; email: string; locale: string; joinedAt: number };

/** A course as the seed sees it: its lessons, and its quiz when it is one of the real courses. */
type ProgressCourse = { id: string; lessonIds: string[]; real?: SeedCourse };

/**
 * How many progress rows each learner gets: a tenth none (new staff who have not started), the
 * rest unevenly, at most every lesson there is, adding up to exactly `total`.
 */
export function progressCounts(
	learners: number,
	total: number,
	maxPerLearner: number,
	random: Random
): Int32Array {
	if (total > learners * maxPerLearner * 0.9) {
		throw new RangeError(`${total} progress rows do not fit ${learners} learners`);
	}
	const weights = Float64Array.from({ length: learners }, () =>
		random() < 0.1 ? 0 : 0.2 + 1.6 * random()
	);
	const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
	const counts = new Int32Array(learners);
	let given = 0;
	for (let i = 0; i < learners; i++) {
		counts[i] = Math.min(maxPerLearner, Math.floor((weights[i] / weightSum) * total));
		given += counts[i];
	}
	// What rounding and the cap left over goes one row at a time to those who have started.
	for (let i = 0; given < total; i = (i + 1) % learners) {
		if (weights[i] > 0 && counts[i] < maxPerLearner) {
			counts[i]++;
			given++;
		}
	}
	return counts;
}

/**
 * Writes the seed into a new database at `path`: first as `path.partial`, renamed when complete,
 * so an interrupted run never leaves something that looks finished. `path` must not exist.
 * Returns the rows per table.
 */
export async function writeLargeSeed(path: string, options: LargeSeedOptions): Promise<SeedCounts> {
	if (options.groups < 2)
		throw new RangeError('At least 2 groups: a municipality and a kindergarten');
	if (options.courses.length === 0) throw new RangeError('No courses to assign');
	const partial = `${path}.partial`;
	for (const file of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(file, { force: true });

	// Through @libsql/client, which lets go of the file when closed: the bulk connection below
	// needs it to itself.
	const client = createClient({ url: `file:${partial}` });
	try {
		await migrateDatabase(drizzle({ client, schema }));
	} finally {
		client.close();
	}

	const db = new Database(partial);
	try {
		// Only while seeding, on a file nobody else uses yet: no rollback journal, no syncs, a big
		// cache. A crash here leaves a `.partial` file, never a half-written database.
		db.exec(`
			PRAGMA journal_mode = OFF;
			PRAGMA synchronous = OFF;
			PRAGMA locking_mode = EXCLUSIVE;
			PRAGMA cache_size = -262144;
			PRAGMA temp_store = MEMORY;
			PRAGMA foreign_keys = OFF;
		`);
		seedRows(db, options);
		// As the server runs it: WAL (it sets synchronous and foreign keys per connection itself).
		db.exec('PRAGMA locking_mode = NORMAL');
		db.exec('PRAGMA journal_mode = WAL');
		const counts = countRows(db);
		db.close();
		for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
		renameSync(partial, path);
		return counts;
	} catch (error) {
		if (db.open) db.close();
		throw error;
	} finally {
		for (const file of [`${partial}-wal`, `${partial}-shm`]) {
			if (existsSync(file)) rmSync(file, { force: true });
		}
	}
}

const COUNTED_TABLES = [
	'organisations',
	'users',
	'memberships',
	'groups',
	'group_members',
	'group_invite_links',
	'group_invitations',
	'assignments',
	'assignment_due_dates',
	'lesson_progress',
	'quiz_attempts',
	'quiz_answers',
	'course_completions'
] as const;

/** Rows per table that the seed writes to. */
export function countRows(db: Connection): SeedCounts {
	const counts: SeedCounts = {};
	for (const table of COUNTED_TABLES) {
		const [count] = db.prepare(`select count(*) from ${table}`).raw(true).get() as [number];
		counts[table] = Number(count);
	}
	return counts;
}

/** The seeded random numbers and the clock every step shares. */
type Seeding = ReturnType<typeof helpers> & {
	random: Random;
	now: number;
	report: (line: string) => void;
	elapsed: () => string;
};

/** Who works where and who is in which group, decided before anything is written. */
type Plan = {
	/** Municipalities and chains first: a kindergarten points at its parent. */
	organisations: Organisation[];
	kindergartens: Organisation[];
	/** The learners, then one leader (educator) per organisation. */
	people: Person[];
	learnerCount: number;
	/** The leader of each organisation, by the organisation's place in `organisations`. */
	leaders: number[];
	/** Each learner's kindergarten, by its place in `kindergartens`. */
	workplace: Int32Array;
	groups: Group[];
	/** People by id, the order users and their progress are written in. */
	byId: number[];
};

function seedRows(db: Connection, options: LargeSeedOptions) {
	const random = seededRandom(options.seed);
	const started = performance.now();
	const seeding: Seeding = {
		...helpers(random),
		random,
		now: options.now.getTime(),
		report: options.report ?? (() => undefined),
		elapsed: () => `${((performance.now() - started) / 1000).toFixed(1)} s`
	};
	const plan = planPeopleAndGroups(seeding, options);
	db.exec('BEGIN');
	writePeople(db, seeding, plan, options.passwordHash);
	writeGroups(db, seeding, plan, options.courses);
	db.exec('COMMIT');
	writeProgress(db, seeding, plan, options);
}

function planPeopleAndGroups(seeding: Seeding, options: LargeSeedOptions): Plan {
	const { random, between, pick, uuid, now } = seeding;
	// Organisations: municipalities and chains, kindergartens under them, a few on their own.
	const parentCount = Math.max(1, Math.round(options.groups / KINDERGARTENS_PER_PARENT));
	const kindergartenCount = options.groups - parentCount;
	const organisations: Organisation[] = [];
	const usedPlaces = new Set<string>();
	for (let i = 0; i < parentCount; i++) {
		let place = `${pick(PLACE_STARTS)}${pick(PLACE_ENDS)}`;
		if (usedPlaces.has(place)) place = `${place} ${i + 1}`;
		usedPlaces.add(place);
		const chain = i % 10 === 9;
		organisations.push({
			id: uuid(),
			name: chain ? `${place} barnehager AS` : `${place} kommune`,
			parentId: null
		});
	}
	const parents = organisations.slice();
	const standalone = Math.floor(kindergartenCount * 0.05);
	for (let i = 0; i < kindergartenCount; i++) {
		const parent = i < standalone ? null : parents[i % parentCount];
		const place = parent ? parent.name.split(' ')[0] : `${pick(PLACE_STARTS)}${pick(PLACE_ENDS)}`;
		organisations.push({
			id: uuid(),
			name: `${pick(KINDERGARTEN_WORDS)} barnehage, ${place} ${i + 1}`,
			parentId: parent?.id ?? null
		});
	}
	const kindergartens = organisations.slice(parentCount);

	// People: every learner works in one kindergarten; one educator leads each organisation.
	const people: Person[] = [];
	const newPerson = (role: 'learner' | 'leader') => {
		const roll = random();
		const first = pick(FIRST_NAMES);
		const last = pick(LAST_NAMES);
		const name =
			roll < 0.01
				? pick(RIGHT_TO_LEFT_NAMES)
				: roll < 0.015
					? pick(LONG_NAMES)
					: `${first} ${last}`;
		const number = people.length + 1;
		const email = `${role === 'leader' ? 'leader.' : ''}${addressPart(first)}.${addressPart(last)}.${number}@example.org`;
		const joinedAt = now - between(30, 700) * DAY - between(0, DAY / 1000) * 1000;
		people.push({ id: uuid(), name, email, locale: pick(LOCALES), joinedAt });
		return people.length - 1;
	};
	const learnerCount = options.learners;
	for (let i = 0; i < learnerCount; i++) newPerson('learner');
	const leaders = organisations.map(() => newPerson('leader'));

	// Staff per kindergarten: uneven sizes that add up to every learner.
	const workplace = new Int32Array(learnerCount);
	const weights = kindergartens.map(() => 0.5 + random());
	const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
	const staff: number[][] = kindergartens.map(() => []);
	const order = shuffle(
		Array.from({ length: learnerCount }, (_, i) => i),
		random
	);
	// Each kindergarten ends where its share of the running total ends, so rounding never piles
	// up in the last one.
	let weightSoFar = 0;
	let next = 0;
	kindergartens.forEach((_, k) => {
		weightSoFar += weights[k];
		const end = Math.round((weightSoFar / weightSum) * learnerCount);
		for (const person of order.slice(next, end)) {
			workplace[person] = k;
			staff[k].push(person);
		}
		next = end;
	});

	// Groups: each kindergarten's staff, and a municipal induction group for each parent.
	const groups: Group[] = kindergartens.map((kindergarten, k) => ({
		id: uuid(),
		organisationId: kindergarten.id,
		name: pick(GROUP_NAMES),
		members: staff[k]
	}));
	const parentIndex = new Map(parents.map((parent, i) => [parent.id, i]));
	const staffOfParent: number[][] = parents.map(() => []);
	kindergartens.forEach((kindergarten, k) => {
		if (kindergarten.parentId)
			staffOfParent[parentIndex.get(kindergarten.parentId)!].push(...staff[k]);
	});
	parents.forEach((parent, i) => {
		const wanted = i % 5 === 0 ? LARGE_GROUP_SIZE : between(50, 400);
		const members = shuffle(staffOfParent[i], random).slice(0, wanted);
		groups.push({
			id: uuid(),
			organisationId: parent.id,
			name: 'Municipal induction 2026',
			members
		});
	});
	const byId = people.map((_, i) => i).sort((a, b) => (people[a].id < people[b].id ? -1 : 1));
	return { organisations, kindergartens, people, learnerCount, leaders, workplace, groups, byId };
}

/** Organisations, users and who belongs where. */
function writePeople(db: Connection, seeding: Seeding, plan: Plan, passwordHash: string) {
	const { random, between, now } = seeding;
	const { organisations, kindergartens, people, learnerCount, leaders, workplace, groups } = plan;
	const organisationRows = new BulkInsert(
		db,
		'organisations',
		'id, name, parent_id, created_at, updated_at'
	);
	for (const organisation of organisations) {
		const created = now - between(400, 900) * DAY;
		organisationRows.add(
			organisation.id,
			organisation.name,
			organisation.parentId,
			created,
			created
		);
	}
	organisationRows.flush();

	// In the order of their ids, so that the primary key's index only ever grows at its end.
	const userRows = new BulkInsert(
		db,
		'users',
		'id, email, email_normalized, name, password_hash, locale, created_at, updated_at, email_verified_at, email_reminders'
	);
	for (const i of plan.byId) {
		const person = people[i];
		userRows.add(
			person.id,
			person.email,
			person.email,
			person.name,
			passwordHash,
			person.locale,
			person.joinedAt,
			person.joinedAt,
			person.joinedAt + between(1, 600) * 1000,
			random() < 0.9 ? 1 : 0
		);
	}
	userRows.flush();
	seeding.report(`users: ${userRows.count.toLocaleString('en')} (${seeding.elapsed()})`);

	const membershipRows = new BulkInsert(
		db,
		'memberships',
		'user_id, organisation_id, role, created_at'
	);
	organisations.forEach((organisation, o) => {
		const leader = people[leaders[o]];
		membershipRows.add(leader.id, organisation.id, 'educator', leader.joinedAt);
	});
	for (let i = 0; i < learnerCount; i++) {
		membershipRows.add(people[i].id, kindergartens[workplace[i]].id, 'learner', people[i].joinedAt);
	}
	// Joining a municipal group also joins its organisation.
	for (const group of groups.slice(kindergartens.length)) {
		for (const person of group.members) {
			membershipRows.add(
				people[person].id,
				group.organisationId,
				'learner',
				people[person].joinedAt + DAY
			);
		}
	}
	membershipRows.flush();
}

/** Groups with their members, invite links, pending invitations and assigned courses. */
function writeGroups(db: Connection, seeding: Seeding, plan: Plan, courses: SeedCourse[]) {
	const { random, between, pick, hex, uuid, now } = seeding;
	const { organisations, kindergartens, people, learnerCount, leaders, workplace, groups } = plan;
	const groupRows = new BulkInsert(
		db,
		'groups',
		'id, organisation_id, name, created_at, updated_at'
	);
	const memberRows = new BulkInsert(db, 'group_members', 'group_id, user_id, joined_at');
	const linkRows = new BulkInsert(
		db,
		'group_invite_links',
		'token_hash, group_id, created_at, expires_at, revoked_at'
	);
	const invitationRows = new BulkInsert(
		db,
		'group_invitations',
		'id, group_id, email, email_normalized, token_hash, invited_by, created_at, sent_at, expires_at, accepted_at, cancelled_at'
	);
	const assignmentRows = new BulkInsert(
		db,
		'assignments',
		'id, organisation_id, group_id, user_id, course_id, due_at, assigned_by, created_at, withdrawn_at'
	);
	const dueDateRows = new BulkInsert(db, 'assignment_due_dates', 'assignment_id, user_id, due_at');
	const organisationIndex = new Map(organisations.map((organisation, o) => [organisation.id, o]));
	const leaderOf = (organisationId: string) =>
		people[leaders[organisationIndex.get(organisationId)!]].id;
	let invitationNumber = 0;
	for (const group of groups) {
		const leader = leaderOf(group.organisationId);
		const created = now - between(60, 300) * DAY;
		groupRows.add(group.id, group.organisationId, group.name, created, created);
		for (const person of [...group.members].sort((a, b) =>
			people[a].id < people[b].id ? -1 : 1
		)) {
			memberRows.add(group.id, people[person].id, Math.max(created, people[person].joinedAt));
		}
		linkRows.add(hex(64), group.id, now - between(1, 20) * DAY, now + between(5, 30) * DAY, null);
		for (let i = between(0, 3); i > 0; i--) {
			const email = `invited.${++invitationNumber}@example.org`;
			const sent = now - between(0, 10) * DAY;
			invitationRows.add(
				uuid(),
				group.id,
				email,
				email,
				hex(64),
				leader,
				sent,
				sent,
				sent + 14 * DAY,
				null,
				null
			);
		}
		for (const course of courses) {
			const assignmentId = uuid();
			const roll = random();
			// Most due soon or recently, some long past, some with no due date.
			const dueAt = roll < 0.15 ? null : now + between(roll < 0.3 ? -120 : -20, 60) * DAY;
			assignmentRows.add(
				assignmentId,
				group.organisationId,
				group.id,
				null,
				course.id,
				dueAt,
				leader,
				created + DAY,
				null
			);
			for (const person of group.members) {
				if (random() < 0.01)
					dueDateRows.add(assignmentId, people[person].id, now + between(7, 45) * DAY);
			}
		}
	}
	// A few courses given to single people rather than a group.
	for (let i = 0; i < learnerCount; i += between(150, 250)) {
		const kindergarten = kindergartens[workplace[i]];
		assignmentRows.add(
			uuid(),
			kindergarten.id,
			null,
			people[i].id,
			pick(courses).id,
			now + between(-10, 40) * DAY,
			leaderOf(kindergarten.id),
			now - between(5, 60) * DAY,
			null
		);
	}
	for (const rows of [
		groupRows,
		memberRows,
		linkRows,
		invitationRows,
		assignmentRows,
		dueDateRows
	]) {
		rows.flush();
	}
	seeding.report(
		`organisations ${organisations.length.toLocaleString('en')}, groups ${groups.length.toLocaleString('en')}, group members ${memberRows.count.toLocaleString('en')} (${seeding.elapsed()})`
	);
}

/**
 * The courses progress goes into: the real ones, and as many of 8 lessons outside the catalogue
 * as it takes for the busiest learners (twice the average) to fit.
 */
function progressCourses(courses: SeedCourse[], averagePerLearner: number): ProgressCourse[] {
	const real: ProgressCourse[] = courses.map((course) => ({
		id: course.id,
		lessonIds: course.lessons.map((lesson) => lesson.id),
		real: course
	}));
	const realLessons = real.reduce((sum, course) => sum + course.lessonIds.length, 0);
	const extra = Math.max(
		0,
		Math.ceil((2 * averagePerLearner - realLessons) / SEEDED_COURSE_LESSONS)
	);
	const seeded = Array.from({ length: extra }, (_, c) => {
		const id = `seeded-course-${String(c + 1).padStart(2, '0')}`;
		const lessonIds = Array.from(
			{ length: SEEDED_COURSE_LESSONS },
			(_, l) => `${id}-lesson-${String(l + 1).padStart(2, '0')}`
		);
		return { id, lessonIds };
	});
	return [...real, ...seeded];
}

/** Lesson progress, quiz attempts with their answers, and completions, learner by learner. */
function writeProgress(db: Connection, seeding: Seeding, plan: Plan, options: LargeSeedOptions) {
	const { random, between, now } = seeding;
	const allCourses = progressCourses(options.courses, options.progressRows / plan.learnerCount);
	const realCourses = allCourses.filter((course) => course.real);
	const seededCourses = allCourses.filter((course) => !course.real);
	const counts = progressCounts(
		plan.learnerCount,
		options.progressRows,
		allCourses.reduce((sum, course) => sum + course.lessonIds.length, 0),
		random
	);
	const progressRows = new BulkInsert(
		db,
		'lesson_progress',
		'user_id, course_id, lesson_id, first_viewed_at, last_viewed_at, seconds_spent, completed_at'
	);
	const quizzes = quizWriter(db, seeding);
	const reportEvery = Math.max(1, Math.round(options.progressRows / 10));
	let nextReport = reportEvery;
	db.exec('BEGIN');
	for (const i of plan.byId) {
		if (i >= plan.learnerCount) continue; // leaders take no courses here
		const count = counts[i];
		if (count === 0) continue;
		const person = plan.people[i];
		// Most put their assigned courses first; the rest go in any order.
		const order =
			random() < 0.6
				? [...realCourses, ...shuffle(seededCourses, random)]
				: shuffle(allCourses, random);
		const start = Math.max(person.joinedAt, now - between(20, 400) * DAY);
		const end = start + Math.floor(random() * (now - start));
		const step = (end - start) / count;
		const rows: [string, string, number, number, number | null][] = [];
		const quizzesTaken: { course: SeedCourse; after: number }[] = [];
		let left = count;
		for (const course of order) {
			if (left === 0) break;
			const taken = Math.min(left, course.lessonIds.length);
			for (let l = 0; l < taken; l++) {
				const viewed = Math.floor(start + (count - left + l) * step + random() * step * 0.5);
				const lastOfUnfinished = l === taken - 1 && taken < course.lessonIds.length;
				const completed = !(lastOfUnfinished && random() < 0.5);
				const seconds = completed ? between(60, 1500) : 0;
				rows.push([
					course.id,
					course.lessonIds[l],
					viewed,
					seconds,
					completed ? viewed + seconds * 1000 : null
				]);
			}
			if (course.real && taken === course.lessonIds.length && random() < 0.8) {
				quizzesTaken.push({ course: course.real, after: rows[rows.length - 1][2] + DAY / 4 });
			}
			left -= taken;
		}
		// In the order of the primary key (user, lesson): its index only ever grows at its end.
		rows.sort((a, b) => (a[1] < b[1] ? -1 : 1));
		for (const [courseId, lessonId, viewed, seconds, completedAt] of rows) {
			progressRows.add(
				person.id,
				courseId,
				lessonId,
				viewed,
				completedAt ?? viewed,
				seconds,
				completedAt
			);
		}
		for (const { course, after } of quizzesTaken) quizzes.take(person.id, course, after);
		if (progressRows.count >= nextReport) {
			db.exec('COMMIT; BEGIN');
			seeding.report(
				`lesson progress: ${progressRows.count.toLocaleString('en')} of ${options.progressRows.toLocaleString('en')} (${seeding.elapsed()})`
			);
			nextReport += reportEvery;
		}
	}
	progressRows.flush();
	quizzes.flush();
	db.exec('COMMIT');
	seeding.report(`${quizzes.summary()} (${seeding.elapsed()})`);
}

/**
 * One to three attempts at a course's quiz, from `after`: each on a paper drawn as the server
 * draws it, answered according to the learner's skill, until one passes and completes the
 * course. Now and then the last attempt is still open.
 */
function quizWriter(db: Connection, seeding: Seeding) {
	const { random, between, uuid, now } = seeding;
	const attemptRows = new BulkInsert(
		db,
		'quiz_attempts',
		'id, user_id, course_id, paper, started_at, submitted_at, correct_count, question_count, score, pass_mark, passed',
		50
	);
	const answerRows = new BulkInsert(
		db,
		'quiz_answers',
		'attempt_id, question_id, selected_option_ids, correct'
	);
	const completionRows = new BulkInsert(
		db,
		'course_completions',
		'user_id, course_id, completed_at, attempt_id'
	);
	function take(userId: string, course: SeedCourse, after: number) {
		const skill = 0.55 + 0.45 * random();
		let clock = Math.min(after, now - DAY);
		for (let attempt = between(1, 3); attempt > 0; attempt--) {
			const attemptId = uuid();
			const paper = drawPaper(course, random);
			const open = attempt === 1 && random() < 0.05;
			const answers = paper.map(({ questionId }) => {
				const question = course.bank.questions.find((q) => q.id === questionId)!;
				const right = question.options.filter((o) => o.correct).map((o) => o.id);
				const correct = random() < skill;
				const wrong = (question.options.find((o) => !o.correct) ?? question.options[0]).id;
				return { questionId, selected: correct ? right : [wrong], correct };
			});
			const correctCount = answers.filter((answer) => answer.correct).length;
			const score = Math.round((correctCount / paper.length) * 100);
			const passed = score >= course.passMark;
			const submitted = open ? null : clock + between(180, 1200) * 1000;
			attemptRows.add(
				attemptId,
				userId,
				course.id,
				JSON.stringify(paper),
				clock,
				submitted,
				open ? null : correctCount,
				paper.length,
				open ? null : score,
				course.passMark,
				open ? null : passed ? 1 : 0
			);
			if (open) return;
			for (const answer of answers) {
				answerRows.add(
					attemptId,
					answer.questionId,
					JSON.stringify(answer.selected),
					answer.correct ? 1 : 0
				);
			}
			if (passed) {
				completionRows.add(userId, course.id, submitted, attemptId);
				return;
			}
			clock = Math.min(submitted! + between(1, 72) * 3_600_000, now - 2 * 3_600_000);
		}
	}
	return {
		take,
		flush() {
			for (const rows of [attemptRows, answerRows, completionRows]) rows.flush();
		},
		summary: () =>
			`quiz attempts ${attemptRows.count.toLocaleString('en')}, completions ${completionRows.count.toLocaleString('en')}`
	};
}
