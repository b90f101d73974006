/**
 * A small course that meets every content rule: five lessons of about 600 plain words, three
 * cases with reflection and model answer, country passages for all five countries, a bank of 20
 * questions (8 of them cases) and an action card. Specs break one thing in it at a time.
 */
import { stringify } from 'yaml';
import type { SourceFiles } from '$lib/server/content/catalog';
import type { CourseUnderCheck } from '$lib/server/content/content-rules';
import { COUNTRIES, actionCard, courseFrontMatter, quizBank } from '$lib/server/content/schema';
import { CARD_CONTACT_KINDS } from '$lib/server/content/card-rules';

export const FOLDER = 'courses/01-first-aid';

/** About `words` words of short, plain sentences (11 words each, no long words). */
export function plainText(words: number): string {
	const sentence = 'Staff look at the child and write down what they see.';
	const paragraph = Array.from({ length: 5 }, () => sentence).join(' ');
	return Array.from({ length: Math.ceil(words / 55) }, () => paragraph).join('\n\n');
}

const CASE = (name: string) =>
	`<CaseVignette title="${name}, 14 months" setting="A kindergarten">\n\n${name} cries at the door.\n\n</CaseVignette>\n\n<Reflection>\n\nWhat do you do?\n\n</Reflection>\n\n<ModelAnswer>\n\nYou stay close and talk.\n\n</ModelAnswer>\n`;

const PASSAGES = COUNTRIES.map(
	(code) => `<ForCountry code="${code}">\n\nThe law of this land says so.\n\n</ForCountry>`
).join('\n\n');

export type CompleteCourse = {
	course: Record<string, unknown>;
	/** File name → body (front matter is added by `filesOf`). */
	lessons: Record<string, string>;
	questions: Record<string, unknown>[];
	card: Record<string, unknown> | null;
};

function question(index: number, type: 'single' | 'case'): Record<string, unknown> {
	return {
		id: `fa-q-${index}`,
		type,
		...(type === 'case' ? { vignette: 'Mia, a toddler, sits alone.' } : {}),
		lesson: 'fa-lesson-1',
		objective: (index % 2) + 1,
		prompt: 'What do you do?',
		explanation: 'Because.',
		options: [
			{ id: 'a', text: 'Option a', correct: true },
			{ id: 'b', text: 'Option b' },
			{ id: 'c', text: 'Option c' }
		]
	};
}

export function completeCourse(): CompleteCourse {
	const lessons: Record<string, string> = {};
	for (let n = 1; n <= 5; n += 1) {
		const extra = n === 1 ? `${PASSAGES}\n\n` : n <= 4 ? CASE(['Mia', 'Ola', 'Siv'][n - 2]) : '';
		lessons[`0${n}-lesson-${n}.md`] = `## Part ${n}\n\n${plainText(600)}\n\n${extra}`;
	}
	const contact = (kind: string) => ({ kind, label: `The ${kind}`, detail: 'Ask them.' });
	const country = {
		steps: ['Write it down.', 'Tell your leader.', 'Report if you must.'],
		contacts: CARD_CONTACT_KINDS.map(contact),
		support: [{ name: 'A helpline', detail: 'Talk to someone.' }]
	};
	return {
		course: {
			id: 'first-aid',
			title: 'First aid',
			version: 1,
			summary: 'The basics.',
			audience: 'New staff',
			estimatedMinutes: 60,
			passMark: 80,
			questionsPerAttempt: 10,
			contentNote: 'This course is about children who are harmed.',
			objectives: ['See what happens', 'Act on it']
		},
		lessons,
		questions: Array.from({ length: 20 }, (_, i) => question(i + 1, i < 8 ? 'case' : 'single')),
		card: {
			title: 'What to do tomorrow morning',
			intro: 'Use this card when you are worried.',
			countries: Object.fromEntries(COUNTRIES.map((code) => [code, structuredClone(country)])),
			sources: [{ title: 'A source', url: 'https://example.org/source' }]
		}
	};
}

export function filesOf(course: CompleteCourse): SourceFiles {
	const files: SourceFiles = {};
	const root = `/${FOLDER}`;
	files[`${root}/course.md`] = `---\n${stringify(course.course)}---\n\nAbout the course.\n`;
	Object.entries(course.lessons).forEach(([name, body], index) => {
		const front = {
			id: `fa-lesson-${index + 1}`,
			title: `Lesson ${index + 1}`,
			summary: 'What this lesson is about.',
			estimatedMinutes: 5,
			sources: [{ title: 'A source', url: 'https://example.org/source' }]
		};
		files[`${root}/${name}`] = `---\n${stringify(front)}---\n\n${body}`;
	});
	files[`${root}/quiz.yaml`] = stringify({ questions: course.questions });
	if (course.card) files[`${root}/card.yaml`] = stringify(course.card);
	return files;
}

/** The complete course as the rules see it, with `change` applied to its plain data first. */
export function underCheck(change: (course: CompleteCourse) => void = () => {}): CourseUnderCheck {
	const course = completeCourse();
	change(course);
	return {
		folder: FOLDER,
		course: courseFrontMatter.parse(course.course),
		lessons: Object.entries(course.lessons).map(([name, body]) => ({
			file: `${FOLDER}/${name}`,
			body
		})),
		bank: quizBank.parse({ questions: course.questions }),
		card: course.card ? actionCard.parse(course.card) : null,
		cardPresent: course.card !== null,
		exercises: []
	};
}
