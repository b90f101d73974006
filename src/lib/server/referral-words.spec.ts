import { describe, expect, it } from 'vitest';
import { reviewReferral } from '$lib/referral-feedback';
import { SECTION_IDS, type ReferralText } from '$lib/referral-sections';
import { feedbackWords } from './referral-words';

describe('feedbackWords', () => {
	it("gives each language its own words, read from the build's copy of the files", () => {
		expect(feedbackWords('en').rules['interpretive-word'].words).toContain('neglected');
		expect(feedbackWords('nb').rules['interpretive-word'].words).toContain('forsømt*');
		expect(feedbackWords('da').rules['interpretive-word'].words).toContain('omsorgssvigt*');
	});

	it('reads the files once', () => {
		expect(feedbackWords('nb')).toBe(feedbackWords('nb'));
	});

	it('gives the rules what they need in every language', () => {
		const empty: ReferralText = {
			reporter: '',
			child: '',
			observations: '',
			childsWords: '',
			actionsTaken: '',
			strengths: '',
			assessment: '',
			parentsInformed: ''
		};
		for (const locale of ['en', 'nb', 'da'] as const) {
			const flags = reviewReferral(empty, feedbackWords(locale), { parentsToldFirst: 'allowed' });
			expect(flags).toHaveLength(SECTION_IDS.length);
		}
	});
});
