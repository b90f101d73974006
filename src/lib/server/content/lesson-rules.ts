/**
 * Rules about a course's lessons: country passages, how many lessons, their length and LIX, and
 * the case vignettes with their reflection and model answer.
 */
import type { Problem } from './catalog';
import type { CourseUnderCheck } from './content-rules';
import { readCountryPassages } from './country-passages';
import {
	LESSON_WORDS_MAX,
	LESSON_WORDS_MIN,
	LIX_MAX,
	formatLix,
	lessonLix,
	oneCountryWordCount
} from './readability';

export const LESSONS_MIN = 5;
export const LESSONS_MAX = 8;
export const VIGNETTES_MIN = 3;

/** Every lesson with country passages covers NO, DK, SE, FI and IS, or has an `other` passage. */
export function checkCountryPassages({ lessons }: CourseUnderCheck): Problem[] {
	return lessons.flatMap(({ file, body }) =>
		readCountryPassages(body).problems.map((p) => ({ file, ...p }))
	);
}

export function checkLessonCount({ folder, lessons }: CourseUnderCheck): Problem[] {
	const count = lessons.length;
	if (count === 0 || (count >= LESSONS_MIN && count <= LESSONS_MAX)) return [];
	return [
		{
			file: folder,
			field: '(folder)',
			message: `has ${count} lesson(s); a course has ${LESSONS_MIN}–${LESSONS_MAX}`
		}
	];
}

export function checkLessonLengthAndLix({ lessons }: CourseUnderCheck): Problem[] {
	const problems: Problem[] = [];
	for (const { file, body } of lessons) {
		const words = oneCountryWordCount(body);
		if (words < LESSON_WORDS_MIN || words > LESSON_WORDS_MAX) {
			problems.push({
				file,
				field: '(body)',
				message: `has ${words} words as one country's reader sees it (the common text and the longest country's passages); keep a lesson to ${LESSON_WORDS_MIN}–${LESSON_WORDS_MAX}`
			});
		}
		const lix = lessonLix(body);
		if (lix > LIX_MAX) {
			problems.push({
				file,
				field: '(body)',
				message: `LIX is ${formatLix(lix)}, above ${LIX_MAX}: use shorter sentences and shorter words`
			});
		}
	}
	return problems;
}

const VIGNETTE_PARTS = /<CaseVignette\b([^>]*)>|<Reflection\b[^>]*>|<ModelAnswer\b[^>]*>/g;

/**
 * At least three vignettes in the course, and each followed, before the next vignette, by a
 * `<Reflection>` and a `<ModelAnswer>`.
 */
export function checkVignettes({ folder, lessons }: CourseUnderCheck): Problem[] {
	const problems: Problem[] = [];
	let total = 0;
	for (const { file, body } of lessons) {
		let open: { field: string; reflection: boolean; modelAnswer: boolean } | null = null;
		let index = 0;
		const close = () => {
			if (!open) return;
			const missing = [
				open.reflection ? null : '<Reflection>',
				open.modelAnswer ? null : '<ModelAnswer>'
			].filter(Boolean);
			if (missing.length > 0) {
				problems.push({
					file,
					field: open.field,
					message: `is not followed by ${missing.join(' and ')} before the next vignette; each case needs reflection questions and a model answer`
				});
			}
		};
		for (const match of body.matchAll(VIGNETTE_PARTS)) {
			if (match[0].startsWith('<CaseVignette')) {
				close();
				index += 1;
				total += 1;
				const title = /\btitle\s*=\s*"([^"]*)"/.exec(match[1] ?? '')?.[1];
				open = {
					field: `<CaseVignette> ${index}${title ? ` (${title})` : ''}`,
					reflection: false,
					modelAnswer: false
				};
			} else if (open && match[0].startsWith('<Reflection')) open.reflection = true;
			else if (open) open.modelAnswer = true;
		}
		close();
	}
	if (lessons.length > 0 && total < VIGNETTES_MIN) {
		problems.push({
			file: folder,
			field: '<CaseVignette>',
			message: `the course has ${total} case vignette(s); it needs at least ${VIGNETTES_MIN}, each with a <Reflection> and a <ModelAnswer>`
		});
	}
	return problems;
}
