import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm, rejectForm } from '$lib/server/forms';
import { createGroup, groupForm, groupsOfOrganisations, requireEducator } from '$lib/server/groups';
import { reviewQueue } from '$lib/server/referrals';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const organisations = await requireEducator(user);
	return {
		organisations: organisations.map(({ id, name }) => ({ id, name })),
		groups: await groupsOfOrganisations(organisations.map(({ id }) => id)),
		waitingReviews: (await reviewQueue(user)).length
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireUser(event);
		const organisations = await requireEducator(user);
		const form = parseForm(groupForm, await event.request.formData());
		if (!form.ok) return rejectForm(400, form.errors, form.values);
		const { organisationId, name } = form.data;
		if (!organisations.some((organisation) => organisation.id === organisationId)) {
			return rejectForm(400, { organisationId: m.error_group_organisation() }, { name });
		}
		const group = await createGroup(organisationId, name);
		redirect(303, `/educate/groups/${group.id}`);
	}
};
