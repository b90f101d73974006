/**
 * Interface messages as the pages show them, read from messages/<locale>.json at test time: the
 * translation, or the English message where there is none yet (as Paraglide falls back).
 */
import { readFileSync } from 'node:fs';

export type Locale = 'en' | 'nb' | 'da';

function messagesOf(locale: Locale): Record<string, string> {
	try {
		return JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8'));
	} catch {
		return {}; // not translated yet: every message is the English one
	}
}

export function message(locale: Locale, key: string): string {
	const text = messagesOf(locale)[key] ?? messagesOf('en')[key];
	if (!text) throw new Error(`no message ${key} in messages/en.json`);
	return text;
}
