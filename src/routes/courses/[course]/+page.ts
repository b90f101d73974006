import { loadContentComponent } from '$lib/lessons';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ data }) => ({
	...data,
	Overview: await loadContentComponent(data.course.path)
});
