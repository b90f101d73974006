import { describe, expect, it } from 'vitest';
import {
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	checkNewPassword,
	hashPassword,
	verifyAgainstDummy,
	verifyPassword
} from '$lib/server/passwords';

const GOOD = 'violet kettle drums';

describe('checkNewPassword', () => {
	it('accepts 8 to 256 characters', () => {
		expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 256]);
		expect(checkNewPassword('qx7!vbnz')).toBeNull();
		expect(checkNewPassword(GOOD)).toBeNull();
		expect(checkNewPassword('qx7!vbnz'.repeat(32))).toBeNull();
	});

	it('refuses fewer than 8 and more than 256 characters', () => {
		expect(checkNewPassword('')).toBe('too-short');
		expect(checkNewPassword('qx7!vbn')).toBe('too-short');
		expect(checkNewPassword(`${'qx7!vbnz'.repeat(32)}x`)).toBe('too-long');
	});

	it('counts characters, not bytes or UTF-16 units', () => {
		// Each emoji is one character but two UTF-16 units and four UTF-8 bytes.
		expect(checkNewPassword('🦊'.repeat(7))).toBe('too-short');
		expect(checkNewPassword('🦊'.repeat(8))).toBeNull();
		expect(checkNewPassword('🦊'.repeat(256))).toBeNull();
		expect(checkNewPassword('🦊'.repeat(257))).toBe('too-long');
		expect(checkNewPassword('æøåÆØÅæø')).toBeNull();
	});

	it('refuses passwords from the common list whatever their case', () => {
		expect(checkNewPassword('password')).toBe('too-common');
		expect(checkNewPassword('PassWord')).toBe('too-common');
		expect(checkNewPassword('12345678')).toBe('too-common');
		expect(checkNewPassword('football')).toBe('too-common');
	});
});

describe('hashing', () => {
	it('uses argon2id with 19 MiB, 2 iterations and 1 lane, and a fresh salt each time', async () => {
		const [first, second] = await Promise.all([hashPassword(GOOD), hashPassword(GOOD)]);
		expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
		expect(first).not.toContain(GOOD);
		expect(second).not.toBe(first);
	});

	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword(GOOD);
		expect(await verifyPassword(hash, GOOD)).toBe(true);
		expect(await verifyPassword(hash, 'violet kettle drum')).toBe(false);
		expect(await verifyPassword(hash, GOOD.toUpperCase())).toBe(false);
	});

	it('answers false instead of throwing for a malformed hash', async () => {
		expect(await verifyPassword('not-a-hash', GOOD)).toBe(false);
		expect(await verifyPassword('', GOOD)).toBe(false);
	});

	it('always fails a dummy verification, used for unknown emails', async () => {
		expect(await verifyAgainstDummy(GOOD)).toBe(false);
		expect(await verifyAgainstDummy('spire-timing-equaliser')).toBe(false);
	});
});
