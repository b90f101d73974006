import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/server/forms';
import { insertUser } from '$lib/server/__fixtures__/learning';
import { useTestDatabase } from '$lib/server/testing/database';
import {
	ORGANISATION_NAME_MAX_LENGTH,
	canEducate,
	createOrganisation,
	findOrganisation,
	listMembers,
	listOrganisations,
	makeEducator,
	addMember,
	membershipsOf,
	organisationForm,
	organisationsInReachOf,
	possibleParents,
	removeEducator,
	renameOrganisation,
	setParentOrganisation
} from '$lib/server/organisations';

useTestDatabase();

function form(fields: Record<string, string>) {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return parseForm(organisationForm, data);
}

async function create(name: string, parentId?: string) {
	const result = await createOrganisation({ name, parentId });
	if (!result.ok) throw new Error(`could not create ${name}: ${result.reason}`);
	return result.organisation.id;
}

describe('organisation names', () => {
	it('refuses an empty name and a name of 1,000 characters with a clear message', () => {
		const empty = form({ name: '   ', parentId: '' });
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(empty.errors.name).toBe("Enter the organisation's name.");
		const long = form({ name: 'a'.repeat(1000), parentId: '' });
		expect(long.ok).toBe(false);
		if (!long.ok) {
			expect(long.errors.name).toBe(`Use at most ${ORGANISATION_NAME_MAX_LENGTH} characters.`);
			expect(long.values.name).toHaveLength(1000);
		}
	});

	it('takes right-to-left and emoji names, counting what people see as one character', async () => {
		const arabic = form({ name: ' روضة الأطفال ', parentId: '' });
		expect(arabic).toEqual({ ok: true, data: { name: 'روضة الأطفال', parentId: null } });
		// 120 family emoji are 120 characters to a reader, though 11 UTF-16 units each.
		const emoji = form({ name: '👨‍👩‍👧‍👦'.repeat(ORGANISATION_NAME_MAX_LENGTH), parentId: '' });
		expect(emoji.ok).toBe(true);
		const id = await create('Regnbuen 🌈 barnehage');
		expect((await findOrganisation(id))?.name).toBe('Regnbuen 🌈 barnehage');
	});

	it('turns line breaks and control characters into spaces', () => {
		expect(form({ name: 'Solsikken\r\nbørnehave\u0000', parentId: '' })).toEqual({
			ok: true,
			data: { name: 'Solsikken børnehave', parentId: null }
		});
	});
});

describe('nesting', () => {
	it('puts kindergartens under a municipality, and lists each parent followed by its children', async () => {
		const oslo = await create('Oslo kommune');
		await create('Sagene barnehage', oslo);
		await create('Alna barnehage', oslo);
		await create('Aarhus Kommune');
		const list = await listOrganisations();
		expect(list.map((o) => [o.name, o.depth])).toEqual([
			['Aarhus Kommune', 0],
			['Oslo kommune', 0],
			['Alna barnehage', 1],
			['Sagene barnehage', 1]
		]);
		const detail = await findOrganisation(oslo);
		expect(detail?.children.map((c) => c.name)).toEqual(['Alna barnehage', 'Sagene barnehage']);
	});

	it('allows one level only', async () => {
		const municipality = await create('Bergen kommune');
		const kindergarten = await create('Nordnes barnehage', municipality);
		expect(await createOrganisation({ name: 'Too deep', parentId: kindergarten })).toEqual({
			ok: false,
			reason: 'parent-has-parent'
		});
		const other = await create('Chain');
		// A municipality with kindergartens under it cannot go under another.
		expect(await setParentOrganisation(municipality, other)).toEqual({
			ok: false,
			reason: 'has-children'
		});
		expect(await setParentOrganisation(other, other)).toEqual({
			ok: false,
			reason: 'parent-is-itself'
		});
		expect(await setParentOrganisation(other, 'no-such-id')).toEqual({
			ok: false,
			reason: 'parent-not-found'
		});
		expect(await setParentOrganisation('no-such-id', null)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect((await possibleParents(other)).map((o) => o.name)).toEqual(['Bergen kommune']);
	});

	it('moves a kindergarten under another municipality and out again', async () => {
		const first = await create('First municipality');
		const second = await create('Second municipality');
		const kindergarten = await create('Little acorns', first);
		expect(await setParentOrganisation(kindergarten, second)).toEqual({ ok: true });
		expect((await findOrganisation(kindergarten))?.parent).toEqual({
			id: second,
			name: 'Second municipality'
		});
		expect(await setParentOrganisation(kindergarten, null)).toEqual({ ok: true });
		expect((await findOrganisation(kindergarten))?.parent).toBeNull();
	});

	it('renames', async () => {
		const id = await create('Old name');
		expect(await renameOrganisation(id, 'New name')).toBe(true);
		expect((await findOrganisation(id))?.name).toBe('New name');
		expect(await renameOrganisation('no-such-id', 'x')).toBe(false);
	});
});

describe('members and educators', () => {
	it('makes and removes educators; a removed educator stays a learner', async () => {
		const organisation = await create('Kindergarten');
		const ada = await insertUser('Ada');
		const bo = await insertUser('Bo');
		expect(await addMember(organisation, bo)).toEqual({ ok: true });
		expect(await makeEducator(organisation, ada)).toEqual({ ok: true });
		expect((await listMembers(organisation)).map((m) => [m.name, m.role])).toEqual([
			['Ada', 'educator'],
			['Bo', 'learner']
		]);
		// Adding an educator as a learner again does not demote them.
		await addMember(organisation, ada);
		expect((await listMembers(organisation))[0].role).toBe('educator');
		expect(await removeEducator(organisation, ada)).toEqual({ ok: true });
		expect(await removeEducator(organisation, ada)).toEqual({
			ok: false,
			reason: 'not-a-member'
		});
		expect((await listMembers(organisation)).map((m) => [m.name, m.role])).toEqual([
			['Ada', 'learner'],
			['Bo', 'learner']
		]);
		expect(await makeEducator('no-such-id', ada)).toEqual({ ok: false, reason: 'not-found' });
		expect(await makeEducator(organisation, 'no-such-user')).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	it('lets a person belong to several organisations', async () => {
		const one = await create('One');
		const two = await create('Two');
		const person = await insertUser('Person');
		await addMember(one, person);
		await makeEducator(two, person);
		expect(await membershipsOf(person)).toEqual([
			{ id: one, name: 'One', role: 'learner' },
			{ id: two, name: 'Two', role: 'educator' }
		]);
	});
});

describe('organisationsInReachOf', () => {
	it('an educator of a municipality reaches every kindergarten under it, and nothing else', async () => {
		const municipality = await create('Municipality');
		const under = await create('Under', municipality);
		const alsoUnder = await create('Also under', municipality);
		const elsewhere = await create('Elsewhere');
		const educator = await insertUser('Educator');
		await makeEducator(municipality, educator);
		const reach = await organisationsInReachOf({ id: educator, isAdmin: false });
		expect(reach.sort()).toEqual([municipality, under, alsoUnder].sort());
		expect(await canEducate({ id: educator, isAdmin: false }, elsewhere)).toBe(false);
	});

	it('an educator of a kindergarten reaches that one only; a learner reaches none', async () => {
		const municipality = await create('Municipality');
		const kindergarten = await create('Kindergarten', municipality);
		await create('Sibling', municipality);
		const educator = await insertUser('Educator');
		const learner = await insertUser('Learner');
		await makeEducator(kindergarten, educator);
		await addMember(kindergarten, learner);
		expect(await organisationsInReachOf({ id: educator, isAdmin: false })).toEqual([kindergarten]);
		expect(await organisationsInReachOf({ id: learner, isAdmin: false })).toEqual([]);
	});

	it('an admin reaches every organisation', async () => {
		const a = await create('A');
		const b = await create('B', a);
		const admin = await insertUser('Admin');
		expect((await organisationsInReachOf({ id: admin, isAdmin: true })).sort()).toEqual(
			[a, b].sort()
		);
	});
});
