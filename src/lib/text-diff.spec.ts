import { describe, expect, it } from 'vitest';
import { diffWords } from './text-diff';

const joined = (parts: ReturnType<typeof diffWords>, keep: 'before' | 'after') =>
	parts
		.filter((p) => p.kind === 'same' || p.kind === (keep === 'before' ? 'removed' : 'added'))
		.map((p) => p.text)
		.join('');

describe('diffWords', () => {
	it('marks the words removed and added, keeping the rest', () => {
		const parts = diffWords('Ida seems neglected today.', 'On 5 October Ida had open sores today.');
		expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual([
			'seems neglected'
		]);
		expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual([
			'On 5 October',
			'had open sores'
		]);
	});

	it('gives back both texts exactly, line breaks and all', () => {
		const before = 'Line one.\n\nLine two stays.\nThird line goes.';
		const after = 'Line one, longer.\n\nLine two stays.\n';
		const parts = diffWords(before, after);
		expect(joined(parts, 'before')).toBe(before);
		expect(joined(parts, 'after')).toBe(after);
	});

	it('has one part for an unchanged text, and only additions after an empty one', () => {
		expect(diffWords('Same text.', 'Same text.')).toEqual([{ kind: 'same', text: 'Same text.' }]);
		expect(diffWords('', 'New text.')).toEqual([{ kind: 'added', text: 'New text.' }]);
		expect(diffWords('Old text.', '')).toEqual([{ kind: 'removed', text: 'Old text.' }]);
	});

	it('shows a line added at the end as an addition only, keeping the last word', () => {
		const before = 'On 5 October we saw sores in her groin.';
		const after = `${before}\nOn 12 October the sores were still there.`;
		expect(diffWords(before, after)).toEqual([
			{ kind: 'same', text: before },
			{ kind: 'added', text: '\nOn 12 October the sores were still there.' }
		]);
		expect(diffWords(after, before)).toEqual([
			{ kind: 'same', text: before },
			{ kind: 'removed', text: '\nOn 12 October the sores were still there.' }
		]);
	});

	it('keeps a changed last word a change, and a line break added at the end an addition', () => {
		expect(diffWords('She cried.', 'She laughed.')).toEqual([
			{ kind: 'same', text: 'She ' },
			{ kind: 'removed', text: 'cried.' },
			{ kind: 'added', text: 'laughed.' }
		]);
		const parts = diffWords('She cried.', 'She cried.\n');
		expect(joined(parts, 'before')).toBe('She cried.');
		expect(joined(parts, 'after')).toBe('She cried.\n');
	});

	it('stays quick on a long text with a change in the middle', () => {
		const words = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
		const changed = words.replace('word700', 'changed');
		const parts = diffWords(words, changed);
		expect(parts.filter((p) => p.kind !== 'same')).toEqual([
			{ kind: 'removed', text: 'word700 ' },
			{ kind: 'added', text: 'changed ' }
		]);
	});
});
