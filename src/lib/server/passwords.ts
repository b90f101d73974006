/**
 * Password rules and hashing. Rules follow NIST SP 800-63B: a length range, no composition
 * rules, and a block-list of common passwords. Hashes are argon2id with OWASP's minimum
 * parameters (19 MiB, 2 iterations, 1 lane).
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
// The 10,000 most common passwords of 8+ characters, lowercased, ranked by frequency; taken from
// the MIT-licensed @zxcvbn-ts/language-common password list.
import commonPasswordList from './common-passwords.txt?raw';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

const ARGON2_OPTIONS = {
	algorithm: 2 as Algorithm, // Algorithm.Argon2id: a const enum, which isolatedModules cannot import
	memoryCost: 19_456, // KiB = 19 MiB
	timeCost: 2,
	parallelism: 1
} as const;

const commonPasswords = new Set(commonPasswordList.split('\n').filter(Boolean));

export type PasswordProblem = 'too-short' | 'too-long' | 'too-common';

/** Why a new password is refused, or null when it is acceptable. Length counts characters, not bytes. */
export function checkNewPassword(password: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return 'too-short';
	if (length > PASSWORD_MAX_LENGTH) return 'too-long';
	if (commonPasswords.has(password.toLowerCase())) return 'too-common';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, so a login for an unknown email cannot be told
 * apart from a wrong password by how long it takes.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('spire-timing-equaliser');
	await verifyPassword(await dummyHash, password);
	return false;
}
