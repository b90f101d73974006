import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDueDate, formatSceneDate } from './dates';

const date = new Date('2026-11-22T14:05:00Z');

describe('dates', () => {
	it('formats as the Date methods do, with kept formatters', () => {
		for (let i = 0; i < 2; i++) {
			expect(formatDate(date, 'Europe/Oslo')).toBe(
				date.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' })
			);
			expect(formatDateTime(date, 'Europe/Oslo')).toBe(
				date.toLocaleString('en-GB', {
					dateStyle: 'medium',
					timeStyle: 'short',
					timeZone: 'Europe/Oslo'
				})
			);
		}
	});

	it('shows the time in the zone it is given, whatever the zone of the machine', () => {
		expect(formatDateTime(date, 'Europe/Oslo')).toBe('22 Nov 2026, 15:05');
		expect(formatDateTime(date, 'UTC')).toBe('22 Nov 2026, 14:05');
		expect(formatDateTime(date, 'America/Sao_Paulo')).toBe('22 Nov 2026, 11:05');
		expect(formatDateTime(date, 'Asia/Tokyo')).toBe('22 Nov 2026, 23:05');
		// Summer time in Oslo: two hours ahead of UTC.
		expect(formatDateTime(new Date('2026-07-01T14:05:00Z'), 'Europe/Oslo')).toBe(
			'1 Jul 2026, 16:05'
		);
	});

	it('prints the day the moment falls on in that zone', () => {
		const lateEvening = new Date('2026-11-22T23:30:00Z');
		expect(formatDate(lateEvening, 'UTC')).toBe('22 November 2026');
		expect(formatDate(lateEvening, 'Europe/Oslo')).toBe('23 November 2026');
		expect(formatDate(lateEvening, 'America/Sao_Paulo')).toBe('22 November 2026');
	});

	it('keeps one formatter per zone, not the first zone asked for', () => {
		expect(formatDateTime(date, 'Asia/Tokyo')).not.toBe(formatDateTime(date, 'Europe/Oslo'));
		expect(formatDateTime(date, 'Europe/Oslo')).toBe('22 Nov 2026, 15:05');
	});

	it('falls back to Europe/Oslo for a zone Intl does not know, rather than failing the page', () => {
		expect(formatDateTime(date, 'Mars/Olympus_Mons')).toBe('22 Nov 2026, 15:05');
	});

	it('shows a due date in UTC, in the language asked for', () => {
		const endOfDay = new Date('2026-11-22T23:59:59.999Z');
		expect(formatDueDate(endOfDay)).toBe('22 November 2026');
		expect(formatDueDate(endOfDay, 'nb')).toBe(
			endOfDay.toLocaleDateString('nb-NO', { dateStyle: 'long', timeZone: 'UTC' })
		);
	});

	it('writes dates and times as each language does, in the same zone', () => {
		expect(formatDate(date, 'Europe/Oslo', 'nb')).toBe('22. november 2026');
		expect(formatDate(date, 'Europe/Oslo', 'da')).toBe('22. november 2026');
		expect(formatDateTime(date, 'Europe/Oslo', 'nb')).toBe('22. nov. 2026, 15:05');
		// Danish separates hours and minutes with a full stop.
		expect(formatDateTime(date, 'Europe/Oslo', 'da')).toBe('22. nov. 2026, 15.05');
		expect(formatDateTime(date, 'Europe/Oslo', 'da')).not.toBe(formatDateTime(date, 'Europe/Oslo'));
	});

	it('uses the English formats for a language Spire has no formats for', () => {
		expect(formatDate(date, 'Europe/Oslo', 'sv')).toBe('22 November 2026');
	});
});

describe('formatSceneDate', () => {
	it('writes a case date as written, with the weekday, in each language', () => {
		expect(formatSceneDate('2026-09-21', 'en')).toBe('Monday, 21 September 2026');
		expect(formatSceneDate('2026-09-21 08:10', 'en')).toContain('08:10');
		expect(formatSceneDate('2026-09-21', 'nb')).toBe('mandag 21. september 2026');
		expect(formatSceneDate('2026-09-21', 'da')).toBe('mandag den 21. september 2026');
	});
});
