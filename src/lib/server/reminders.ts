/**
 * Reminders of due dates: 7 days before, 1 day before, and once when overdue, for assigned
 * courses that are not completed, in-app and (unless the learner turned it off) by e-mail. The
 * same runs remind holders of certificates that expire: 60 and 7 days before.
 *
 * A run finds what is due in one query, then records each reminder in `reminders_sent` and adds
 * its notification in one write transaction, and mails only after the commit. The primary key of
 * `reminders_sent` decides who sends: two processes, or the cron job and the server, can run at
 * once and each reminder still goes out once (at most once: a mail that fails is logged, not
 * retried). A run only ever sends the most urgent reminder that applies, so a missed run catches
 * up without the ones already past: a due date found overdue gets only the overdue reminder.
 */
import { eq, sql } from 'drizzle-orm';
import { getDb, writeTransaction } from '$lib/server/db';
import { remindersSent, users } from '$lib/server/db/schema';
import { reminderMail, sendMail, type Mail, type ReminderMailKind } from '$lib/server/mail';
import { addNotification } from '$lib/server/notifications';
import { serverLog, type Logger } from '$lib/server/log';
import { backgroundJob } from '$lib/server/schedule';
import type { CourseEntry } from '$lib/server/content/catalog';
import { isContentLanguage } from '$lib/server/content/translations';

const DAY_MS = 24 * 60 * 60 * 1000;
export const FIRST_REMINDER_DAYS = 7;
export const LAST_REMINDER_DAYS = 1;
/** How often the server looks for reminders to send. */
export const REMINDER_INTERVAL_MS = 5 * 60 * 1000;

/** What a reminder needs of a course: the catalog is read differently by the server and the command. */
export type CourseRef = {
	id: string;
	slug: string;
	title: string;
	/** The course's translations, for a mail in the learner's language (see course-language.ts). */
	translated?: CourseEntry['translated'];
};

/** The course title in the learner's language, English where the course is not translated. */
function titleFor(course: CourseRef, locale: string): string {
	return isContentLanguage(locale)
		? (course.translated?.[locale]?.course?.title ?? course.title)
		: course.title;
}

export type ReminderRunOptions = {
	now?: Date;
	/** The site's public address, for the links in mails. */
	origin: string;
	courses: CourseRef[];
	log?: Logger;
};

export type ReminderRun = { recorded: number; mailed: number; mailFailures: number };

/** The reminder a due date calls for at `now`, if any: the most urgent one that applies. */
export function reminderKind(dueAt: Date, now: Date): ReminderMailKind | null {
	const left = dueAt.getTime() - now.getTime();
	if (left < 0) return 'reminder-overdue';
	if (left <= LAST_REMINDER_DAYS * DAY_MS) return 'reminder-1-day';
	if (left <= FIRST_REMINDER_DAYS * DAY_MS) return 'reminder-7-days';
	return null;
}

type Pending = {
	userId: string;
	courseId: string;
	dueAt: Date;
	kind: ReminderMailKind;
	email: string;
	name: string;
	locale: string;
	wantsMail: boolean;
};

/**
 * Every reminder due at `now` and not sent yet, in one query. A person's due date for a course is
 * the earliest among the assignments that reach them (directly or through a group; a personal due
 * date replaces the group's), as on /me.
 */
async function pendingReminders(now: Date): Promise<Pending[]> {
	const nowMs = now.getTime();
	const lastDay = nowMs + LAST_REMINDER_DAYS * DAY_MS;
	const horizon = nowMs + FIRST_REMINDER_DAYS * DAY_MS;
	const rows = await getDb().values<
		[string, string, number, ReminderMailKind, string, string, string, number, number | null]
	>(sql`
		with due as (
			select coalesce(a.user_id, gm.user_id) as user_id, a.course_id as course_id,
				min(case when d.assignment_id is not null then d.due_at else a.due_at end) as due_at
			from assignments a
			left join group_members gm on gm.group_id = a.group_id
			left join assignment_due_dates d
				on d.assignment_id = a.id and d.user_id = coalesce(a.user_id, gm.user_id)
			where a.withdrawn_at is null and coalesce(a.user_id, gm.user_id) is not null
			group by 1, 2
		), pending as (
			select user_id, course_id, due_at,
				case when due_at < ${nowMs} then 'reminder-overdue'
					when due_at <= ${lastDay} then 'reminder-1-day'
					else 'reminder-7-days' end as kind
			from due
			where due_at is not null and due_at <= ${horizon}
		)
		select p.user_id, p.course_id, p.due_at, p.kind, u.email, u.name, u.locale,
			u.email_reminders, u.email_verified_at
		from pending p
		join users u on u.id = p.user_id
		where not exists (
				select 1 from course_completions c
				where c.user_id = p.user_id and c.course_id = p.course_id)
			and not exists (
				select 1 from reminders_sent r
				where r.user_id = p.user_id and r.course_id = p.course_id
					and r.kind = p.kind and r.due_at = p.due_at)
	`);
	return rows.map(
		([userId, courseId, dueAt, kind, email, name, locale, emailReminders, verifiedAt]) => ({
			userId,
			courseId,
			dueAt: new Date(Number(dueAt)),
			kind,
			email,
			name,
			locale,
			// Nothing is mailed to an address its owner has not confirmed.
			wantsMail: Boolean(emailReminders) && verifiedAt !== null
		})
	);
}

/** Days before a certificate expires when its holder is reminded to renew it. */
export const CERTIFICATE_REMINDER_DAYS = { first: 60, last: 7 } as const;

/**
 * Certificates that expire within CERTIFICATE_REMINDER_DAYS.first days and whose reminder is not
 * sent yet: neither revoked, expired nor renewed. The expiry plays the due date's part.
 */
async function pendingCertificateReminders(now: Date): Promise<Pending[]> {
	const nowMs = now.getTime();
	const last = nowMs + CERTIFICATE_REMINDER_DAYS.last * DAY_MS;
	const horizon = nowMs + CERTIFICATE_REMINDER_DAYS.first * DAY_MS;
	const rows = await getDb().values<
		[string, string, number, ReminderMailKind, string, string, string, number, number | null]
	>(sql`
		with expiring as (
			select c.user_id, c.course_id, c.expires_at as due_at,
				case when c.expires_at <= ${last} then 'certificate-expires-7-days'
					else 'certificate-expires-60-days' end as kind
			from certificates c
			where c.revoked_at is null and c.expires_at > ${nowMs} and c.expires_at <= ${horizon}
				and not exists (select 1 from certificates r where r.previous_id = c.id)
		)
		select e.user_id, e.course_id, e.due_at, e.kind, u.email, u.name, u.locale,
			u.email_reminders, u.email_verified_at
		from expiring e
		join users u on u.id = e.user_id
		where not exists (
			select 1 from reminders_sent r
			where r.user_id = e.user_id and r.course_id = e.course_id
				and r.kind = e.kind and r.due_at = e.due_at)
	`);
	return rows.map(
		([userId, courseId, dueAt, kind, email, name, locale, emailReminders, verifiedAt]) => ({
			userId,
			courseId,
			dueAt: new Date(Number(dueAt)),
			kind,
			email,
			name,
			locale,
			wantsMail: Boolean(emailReminders) && verifiedAt !== null
		})
	);
}

/**
 * Sends every reminder that is due and not sent yet. Returns how many were recorded (each one a
 * notification) and mailed.
 */
export async function runReminders({
	now = new Date(),
	origin,
	courses,
	log = serverLog()
}: ReminderRunOptions): Promise<ReminderRun> {
	const pending = [...(await pendingReminders(now)), ...(await pendingCertificateReminders(now))];
	if (pending.length === 0) return { recorded: 0, mailed: 0, mailFailures: 0 };
	const courseById = new Map(courses.map((course) => [course.id, course]));
	const mails = await writeTransaction(async (tx) => {
		const toSend: Mail[] = [];
		let recorded = 0;
		for (const reminder of pending) {
			const course = courseById.get(reminder.courseId);
			if (!course) continue; // a course taken out of the catalog: nothing to open
			const inserted = await tx
				.insert(remindersSent)
				.values({
					userId: reminder.userId,
					courseId: reminder.courseId,
					kind: reminder.kind,
					dueAt: reminder.dueAt,
					sentAt: now
				})
				.onConflictDoNothing()
				.returning({ userId: remindersSent.userId });
			// Another run got there first (between our read and this transaction).
			if (inserted.length === 0) continue;
			recorded++;
			const dueDate = reminder.dueAt.toISOString().slice(0, 10);
			const link = `/courses/${course.slug}`;
			await addNotification(
				tx,
				{
					userId: reminder.userId,
					kind: reminder.kind,
					params: { courseId: course.id, courseTitle: course.title, dueDate },
					link
				},
				now
			);
			if (reminder.wantsMail) {
				toSend.push(
					reminderMail(reminder, {
						kind: reminder.kind,
						courseTitle: titleFor(course, reminder.locale),
						dueDate,
						link: `${origin}${link}`,
						settingsLink: `${origin}/account`
					})
				);
			}
		}
		return { recorded, toSend };
	});
	// Mail goes out after the commit: a reminder that is not recorded is never mailed.
	let mailed = 0;
	let mailFailures = 0;
	for (const mail of mails.toSend) {
		try {
			await sendMail(mail, log);
			mailed++;
		} catch (error) {
			mailFailures++;
			log.error({ err: error }, 'reminder mail could not be sent');
		}
	}
	return { recorded: mails.recorded, mailed, mailFailures };
}

const remindersJob = backgroundJob('reminders');

/**
 * Runs `runReminders` every `intervalMs` until the returned function is called (see
 * backgroundJob). Each process of a cluster may run it; the records in `reminders_sent` keep that
 * from sending twice.
 */
export function startReminders(
	options: () => Omit<ReminderRunOptions, 'now'>,
	intervalMs = REMINDER_INTERVAL_MS
): () => void {
	return remindersJob(intervalMs, () => runReminders(options()));
}

/** Whether the person gets reminders by e-mail too (in-app ones always come). */
export async function emailRemindersOn(userId: string): Promise<boolean> {
	const [row] = await getDb()
		.select({ on: users.emailReminders })
		.from(users)
		.where(eq(users.id, userId));
	return row?.on ?? false;
}

export async function setEmailReminders(userId: string, on: boolean, now = new Date()) {
	await writeTransaction((tx) =>
		tx.update(users).set({ emailReminders: on, updatedAt: now }).where(eq(users.id, userId))
	);
}
