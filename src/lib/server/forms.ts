/**
 * Reads a submitted form through a zod schema. On failure it returns one message per field and
 * the values to show again; password fields are never sent back.
 */
import { fail } from '@sveltejs/kit';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type ParsedForm<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

const SECRET_FIELD = /password/i;

/**
 * Only the fields the schema names are read (the last value of each, text only); anything else
 * in the form, such as a field called `__proto__`, is never looked at or sent back.
 */
export function parseForm<S extends z.ZodObject>(
	schema: S,
	formData: FormData
): ParsedForm<z.output<S>> {
	const raw: Record<string, string> = {};
	for (const key of Object.keys(schema.shape)) {
		const value = formData.getAll(key).at(-1);
		if (typeof value === 'string') raw[key] = value;
	}
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	return { ok: false, errors, values: keepableValues(raw) };
}

/** The entered values minus anything secret, to fill the form in again. */
export function keepableValues(raw: Record<string, string>): FormValues {
	return Object.fromEntries(Object.entries(raw).filter(([key]) => !SECRET_FIELD.test(key)));
}

/** The failure every invalid form returns: the status, a message per field, the values to keep. */
export function rejectForm(status: 400 | 409 | 429, errors: FieldErrors, values: FormValues = {}) {
	return fail(status, { errors, values });
}
