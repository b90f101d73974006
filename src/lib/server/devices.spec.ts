import { describe, expect, it } from 'vitest';
import { getDb } from '$lib/server/db';
import { serverSecrets } from '$lib/server/db/schema';
import { forgetCachedSecrets } from '$lib/server/secrets';
import { useTestDatabase } from '$lib/server/testing/database';
import { forgetDevice, readTrustedDevices, trustThisDevice } from '$lib/server/devices';

const ADA = '0b7a4c1e-1111-4d2b-9c3e-aaaaaaaaaaaa';
const BO = '0b7a4c1e-2222-4d2b-9c3e-bbbbbbbbbbbb';

/** A browser's cookie jar behind a stand-in RequestEvent: what is set is sent back next time. */
function browser(url = 'http://localhost/login') {
	const jar = new Map<string, { value: string; options: Record<string, unknown> }>();
	const cookies = {
		get: (name: string) => jar.get(name)?.value,
		set: (name: string, value: string, options: Record<string, unknown>) =>
			jar.set(name, { value, options }),
		delete: (name: string) => jar.delete(name)
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return { event: { url: new URL(url), cookies } as any, jar };
}

describe('device cookies', () => {
	useTestDatabase();

	it('are HttpOnly, SameSite=Lax, kept a year, and Secure with the __Host- prefix over https', async () => {
		const plain = browser();
		await trustThisDevice(plain.event, ADA);
		expect(plain.jar.get('spire_device')?.options).toMatchObject({
			httpOnly: true,
			sameSite: 'lax',
			path: '/',
			secure: false,
			maxAge: 365 * 24 * 60 * 60
		});
		const secure = browser('https://spire.example/login');
		await trustThisDevice(secure.event, ADA);
		expect(secure.jar.get('__Host-spire_device')?.options).toMatchObject({ secure: true });
	});

	it('vouch for the account they were issued to, with the same device id on every login', async () => {
		const { event } = browser();
		expect(await readTrustedDevices(event)).toEqual([]);
		await trustThisDevice(event, ADA);
		const [first] = await readTrustedDevices(event);
		expect(first).toEqual({ userId: ADA, deviceId: expect.stringMatching(/^[a-z2-7]{26}$/) });
		await trustThisDevice(event, ADA);
		expect(await readTrustedDevices(event)).toEqual([first]);
	});

	it('hold several accounts of a shared computer, newest first, at most five', async () => {
		const { event } = browser();
		const ids = Array.from({ length: 6 }, (_, i) => `0b7a4c1e-3333-4d2b-9c3e-00000000000${i}`);
		for (const id of ids) await trustThisDevice(event, id);
		const devices = await readTrustedDevices(event);
		expect(devices.map((d) => d.userId)).toEqual(ids.slice(1).reverse());
	});

	it('ignore forged, altered and malformed entries', async () => {
		const { event, jar } = browser();
		await trustThisDevice(event, ADA);
		const genuine = jar.get('spire_device')!.value;
		const [, deviceId, mac] = genuine.split('.');
		const forgeries = [
			`${BO}.${deviceId}.${mac}`,
			`${ADA}.${'a'.repeat(26)}.${mac}`,
			`${ADA}.${deviceId}.${mac.slice(0, -2)}`,
			`${ADA}.${deviceId}`,
			`${ADA}.${deviceId}.${mac}.extra`,
			'not a cookie',
			'~~~',
			'x'.repeat(5000)
		];
		for (const forged of forgeries) {
			jar.set('spire_device', { value: forged, options: {} });
			expect(await readTrustedDevices(event), forged).toEqual([]);
		}
		jar.set('spire_device', { value: `${forgeries[0]}~${genuine}`, options: {} });
		expect((await readTrustedDevices(event)).map((d) => d.userId)).toEqual([ADA]);
	});

	it('stop being trusted when the signing key is replaced', async () => {
		const { event } = browser();
		await trustThisDevice(event, ADA);
		await getDb().delete(serverSecrets);
		forgetCachedSecrets();
		expect(await readTrustedDevices(event)).toEqual([]);
	});

	it('forget one account and keep the others; the cookie goes when none is left', async () => {
		const { event, jar } = browser();
		await trustThisDevice(event, ADA);
		await trustThisDevice(event, BO);
		await forgetDevice(event, ADA);
		expect((await readTrustedDevices(event)).map((d) => d.userId)).toEqual([BO]);
		await forgetDevice(event, BO);
		expect(jar.has('spire_device')).toBe(false);
	});
});
