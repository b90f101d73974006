import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isInGroup } from '$lib/server/groups';
import { acceptInvite, lookUpInvite, type InviteProblem } from '$lib/server/invitations';
import { requireUser } from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

/** A link that leads nowhere gets a page that says why and what to do; never a 500. */
function refuse(reason: InviteProblem): never {
	if (reason === 'unknown') error(404, { message: 'Not found', hint: m.invite_unknown() });
	const hint = reason === 'expired' ? m.invite_expired() : m.invite_revoked();
	error(410, { message: 'Gone', hint });
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const lookup = await lookUpInvite(params.token);
	if (!lookup.ok) refuse(lookup.reason);
	const { invite } = lookup;
	return {
		groupName: invite.groupName,
		organisationName: invite.organisationName,
		signedIn: Boolean(locals.user),
		/** Mailed to one address, rather than the group's shared link. */
		byInvitation: Boolean(invite.invitationId),
		alreadyMember: locals.user ? await isInGroup(invite.groupId, locals.user.id) : false,
		joined: url.searchParams.has('joined'),
		/** Where signing in or registering brings the visitor back to. */
		back: url.pathname
	};
};

export const actions: Actions = {
	join: async (event) => {
		const user = requireUser(event);
		const result = await acceptInvite(event.params.token, user.id);
		if (!result.ok) refuse(result.reason);
		redirect(303, `${event.url.pathname}?joined`);
	}
};
