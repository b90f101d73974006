/**
 * A word-by-word comparison of two versions of a text, for educators reading a revision: runs of
 * words kept, removed and added, with the spaces and line breaks as written. Longest common
 * subsequence over words; common beginnings and ends are trimmed first, so a revision that
 * changes a few sentences of a long text stays cheap.
 */
export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

/** Words with the spaces after them: "On 3 March, she" → ["On ", "3 ", "March, ", "she"]. */
function tokens(text: string): string[] {
	return text.match(/\S+\s*|\s+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
	if (!text) return;
	const last = parts.at(-1);
	if (last?.kind === kind) last.text += text;
	else parts.push({ kind, text });
}

/** The word of a token, without the spaces after it: what two versions are compared by. */
function wordOf(token: string): string {
	return token.trimEnd();
}

/**
 * A word both versions have. Words are compared without the spaces after them, so that the last
 * word of a text is the same word when a line is added after it ("groin." and "groin.\n"); where
 * the spaces differ, only they are marked.
 */
function keep(parts: DiffPart[], before: string, after: string) {
	const word = wordOf(before);
	push(parts, 'same', word);
	const [spaceBefore, spaceAfter] = [before.slice(word.length), after.slice(word.length)];
	if (spaceBefore === spaceAfter) push(parts, 'same', spaceBefore);
	else {
		push(parts, 'removed', spaceBefore);
		push(parts, 'added', spaceAfter);
	}
}

export function diffWords(before: string, after: string): DiffPart[] {
	const a = tokens(before);
	const b = tokens(after);
	const wordsA = a.map(wordOf);
	const wordsB = b.map(wordOf);
	let start = 0;
	while (start < a.length && start < b.length && wordsA[start] === wordsB[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && wordsA[endA - 1] === wordsB[endB - 1]) {
		endA--;
		endB--;
	}
	const midA = wordsA.slice(start, endA);
	const midB = wordsB.slice(start, endB);
	// lengths[i][j]: the longest common run of midA[i..] and midB[j..].
	const lengths = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
	for (let i = midA.length - 1; i >= 0; i--) {
		for (let j = midB.length - 1; j >= 0; j--) {
			lengths[i][j] =
				midA[i] === midB[j]
					? lengths[i + 1][j + 1] + 1
					: Math.max(lengths[i + 1][j], lengths[i][j + 1]);
		}
	}
	const parts: DiffPart[] = [];
	for (let k = 0; k < start; k++) keep(parts, a[k], b[k]);
	let i = 0;
	let j = 0;
	while (i < midA.length || j < midB.length) {
		if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
			keep(parts, a[start + i++], b[start + j++]);
		} else if (i < midA.length && (j === midB.length || lengths[i + 1][j] >= lengths[i][j + 1])) {
			// On a tie the removed words come first, as a reader expects: "old → new".
			push(parts, 'removed', a[start + i++]);
		} else {
			push(parts, 'added', b[start + j++]);
		}
	}
	for (let k = 0; k < a.length - endA; k++) keep(parts, a[endA + k], b[endB + k]);
	return parts;
}
