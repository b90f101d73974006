/**
 * Finding people: the admin's list of everyone with an account, searched by name or address.
 */
import { asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { memberships, organisations, users, type MembershipRole } from '$lib/server/db/schema';

export const PEOPLE_PAGE_SIZE = 25;
/** Longer search terms are cut here: no name or address is longer. */
const MAX_QUERY_LENGTH = 254;

export type PersonListItem = {
	id: string;
	name: string;
	email: string;
	isAdmin: boolean;
	organisations: { id: string; name: string; role: MembershipRole }[];
};

export type PeoplePage = {
	query: string;
	people: PersonListItem[];
	total: number;
	/** 1-based; clamped to the pages there are. */
	page: number;
	pageCount: number;
};

/** `%` and `_` in what was typed are matched literally. */
function containsPattern(text: string) {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reads a page number from a query string; anything but a whole number ≥ 1 is page 1. */
export function pageNumber(value: string | null): number {
	return value && /^\d{1,6}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
}

export async function searchPeople(
	rawQuery: string,
	requestedPage = 1,
	pageSize = PEOPLE_PAGE_SIZE
): Promise<PeoplePage> {
	const query = rawQuery.trim().slice(0, MAX_QUERY_LENGTH);
	const db = getDb();
	const pattern = containsPattern(query.toLowerCase());
	const where = query
		? or(
				sql`lower(${users.name}) like ${pattern} escape '\\'`,
				sql`${users.emailNormalized} like ${pattern} escape '\\'`
			)
		: undefined;
	const [{ total }] = await db.select({ total: count() }).from(users).where(where);
	const pageCount = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(1, requestedPage), pageCount);
	const rows = await db
		.select({ id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin })
		.from(users)
		.where(where)
		.orderBy(asc(sql`${users.name} collate nocase`), asc(users.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize);
	const belongs = rows.length
		? await db
				.select({
					userId: memberships.userId,
					id: organisations.id,
					name: organisations.name,
					role: memberships.role
				})
				.from(memberships)
				.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
				.where(
					inArray(
						memberships.userId,
						rows.map((row) => row.id)
					)
				)
				.orderBy(asc(sql`${organisations.name} collate nocase`))
		: [];
	const people = rows.map((row) => ({
		...row,
		organisations: belongs
			.filter((b) => b.userId === row.id)
			.map(({ id, name, role }) => ({ id, name, role }))
	}));
	return { query, people, total, page, pageCount };
}
