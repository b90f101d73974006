import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from './numbers';

describe('numbers', () => {
	it('writes percentages as each language does', () => {
		expect(formatPercent(75, 'en')).toBe('75%');
		// Norwegian and Danish put a (no-break) space before the sign.
		expect(formatPercent(75, 'nb')).toBe('75\u00a0%');
		expect(formatPercent(75, 'da')).toBe('75\u00a0%');
	});

	it('is not the English format in Norwegian or Danish', () => {
		expect(formatPercent(75, 'nb')).not.toBe('75%');
		expect(formatNumber(1234.5, 'da')).not.toBe(formatNumber(1234.5, 'en'));
	});

	it('groups thousands and marks decimals per language', () => {
		expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
		expect(formatNumber(1234.5, 'nb')).toBe('1\u00a0234,5');
		expect(formatNumber(1234.5, 'da')).toBe('1.234,5');
	});

	it('falls back to the English format for a language without one', () => {
		expect(formatPercent(40, 'sv')).toBe('40%');
	});
});
