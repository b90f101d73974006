import { requireAdmin } from '$lib/server/admins';
import { pageNumber, searchPeople } from '$lib/server/people';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const { searchParams } = event.url;
	return searchPeople(searchParams.get('q') ?? '', pageNumber(searchParams.get('page')));
};
