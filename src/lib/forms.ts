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
