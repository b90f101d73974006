import { env } from '$env/dynamic/private';
import { readConfig } from '$lib/server/config';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { operatorName, contactEmail } = readConfig(env);
	return { origin: url.origin, operatorName, contactEmail };
};
