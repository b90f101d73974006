import { describe, expect, it } from 'vitest';
import { passageCodesIn } from './passages';

describe('passageCodesIn', () => {
	it('lists the codes a lesson uses once each, in the readers’ order', () => {
		const body = [
			'<ForCountry code="other">\n\nElsewhere\n\n</ForCountry>',
			'<ForCountry code="SE">\n\nSweden\n\n</ForCountry>',
			'<ForCountry code="NO">\n\nNorway\n\n</ForCountry>',
			'<ForCountry code="SE">\n\nSweden again\n\n</ForCountry>'
		].join('\n\n');
		expect(passageCodesIn(body)).toEqual(['NO', 'SE', 'other']);
	});

	it('finds nothing in a lesson without country passages, and ignores unknown codes', () => {
		expect(passageCodesIn('Just text about <Note kind="law">.</Note>')).toEqual([]);
		expect(passageCodesIn('<ForCountry code="DE">x</ForCountry>')).toEqual([]);
	});
});
