import { loadContentComponent } from '$lib/lessons';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ data }) => ({
	...data,
	Lesson: await loadContentComponent(data.lesson.path)
});
