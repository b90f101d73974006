import { region } from '$lib/dates';

const formats = new Map<string, Intl.NumberFormat>();

/** A number format of a region, made once (as the date formats in dates.ts). */
function formatter(region: string, style: 'decimal' | 'percent') {
	const key = `${region} ${style}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(region, { style, maximumFractionDigits: 1 });
		formats.set(key, format);
	}
	return format;
}

/** 1,234.5 in English, 1 234,5 in Norwegian and 1.234,5 in Danish. */
export function formatNumber(value: number, locale?: string): string {
	return formatter(region(locale), 'decimal').format(value);
}

/**
 * A whole percentage (0–100, as Spire stores scores and progress): 75% in English, 75 % in
 * Norwegian and Danish.
 */
export function formatPercent(percent: number, locale?: string): string {
	return formatter(region(locale), 'percent').format(percent / 100);
}
