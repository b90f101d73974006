import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '$lib/server/content/catalog';
import { readCourseFiles } from '$lib/server/content/check';
import { hashPassword, verifyPassword } from '$lib/server/passwords';
import { LARGE_GROUP_SIZE, progressCounts, seededRandom, writeLargeSeed } from './large-seed';
import {
	RefusedError,
	SEEDED_PASSWORD,
	UsageError,
	checkTarget,
	parseSeedLarge
} from './seed-large-command';

const { catalog } = buildCatalog(readCourseFiles(process.cwd()));
const courses = catalog.courses;
const lessons = courses.reduce((sum, course) => sum + course.lessons.length, 0);
const NOW = new Date('2026-11-23T00:00:00Z');
const SMALL = { learners: 600, groups: 12, progressRows: 30_000, seed: 7, now: NOW, courses };

let folder: string;
let passwordHash: string;
let first: string;
let counts: Record<string, number>;

function open(file: string) {
	return new Database(file, { readonly: true });
}

function rows(file: string, sql: string): unknown[][] {
	const db = open(file);
	try {
		return db.prepare(sql).raw(true).all() as unknown[][];
	} finally {
		db.close();
	}
}

/** A digest of every row the seed writes, in a fixed order. */
function fingerprint(file: string) {
	const hash = createHash('sha256');
	for (const table of Object.keys(counts)) {
		hash.update(JSON.stringify(rows(file, `select * from ${table} order by 1, 2`)));
	}
	return hash.digest('hex');
}

beforeAll(async () => {
	folder = mkdtempSync(join(tmpdir(), 'spire-seed-'));
	passwordHash = await hashPassword(SEEDED_PASSWORD);
	first = join(folder, 'first.db');
	counts = await writeLargeSeed(first, { ...SMALL, passwordHash });
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('writeLargeSeed', () => {
	it('writes the promised number of rows', () => {
		expect(counts.lesson_progress).toBe(SMALL.progressRows);
		expect(counts.groups).toBe(SMALL.groups);
		expect(counts.organisations).toBe(SMALL.groups);
		// The learners and one educator per organisation.
		expect(counts.users).toBe(SMALL.learners + SMALL.groups);
		const [[learners]] = rows(
			first,
			"select count(distinct user_id) from memberships where role = 'learner'"
		);
		expect(learners).toBe(SMALL.learners);
		// Every group has every real course assigned.
		const [[groupAssignments]] = rows(
			first,
			'select count(*) from assignments where group_id is not null'
		);
		expect(groupAssignments).toBe(SMALL.groups * courses.length);
		expect(counts.quiz_attempts).toBeGreaterThan(0);
		expect(counts.course_completions).toBeGreaterThan(0);
		expect(counts.group_invitations).toBeGreaterThan(0);
	});

	it('puts every learner in a group, and every group member in the group’s organisation', () => {
		expect(
			rows(
				first,
				`select id from users u where not exists (select 1 from group_members g where g.user_id = u.id)
					and not exists (select 1 from memberships m where m.user_id = u.id and m.role = 'educator')`
			)
		).toEqual([]);
		expect(
			rows(
				first,
				`select gm.user_id from group_members gm join groups g on g.id = gm.group_id
				where not exists (select 1 from memberships m
					where m.user_id = gm.user_id and m.organisation_id = g.organisation_id)`
			)
		).toEqual([]);
	});

	it('nests kindergartens one level under municipalities and chains, each with an educator', () => {
		expect(
			rows(
				first,
				`select o.id from organisations o join organisations p on p.id = o.parent_id
				where p.parent_id is not null`
			)
		).toEqual([]);
		const [[withParent]] = rows(
			first,
			'select count(*) from organisations where parent_id is not null'
		);
		expect(withParent).toBeGreaterThan(0);
		expect(
			rows(
				first,
				`select o.id from organisations o where not exists (select 1 from memberships m
					where m.organisation_id = o.id and m.role = 'educator')`
			)
		).toEqual([]);
	});

	it('has a group of 500 learners for the bench, with progress in the assigned courses', () => {
		const [[largest]] = rows(
			first,
			'select count(*) from group_members group by group_id order by 1 desc limit 1'
		);
		expect(largest).toBe(LARGE_GROUP_SIZE);
		// Kindergartens differ in size, but none is far from the average.
		const sizes = rows(
			first,
			`select count(*) from group_members gm join groups g on g.id = gm.group_id
			join organisations o on o.id = g.organisation_id
			where o.parent_id is not null group by gm.group_id`
		).map(([size]) => Number(size));
		const average = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
		expect(Math.max(...sizes)).toBeLessThan(2 * average);
		expect(Math.min(...sizes)).toBeGreaterThan(average / 2);
		const ids = courses.map((course) => `'${course.id}'`).join(', ');
		const [[started, completed]] = rows(
			first,
			`select (select count(distinct user_id) from lesson_progress where course_id in (${ids})),
				(select count(*) from course_completions)`
		);
		expect(Number(started)).toBeGreaterThan(SMALL.learners / 3);
		expect(Number(started)).toBeLessThan(SMALL.learners);
		expect(Number(completed)).toBeGreaterThan(0);
	});

	it('leaves a consistent database, migrated, in WAL mode, with its indexes', () => {
		expect(rows(first, 'pragma foreign_key_check')).toEqual([]);
		expect(rows(first, 'pragma integrity_check')).toEqual([['ok']]);
		expect(rows(first, 'pragma journal_mode')).toEqual([['wal']]);
		const indexes = rows(
			first,
			"select name from sqlite_master where type = 'index' and tbl_name = 'lesson_progress'"
		).flat();
		expect(indexes).toContain('lesson_progress_user_course_lesson_idx');
		const [[migrations]] = rows(first, 'select count(*) from __drizzle_migrations');
		expect(Number(migrations)).toBeGreaterThan(0);
	});

	it('uses fictional people at example.org who can sign in with the seeded password', async () => {
		const people = rows(first, 'select email, name, password_hash from users');
		expect(people.every(([email]) => String(email).endsWith('@example.org'))).toBe(true);
		expect(people.some(([, name]) => /[æøå]/.test(String(name)))).toBe(true);
		expect(new Set(people.map(([, , hash]) => hash))).toEqual(new Set([passwordHash]));
		expect(await verifyPassword(passwordHash, SEEDED_PASSWORD)).toBe(true);
	});

	it('writes the same rows for the same seed, and others for another seed', async () => {
		const again = join(folder, 'again.db');
		const other = join(folder, 'other.db');
		await writeLargeSeed(again, { ...SMALL, passwordHash });
		await writeLargeSeed(other, { ...SMALL, seed: 8, passwordHash });
		expect(fingerprint(again)).toBe(fingerprint(first));
		expect(fingerprint(other)).not.toBe(fingerprint(first));
		// Two seeded databases written in full: a few seconds alone, longer on a busy machine.
	}, 60_000);
});

describe('progressCounts', () => {
	it('adds up to the total exactly, within what each learner can have', () => {
		const counts = progressCounts(1000, 40_000, 100, seededRandom(1));
		expect(counts.reduce((sum, count) => sum + count, 0)).toBe(40_000);
		expect(Math.max(...counts)).toBeLessThanOrEqual(100);
		expect(counts.filter((count) => count === 0).length).toBeGreaterThan(50);
	});

	it('refuses more rows than the learners can hold', () => {
		expect(() => progressCounts(10, 10 * lessons, lessons, seededRandom(1))).toThrow(RangeError);
	});
});

describe('seed:large command', () => {
	it('takes the file from the command line, else from DATABASE_URL', () => {
		const today = new Date('2026-11-23T15:30:00Z');
		expect(parseSeedLarge(['x.db', '--learners', '200'], {}, today)).toMatchObject({
			file: 'x.db',
			learners: 200,
			groups: 2000,
			progressRows: 5_000_000,
			force: false,
			now: NOW
		});
		expect(parseSeedLarge([], { DATABASE_URL: 'file:data/large.db' })).toMatchObject({
			file: 'data/large.db'
		});
		expect(() => parseSeedLarge([], {})).toThrow(UsageError);
		expect(() => parseSeedLarge([], { DATABASE_URL: 'libsql://db.example.org' })).toThrow(
			UsageError
		);
		expect(() => parseSeedLarge(['x.db', '--learners', '0'], {})).toThrow(UsageError);
		expect(() => parseSeedLarge(['x.db', '--now', 'soon'], {})).toThrow(UsageError);
	});

	it('refuses to replace a database that has rows unless forced', () => {
		const empty = join(folder, 'empty.db');
		writeFileSync(empty, '');
		expect(() => checkTarget(empty, false)).not.toThrow();
		expect(() => checkTarget(join(folder, 'new.db'), false)).not.toThrow();
		expect(() => checkTarget(first, false)).toThrow(RefusedError);
		expect(() => checkTarget(first, true)).not.toThrow();
	});
});
