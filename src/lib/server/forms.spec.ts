import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keepableValues, parseForm, rejectForm } from '$lib/server/forms';

const schema = z
	.object({
		name: z.string().trim().min(1, 'Enter your name.'),
		code: z.string().min(3, 'At least 3 characters.').regex(/\d/, 'Needs a digit.'),
		password: z.string().min(8, 'Too short.'),
		newPassword: z.string().optional()
	})
	.refine((data) => data.name !== data.code, { message: 'Name and code must differ.' });

function formData(entries: Record<string, string | Blob>) {
	const data = new FormData();
	for (const [key, value] of Object.entries(entries)) data.append(key, value);
	return data;
}

describe('parseForm', () => {
	it('returns the parsed data when the form is valid', () => {
		const result = parseForm(
			schema,
			formData({ name: ' Ada ', code: 'a12', password: 'long enough' })
		);
		expect(result).toEqual({
			ok: true,
			data: { name: 'Ada', code: 'a12', password: 'long enough' }
		});
	});

	it('gives one message per field, the first problem found', () => {
		const result = parseForm(schema, formData({ name: '', code: 'x', password: 'short' }));
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors).toEqual({
			name: 'Enter your name.',
			code: 'At least 3 characters.',
			password: 'Too short.'
		});
	});

	it('files a problem that belongs to no field under "form"', () => {
		const result = parseForm(
			schema,
			formData({ name: 'a12', code: 'a12', password: 'long enough' })
		);
		expect(!result.ok && result.errors).toEqual({ form: 'Name and code must differ.' });
	});

	it('sends the entered values back but never a password field', () => {
		const result = parseForm(
			schema,
			formData({ name: 'Ada', code: 'x', password: 'secret one', newPassword: 'secret two' })
		);
		expect(!result.ok && result.values).toEqual({ name: 'Ada', code: 'x' });
		expect(JSON.stringify(result)).not.toMatch(/secret/);
	});

	it('reads only the fields the schema names and never sends others back', () => {
		const data = formData({ name: '', code: 'x', password: 'short' });
		data.append('__proto__', 'a');
		data.append('constructor', 'b');
		data.append('extra', 'c');
		const result = parseForm(schema, data);
		expect(!result.ok && result.values).toEqual({ name: '', code: 'x' });
		expect(Object.keys(!result.ok ? result.values : {})).toEqual(['name', 'code']);
	});

	it('takes the last value of a repeated field', () => {
		const data = formData({ code: 'a12', password: 'long enough' });
		data.append('name', 'First');
		data.append('name', 'Last');
		expect(parseForm(schema, data)).toMatchObject({ ok: true, data: { name: 'Last' } });
	});

	it('ignores uploaded files', () => {
		const result = parseForm(
			z.object({ name: z.string().optional() }).strict(),
			formData({ name: 'Ada', avatar: new Blob(['png']) })
		);
		expect(result).toEqual({ ok: true, data: { name: 'Ada' } });
	});
});

describe('keepableValues', () => {
	it('drops every field whose name mentions a password, in any case', () => {
		expect(
			keepableValues({
				email: 'ada@example.org',
				password: 'a',
				currentPassword: 'b',
				PASSWORD_CONFIRM: 'c',
				locale: 'en'
			})
		).toEqual({ email: 'ada@example.org', locale: 'en' });
	});
});

describe('rejectForm', () => {
	it('fails with the status, the messages and the kept values', () => {
		const failure = rejectForm(409, { email: 'Taken.' }, { email: 'ada@example.org' });
		expect(failure.status).toBe(409);
		expect(failure.data).toEqual({
			errors: { email: 'Taken.' },
			values: { email: 'ada@example.org' }
		});
		expect(rejectForm(400, { form: 'No.' }).data).toEqual({ errors: { form: 'No.' }, values: {} });
	});
});
