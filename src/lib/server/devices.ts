/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): after a
 * successful login the browser gets a signed cookie naming the account and a random device id.
 * A login from that browser to that account is "trusted": only its own failures count against
 * it, so nobody else's guessing can lock the owner out.
 *
 * One cookie holds up to `MAX_DEVICES` accounts, newest first, for a shared staff-room PC.
 */
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
	decodeBase64urlIgnorePadding,
	encodeBase32LowerCaseNoPadding,
	encodeBase64urlNoPadding
} from '@oslojs/encoding';
import { serverSecret } from '$lib/server/secrets';
import { hostCookie, hostCookieName, type CookieEvent } from '$lib/server/sessions';

export type TrustedDevice = { userId: string; deviceId: string };

const MAX_DEVICES = 5;
/** How long a browser stays trusted after its last login (also shown on /privacy). */
export const DEVICE_COOKIE_DAYS = 365;
const LIFETIME_SECONDS = DEVICE_COOKIE_DAYS * 24 * 60 * 60;
const USER_ID = /^[0-9a-f-]{36}$/;
const DEVICE_ID = /^[a-z2-7]{26}$/;

/** Over https the cookie is Secure and carries the `__Host-` prefix, like the session cookie. */
export function deviceCookieName(secure: boolean) {
	return hostCookieName('spire_device', secure);
}

async function signature(userId: string, deviceId: string): Promise<Uint8Array> {
	const key = await serverSecret('device-cookie-key');
	return hmac(SHA256, key, new TextEncoder().encode(`${userId}.${deviceId}`));
}

async function encodeEntry({ userId, deviceId }: TrustedDevice): Promise<string> {
	return `${userId}.${deviceId}.${encodeBase64urlNoPadding(await signature(userId, deviceId))}`;
}

/** The entry if it is well formed and its signature is ours; anything else is ignored. */
async function decodeEntry(entry: string): Promise<TrustedDevice | null> {
	const [userId, deviceId, mac, ...rest] = entry.split('.');
	if (rest.length || !USER_ID.test(userId ?? '') || !DEVICE_ID.test(deviceId ?? '') || !mac)
		return null;
	let given: Uint8Array;
	try {
		given = decodeBase64urlIgnorePadding(mac);
	} catch {
		return null;
	}
	const expected = await signature(userId, deviceId);
	if (given.length !== expected.length || !constantTimeEqual(given, expected)) return null;
	return { userId, deviceId };
}

/** The trusted devices this browser carries, verified; forged or damaged entries are dropped. */
export async function readTrustedDevices(event: CookieEvent): Promise<TrustedDevice[]> {
	const value = event.cookies.get(hostCookie(event.url, 'spire_device').name);
	if (!value || value.length > 2048) return [];
	const entries = value.split('~').slice(0, MAX_DEVICES);
	const devices = await Promise.all(entries.map(decodeEntry));
	return devices.filter((device): device is TrustedDevice => device !== null);
}

export function newDeviceId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * Marks this browser as a trusted device of `userId` after a successful login: keeps the device
 * id it already had for that account (so its failure counter stays its own), puts it first, and
 * keeps at most `MAX_DEVICES` accounts.
 */
export async function trustThisDevice(event: CookieEvent, userId: string) {
	const devices = await readTrustedDevices(event);
	const own = devices.find((device) => device.userId === userId) ?? {
		userId,
		deviceId: newDeviceId()
	};
	const kept = [own, ...devices.filter((device) => device.userId !== userId)].slice(0, MAX_DEVICES);
	await writeDevices(event, kept);
}

/** Forgets `userId` on this browser (account deletion). */
export async function forgetDevice(event: CookieEvent, userId: string) {
	const devices = (await readTrustedDevices(event)).filter((device) => device.userId !== userId);
	await writeDevices(event, devices);
}

async function writeDevices(event: CookieEvent, devices: TrustedDevice[]) {
	const { name, options } = hostCookie(event.url, 'spire_device');
	if (devices.length === 0) {
		event.cookies.delete(name, options);
		return;
	}
	const value = (await Promise.all(devices.map(encodeEntry))).join('~');
	event.cookies.set(name, value, { ...options, maxAge: LIFETIME_SECONDS });
}
