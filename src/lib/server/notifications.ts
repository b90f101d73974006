/**
 * In-app notifications: the bell in the header and /notifications. A notification stores its kind
 * and parameters, not its text, so it reads in whatever language its reader has chosen. It is
 * marked read by "Mark all as read" or by following it (both form actions), never by loading a
 * page: SvelteKit preloads links on hover, and a preload must not change anything.
 */
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { formatDueDate } from '$lib/dates';
import { m } from '$lib/paraglide/messages';

import { getDb, preparedQuery, writeTransaction, type Transaction } from '$lib/server/db';
import { notifications, type NotificationKind } from '$lib/server/db/schema';

/** The most a page shows; older notifications stay in the export. */
export const NOTIFICATIONS_SHOWN = 50;

export type NewNotification = {
	userId: string;
	kind: NotificationKind;
	params: Record<string, string>;
	/** A path inside Spire. */
	link: string;
};

/** Adds a notification inside the caller's write transaction (so it commits with its cause). */
export async function addNotification(tx: Transaction, notification: NewNotification, now: Date) {
	await tx
		.insert(notifications)
		.values({ id: crypto.randomUUID(), ...notification, createdAt: now });
}

const unreadCountQuery = preparedQuery((db) =>
	db
		.select({ unread: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
		.prepare()
);

/** For the bell on every page: one prepared query on an index. */
export async function unreadCount(userId: string): Promise<number> {
	const [row] = await unreadCountQuery().all({ userId });
	return row?.unread ?? 0;
}

export type ShownNotification = {
	id: string;
	text: string;
	createdAt: Date;
	read: boolean;
};

/**
 * A course's title in the reader's language, from its id and the (English) title stored with the
 * notification. Passed in by the page, because this module also runs in the reminders command,
 * which reads the catalog its own way.
 */
export type CourseTitleOf = (courseId: string, storedTitle: string) => string;

const storedTitle: CourseTitleOf = (_courseId, stored) => stored;

/** The sentence a notification shows, in the language of the request. */
export function notificationText(
	kind: NotificationKind,
	params: Record<string, string>,
	courseTitleOf: CourseTitleOf = storedTitle
): string {
	const course = params.courseId
		? courseTitleOf(params.courseId, params.courseTitle ?? '')
		: (params.courseTitle ?? '');
	// Stored as YYYY-MM-DD, the day the course is due by (its end, UTC).
	const dueDate = params.dueDate ? formatDueDate(new Date(`${params.dueDate}T23:59:59.999Z`)) : '';
	switch (kind) {
		case 'reminder-7-days':
			return m.notification_reminder_week({ course, dueDate });
		case 'reminder-1-day':
			return m.notification_reminder_day({ course, dueDate });
		case 'reminder-overdue':
			return m.notification_reminder_overdue({ course, dueDate });
		case 'certificate-expires-60-days':
		case 'certificate-expires-7-days':
			return m.notification_certificate_expires({ course, date: dueDate });
		case 'referral-meets-standard':
			return m.notification_referral_meets({ exercise: params.exerciseTitle ?? '' });
		case 'referral-revise':
			return m.notification_referral_revise({ exercise: params.exerciseTitle ?? '' });
	}
}

/** The person's newest notifications, newest first. */
export async function listNotifications(
	userId: string,
	courseTitleOf: CourseTitleOf = storedTitle
): Promise<ShownNotification[]> {
	const rows = await getDb()
		.select()
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(NOTIFICATIONS_SHOWN);
	return rows.map((row) => ({
		id: row.id,
		text: notificationText(row.kind, row.params, courseTitleOf),
		createdAt: row.createdAt,
		read: row.readAt !== null
	}));
}

/** Marks every unread notification of the person read; returns how many were. */
export async function markAllRead(userId: string, now = new Date()): Promise<number> {
	const result = await writeTransaction((tx) =>
		tx
			.update(notifications)
			.set({ readAt: now })
			.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
	);
	return result.rowsAffected;
}

/**
 * Marks the person's notification read (if it was not) and returns where it leads, or null when
 * the person has no such notification (someone else's answers the same as none).
 */
export async function followNotification(
	userId: string,
	notificationId: string,
	now = new Date()
): Promise<string | null> {
	return writeTransaction(async (tx) => {
		const [row] = await tx
			.select({ link: notifications.link, readAt: notifications.readAt })
			.from(notifications)
			.where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)));
		if (!row) return null;
		if (!row.readAt) {
			await tx
				.update(notifications)
				.set({ readAt: now })
				.where(eq(notifications.id, notificationId));
		}
		return row.link;
	});
}
