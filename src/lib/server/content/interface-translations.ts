/**
 * Interface strings in every language: `messages/nb.json` and `messages/da.json` must have every
 * key of `messages/en.json`, with the same `{placeholders}`. Paraglide would show English for a
 * missing key, so the content check is what catches one. Pure: it takes the parsed files.
 */
import type { Problem } from './catalog';

type Messages = Record<string, unknown>;

const placeholders = (text: unknown) =>
	typeof text === 'string' ? [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort() : [];

export function interfaceTranslationProblems(
	english: Messages,
	translations: Record<string, Messages>
): Problem[] {
	const problems: Problem[] = [];
	for (const [language, messages] of Object.entries(translations)) {
		const file = `messages/${language}.json`;
		for (const [key, text] of Object.entries(english)) {
			if (key.startsWith('$')) continue;
			if (!(key in messages)) {
				problems.push({ file, field: key, message: 'is missing (the page would show English)' });
				continue;
			}
			const expected = placeholders(text).join(', ');
			const found = placeholders(messages[key]).join(', ');
			if (expected !== found) {
				problems.push({
					file,
					field: key,
					message: `has placeholders {${found}} but English has {${expected}}`
				});
			}
		}
		for (const key of Object.keys(messages)) {
			if (!key.startsWith('$') && !(key in english)) {
				problems.push({ file, field: key, message: 'is not in messages/en.json' });
			}
		}
	}
	return problems;
}
