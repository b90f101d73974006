import { describe, expect, it } from 'vitest';
import { problemsOf } from './forms';

describe('problemsOf', () => {
	it('lists the field errors in the order of the form, each linking to its field', () => {
		const errors = { password: 'Use at least 8 characters.', name: 'Enter your name.' };
		expect(problemsOf(errors, ['name', 'email', 'password'])).toEqual([
			{ href: '#field-name', message: 'Enter your name.' },
			{ href: '#field-password', message: 'Use at least 8 characters.' }
		]);
	});

	it('puts a message about the whole form first, linked to the first field', () => {
		const errors = { form: 'The email or password is not right.' };
		expect(problemsOf(errors, ['email', 'password'])).toEqual([
			{ href: '#field-email', message: 'The email or password is not right.' }
		]);
	});

	it('uses the prefix of fields whose ids are not the default', () => {
		expect(problemsOf({ password: 'Wrong.' }, ['password'], 'renew-')).toEqual([
			{ href: '#renew-password', message: 'Wrong.' }
		]);
	});

	it('has nothing to list without errors, or for errors of fields it was not given', () => {
		expect(problemsOf(undefined, ['name'])).toEqual([]);
		expect(problemsOf({ other: 'Not shown here.' }, ['name'])).toEqual([]);
		expect(problemsOf({ form: 'No field to link to.' }, [])).toEqual([]);
	});
});
