import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDueDate } from './dates';

const date = new Date('2026-11-22T14:05:00Z');

describe('dates', () => {
	it('formats as the Date methods do, with kept formatters', () => {
		for (let i = 0; i < 2; i++) {
			expect(formatDate(date)).toBe(date.toLocaleDateString('en-GB', { dateStyle: 'long' }));
			expect(formatDateTime(date)).toBe(
				date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
			);
		}
	});

	it('shows a due date in UTC, in the language asked for', () => {
		const endOfDay = new Date('2026-11-22T23:59:59.999Z');
		expect(formatDueDate(endOfDay)).toBe('22 November 2026');
		expect(formatDueDate(endOfDay, 'nb')).toBe(
			endOfDay.toLocaleDateString('nb-NO', { dateStyle: 'long', timeZone: 'UTC' })
		);
	});
});
