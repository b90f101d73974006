/**
 * One-time notices carried across a redirect, such as "Lesson completed" at the top of the page
 * that "Complete and continue" leads to. They travel in a short-lived cookie: not in the
 * database, because a page load never writes, and not in the address, where a reload or a shared
 * link would repeat them. The cookie holds only a lesson id, which the page looks up in its
 * course; its text never comes from the browser.
 */
import { hostCookie, type CookieEvent } from '$lib/server/sessions';

const FLASH_COOKIE = 'spire_flash';
/** Long enough for a slow phone to follow the redirect, short enough not to turn up later. */
export const FLASH_SECONDS = 60;
const LESSON_COMPLETED = /^lesson-completed:([\w-]{1,100})$/;

/** Says "Lesson completed" on the next page the browser loads. */
export function flashLessonCompleted(event: CookieEvent, lessonId: string) {
	const { name, options } = hostCookie(event.url, FLASH_COOKIE);
	event.cookies.set(name, `lesson-completed:${lessonId}`, { ...options, maxAge: FLASH_SECONDS });
}

/** The id of the lesson just completed, once: the notice is gone on the next load. */
export function takeLessonCompleted(event: CookieEvent): string | null {
	const { name, options } = hostCookie(event.url, FLASH_COOKIE);
	const value = event.cookies.get(name);
	if (value === undefined) return null;
	event.cookies.delete(name, options);
	return LESSON_COMPLETED.exec(value)?.[1] ?? null;
}
