import { describe, expect, it } from 'vitest';
import { insertUser } from '$lib/server/__fixtures__/learning';
import { createOrganisation, makeEducator } from '$lib/server/organisations';
import { pageNumber, searchPeople } from '$lib/server/people';
import { useTestDatabase } from '$lib/server/testing/database';

useTestDatabase();

describe('searchPeople', () => {
	it('finds people by part of their name or address, any case, in pages', async () => {
		for (const name of ['Anne Berg', 'Bo Lund', 'Cecilie Berg', 'Dag Holm', 'Eva Bergum']) {
			await insertUser(name);
		}
		const bergs = await searchPeople('BERG', 1, 2);
		expect(bergs).toMatchObject({ total: 3, page: 1, pageCount: 2 });
		expect(bergs.people.map((p) => p.name)).toEqual(['Anne Berg', 'Cecilie Berg']);
		const second = await searchPeople('berg', 2, 2);
		expect(second.people.map((p) => p.name)).toEqual(['Eva Bergum']);
		// insertUser gives learnerN@example.org; the third person is learner3 (Cecilie).
		expect((await searchPeople('learner3@')).people.map((p) => p.name)).toEqual(['Cecilie Berg']);
		expect((await searchPeople('')).total).toBe(5);
	});

	it('matches % and _ literally, and clamps the page to the pages there are', async () => {
		await insertUser('100% sure');
		await insertUser('Plain');
		expect((await searchPeople('%')).people.map((p) => p.name)).toEqual(['100% sure']);
		expect((await searchPeople('_')).total).toBe(0);
		expect((await searchPeople('', 99)).page).toBe(1);
		expect((await searchPeople('x'.repeat(10_000))).total).toBe(0);
	});

	it('shows the organisations each person belongs to', async () => {
		const person = await insertUser('Educator');
		const created = await createOrganisation({ name: 'Kindergarten' });
		if (!created.ok) throw new Error('not created');
		await makeEducator(created.organisation.id, person);
		const [found] = (await searchPeople('Educator')).people;
		expect(found.organisations).toEqual([
			{ id: created.organisation.id, name: 'Kindergarten', role: 'educator' }
		]);
	});

	it('reads page numbers from a query string', () => {
		expect([pageNumber('3'), pageNumber(null), pageNumber('0'), pageNumber('-1')]).toEqual([
			3, 1, 1, 1
		]);
		expect([pageNumber('2abc'), pageNumber('1e9'), pageNumber('99999999')]).toEqual([1, 1, 1]);
	});
});
