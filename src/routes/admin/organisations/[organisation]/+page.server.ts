import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { findAccountByEmail, requireAdmin } from '$lib/server/admins';
import { parseForm } from '$lib/server/forms';
import { securityEvent } from '$lib/server/log';
import {
	educatorForm,
	findOrganisation,
	listMembers,
	makeEducator,
	memberForm,
	nestingMessage,
	parentForm,
	possibleParents,
	removeEducator,
	renameForm,
	renameOrganisation,
	setParentOrganisation
} from '$lib/server/organisations';
import type { Actions, PageServerLoad } from './$types';

/** The admin and the organisation in the address; 404 for anyone else or an unknown id. */
async function organisationFor(event: RequestEvent<{ organisation: string }>) {
	const admin = requireAdmin(event);
	const organisation = await findOrganisation(event.params.organisation);
	if (!organisation) error(404, 'Not found');
	return { admin, organisation };
}

export const load: PageServerLoad = async (event) => {
	const { organisation } = await organisationFor(event);
	return {
		organisation,
		members: await listMembers(organisation.id),
		// One level of nesting: an organisation with kindergartens under it stays at the top.
		parents: organisation.children.length ? [] : await possibleParents(organisation.id),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const { organisation } = await organisationFor(event);
		const form = parseForm(renameForm, await event.request.formData());
		if (!form.ok) return fail(400, { rename: { errors: form.errors, values: form.values } });
		if (!(await renameOrganisation(organisation.id, form.data.name))) error(404, 'Not found');
		return { rename: { saved: true } };
	},
	place: async (event) => {
		const { organisation } = await organisationFor(event);
		const form = parseForm(parentForm, await event.request.formData());
		if (!form.ok) return fail(400, { place: { errors: form.errors } });
		const result = await setParentOrganisation(organisation.id, form.data.parentId);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Not found');
			return fail(400, { place: { errors: { parentId: nestingMessage(result.reason) } } });
		}
		return { place: { saved: true } };
	},
	makeEducator: async (event) => {
		const { admin, organisation } = await organisationFor(event);
		const form = parseForm(educatorForm, await event.request.formData());
		if (!form.ok) return fail(400, { educator: { errors: form.errors, values: form.values } });
		const person = await findAccountByEmail(form.data.email);
		const members = await listMembers(organisation.id);
		const before = members.find((member) => member.userId === person?.id);
		const result = person ? await makeEducator(organisation.id, person.id) : null;
		if (!person || !result?.ok) {
			return fail(400, {
				educator: {
					errors: { email: m.error_person_not_found() },
					values: { email: form.data.email }
				}
			});
		}
		securityEvent(event, 'role.changed', {
			userId: admin.id,
			targetUserId: person.id,
			previousRole: before?.role ?? 'none',
			role: 'educator'
		});
		return { educator: { added: person.name } };
	},
	removeEducator: async (event) => {
		const { admin, organisation } = await organisationFor(event);
		const form = parseForm(memberForm, await event.request.formData());
		if (!form.ok) return fail(400, { removal: { error: m.error_not_an_educator() } });
		const member = (await listMembers(organisation.id)).find((x) => x.userId === form.data.userId);
		const result = await removeEducator(organisation.id, form.data.userId);
		if (!member || !result.ok) return fail(400, { removal: { error: m.error_not_an_educator() } });
		securityEvent(event, 'role.changed', {
			userId: admin.id,
			targetUserId: member.userId,
			previousRole: 'educator',
			role: 'learner'
		});
		return { removal: { removed: member.name } };
	}
};
