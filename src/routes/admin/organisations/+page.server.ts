import { redirect } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/admins';
import { parseForm, rejectForm } from '$lib/server/forms';
import {
	createOrganisation,
	listOrganisations,
	nestingMessage,
	organisationForm,
	possibleParents
} from '$lib/server/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { organisations: await listOrganisations(), parents: await possibleParents() };
};

export const actions: Actions = {
	create: async (event) => {
		requireAdmin(event);
		const form = parseForm(organisationForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors, form.values);
		const result = await createOrganisation(form.data);
		if (!result.ok) {
			const problem = result.reason === 'not-found' ? 'parent-not-found' : result.reason;
			return rejectForm(400, { parentId: nestingMessage(problem) }, { name: form.data.name });
		}
		redirect(303, `/admin/organisations/${result.organisation.id}?created`);
	}
};
