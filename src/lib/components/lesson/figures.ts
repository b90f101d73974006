/**
 * The figures kept in the course folders (`courses/<course>/figures/*.svg|png`), bundled by Vite
 * at build: each becomes a hashed file under `/_app/immutable/assets/`, cached for good and never
 * read from disk per request. `no-inline` keeps small SVGs files too, rather than data: URLs
 * inside the script. Keyed by path from the project root, e.g.
 * `/courses/01-signs-of-distress/figures/adbb-eight-dimensions.svg`.
 */
import { getContext, setContext } from 'svelte';

export const FIGURE_URLS = import.meta.glob<string>('/courses/*/figures/*.{svg,png}', {
	query: '?url&no-inline',
	import: 'default',
	eager: true
});

const COURSE_FOLDER = Symbol('course folder');

/**
 * Called by every compiled lesson (see `src/lib/content/preprocess.js`) with its own folder, so
 * that `<Figure src="figures/x.svg">` is found beside the lesson that uses it.
 */
export function provideCourseFolder(folder: string) {
	setContext(COURSE_FOLDER, folder);
}

/** The course folder of the lesson being rendered; call it while a component initialises. */
export function courseFolder(): string {
	const folder = getContext<string | undefined>(COURSE_FOLDER);
	if (!folder) throw new Error("<Figure> is used outside a course's Markdown");
	return folder;
}

/** The bundled address of a figure, named relative to its course folder. */
export function figureUrl(folder: string, src: string): string {
	const url = FIGURE_URLS[`${folder}/${src}`];
	// The content check refuses a lesson whose figure is missing, so this is a build problem.
	if (!url) throw new Error(`No figure ${src} in ${folder}`);
	return url;
}
