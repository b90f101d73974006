import { env } from '$env/dynamic/private';
import { readConfig } from '$lib/server/config';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { operatorName, contactEmail } = readConfig(env);
	return { operatorName, contactEmail };
};
