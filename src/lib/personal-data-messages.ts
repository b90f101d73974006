/**
 * What the learner reads when the personal-data guard finds something: a name for each kind of
 * finding, and the message that blocks saving or submitting until the text is changed or the
 * learner confirms that the details are made up. Runs in the browser and on the server.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { PersonalDataKind, PersonalDataMatch } from '$lib/personal-data';

type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

const KIND_NAMES: Record<PersonalDataKind, Message> = {
	'dk-cpr': m.referral_guard_kind_dk_cpr,
	'no-fnr': m.referral_guard_kind_no_fnr,
	'no-dnr': m.referral_guard_kind_no_dnr,
	'se-personnummer': m.referral_guard_kind_se_personnummer,
	'fi-hetu': m.referral_guard_kind_fi_hetu,
	phone: m.referral_guard_kind_phone,
	email: m.referral_guard_kind_email,
	'street-address': m.referral_guard_kind_street_address,
	name: m.referral_guard_kind_name
};

/** "Danish CPR number", "fødselsnummer", "e-mailadresse"… */
export function personalDataKindName(kind: PersonalDataKind, locale: Locale = getLocale()): string {
	return KIND_NAMES[kind]({}, { locale });
}

/**
 * "This looks like real personal data: phone number and name that is not in the case. Change it,
 * or confirm that it is made up." Each kind once, in the order they first appear in the text.
 */
export function personalDataBlockedMessage(
	matches: PersonalDataMatch[],
	locale: Locale = getLocale()
): string {
	const kinds = [...new Set(matches.map((match) => match.kind))];
	const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
		kinds.map((kind) => personalDataKindName(kind, locale))
	);
	return m.referral_guard_blocked({ kinds: list }, { locale });
}
