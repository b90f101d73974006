import { describe, expect, it } from 'vitest';
import { writeTransaction } from '$lib/server/db';
import { useTestDatabase } from '$lib/server/testing/database';
import { T0, insertUser, later } from '$lib/server/__fixtures__/learning';
import {
	addNotification,
	followNotification,
	listNotifications,
	markAllRead,
	unreadCount
} from './notifications';

useTestDatabase();

async function notify(userId: string, at: Date) {
	await writeTransaction((tx) =>
		addNotification(
			tx,
			{
				userId,
				kind: 'reminder-7-days',
				params: { courseId: 'course-a', courseTitle: 'Course A', dueDate: '2025-03-06' },
				link: '/courses/course-a'
			},
			at
		)
	);
}

describe('notifications', () => {
	it('counts unread ones, shows the newest first, in words', async () => {
		const ada = await insertUser('Ada');
		await notify(ada, T0);
		await notify(ada, later(1000));
		expect(await unreadCount(ada)).toBe(2);
		const shown = await listNotifications(ada);
		expect(shown.map((n) => n.createdAt)).toEqual([later(1000), T0]);
		expect(shown[0]).toMatchObject({
			text: 'Course A is due soon: finish it by 6 March 2025.',
			read: false
		});
	});

	it('names the course as the page asks, in the reader’s language', async () => {
		const ada = await insertUser('Ada');
		await notify(ada, T0);
		const [shown] = await listNotifications(ada, (courseId, stored) =>
			courseId === 'course-a' ? 'Kurs A' : stored
		);
		expect(shown.text).toContain('Kurs A');
		expect(shown.text).not.toContain('Course A');
	});

	it('marks one read when it is followed, and only its owner may follow it', async () => {
		const ada = await insertUser('Ada');
		const bo = await insertUser('Bo');
		await notify(ada, T0);
		await notify(ada, T0);
		const [first] = await listNotifications(ada);
		expect(await followNotification(bo, first.id)).toBeNull();
		expect(await unreadCount(ada)).toBe(2);
		expect(await followNotification(ada, first.id)).toBe('/courses/course-a');
		expect(await unreadCount(ada)).toBe(1);
		expect(await followNotification(ada, 'no-such-id')).toBeNull();
	});

	it('marks all of one person read, and no one else’s', async () => {
		const ada = await insertUser('Ada');
		const bo = await insertUser('Bo');
		await notify(ada, T0);
		await notify(ada, T0);
		await notify(bo, T0);
		expect(await markAllRead(ada)).toBe(2);
		expect(await unreadCount(ada)).toBe(0);
		expect(await unreadCount(bo)).toBe(1);
		expect(await markAllRead(ada)).toBe(0);
	});
});
