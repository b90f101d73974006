import type { SubmitFunction } from '@sveltejs/kit';

/**
 * The `use:enhance` behaviour of Spire's forms: the submit button is disabled while a request is
 * under way (no double submits), entered values stay after an error, and password fields are
 * always emptied, as they are without JavaScript.
 */
export function keepValues(onBusy: (busy: boolean) => void = () => {}): SubmitFunction {
	return () => {
		onBusy(true);
		return async ({ formElement, update }) => {
			await update({ reset: false });
			for (const input of formElement.querySelectorAll<HTMLInputElement>(
				'input[type="password"]'
			)) {
				input.value = '';
			}
			onBusy(false);
		};
	};
}

/**
 * The problems of a form's field errors, for `<ErrorSummary>`, in the order of `fields` (the
 * form's order); each links to `#<prefix><field>`, the id `<TextField>` gives its input. A message
 * about the whole form (`errors.form`, such as a wrong email or password) comes first and links to
 * the form's first field, where the person starts again.
 */
export function problemsOf(
	errors: Partial<Record<string, string>> | undefined,
	fields: string[],
	prefix = 'field-'
): { href: string; message: string }[] {
	if (!errors) return [];
	const whole =
		errors.form && fields.length > 0 ? [{ field: fields[0], message: errors.form }] : [];
	const each = fields.flatMap((field) => {
		const message = errors[field];
		return message ? [{ field, message }] : [];
	});
	return [...whole, ...each].map(({ field, message }) => ({ href: `#${prefix}${field}`, message }));
}
