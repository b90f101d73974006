/**
 * Demo mode: creates a demo learner so a newcomer can look around at once. It runs when
 * SPIRE_DEMO=true, or when SPIRE_DEMO is unset and NODE_ENV is not production.
 */
import { registerAccount } from '$lib/server/accounts';

export const DEMO_ACCOUNTS = [
	{
		name: 'Demo Learner',
		email: 'learner@demo.spire.test',
		password: 'spire-demo-learner',
		locale: 'en' as const
	}
];

export async function createDemoAccounts(log: (line: string) => void = console.log) {
	// Pre-verified: the demo has no mailbox to confirm an address from.
	for (const account of DEMO_ACCOUNTS) {
		await registerAccount(account, new Date(), { verified: true });
	}
	log('Spire demo mode: sign in with');
	for (const { email, password } of DEMO_ACCOUNTS) log(`  ${email} / ${password}`);
	log('(set SPIRE_DEMO=false to turn demo mode off)');
}
