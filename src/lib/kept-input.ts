/**
 * What a learner has typed on a page, kept across the full page load of a language switch:
 * saved to sessionStorage just before the switcher's form is sent, put back when the same page
 * comes back in the other language. Passwords are never stored.
 */

const STORAGE_KEY = 'spire:kept-input';

type KeptField = { form: number; name: string; value: string; checked?: boolean };
type KeptInput = { page: string; fields: KeptField[] };

const SKIPPED_TYPES = new Set(['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image']);

function fieldsOf(root: ParentNode) {
	return [...root.querySelectorAll('form')].map((form) =>
		[...form.elements].filter(
			(element): element is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
				(element instanceof HTMLInputElement && !SKIPPED_TYPES.has(element.type)) ||
				element instanceof HTMLTextAreaElement ||
				element instanceof HTMLSelectElement
		)
	);
}

function isChoice(element: Element): element is HTMLInputElement {
	return (
		element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')
	);
}

/** Saves the named, non-secret fields of every form in `root` for the page at `page`. */
export function keepTypedInput(root: ParentNode, page: string) {
	const fields: KeptField[] = [];
	fieldsOf(root).forEach((elements, form) => {
		for (const element of elements) {
			if (!element.name || /password/i.test(element.name)) continue;
			if (isChoice(element)) {
				fields.push({ form, name: element.name, value: element.value, checked: element.checked });
			} else {
				fields.push({ form, name: element.name, value: element.value });
			}
		}
	});
	try {
		sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ page, fields } satisfies KeptInput));
	} catch {
		// Storage full or refused (private mode): the switch still happens, without the input.
	}
}

/** Puts back what was kept for `page`, once; input from another page is dropped. */
export function restoreTypedInput(root: ParentNode, page: string) {
	let kept: KeptInput | null;
	try {
		kept = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as KeptInput | null;
		sessionStorage.removeItem(STORAGE_KEY);
	} catch {
		return;
	}
	if (!kept || kept.page !== page || !Array.isArray(kept.fields)) return;
	const forms = fieldsOf(root);
	for (const field of kept.fields) {
		const matches = (forms[field.form] ?? []).filter((element) => element.name === field.name);
		for (const element of matches) {
			if (isChoice(element)) {
				if (element.value !== field.value) continue;
				element.checked = Boolean(field.checked);
			} else {
				element.value = field.value;
			}
			// Svelte's bindings and the page's own checks hear about the restored value.
			element.dispatchEvent(new Event(isChoice(element) ? 'change' : 'input', { bubbles: true }));
			if (!isChoice(element)) break;
		}
	}
}
