/**
 * `tsx tests/assign-course.ts EMAIL COURSE_ID DAYS`: a kindergarten and a group with that
 * learner in it, and the course assigned to the group, due at the end of the day DAYS from now.
 * For browser tests that need an assignment without walking through the educator's pages.
 */
import { readConfig } from '../src/lib/server/config';
import { migrateDatabase, openDatabase, useDatabase, writeTransaction } from '../src/lib/server/db';
import { findAccountByEmail } from '../src/lib/server/admins';
import { assignCourses, dueDate } from '../src/lib/server/assignments';
import { addToGroup, createGroup } from '../src/lib/server/groups';
import { createOrganisation } from '../src/lib/server/organisations';

const [email, courseId, days] = process.argv.slice(2);
const { databaseUrl } = readConfig();
const handle = await openDatabase(databaseUrl);
try {
	await migrateDatabase(handle.db);
	useDatabase(handle);
	const learner = await findAccountByEmail(email);
	if (!learner) throw new Error(`No account with ${email}`);
	const created = await createOrganisation({ name: `Reminder kindergarten ${Date.now()}` });
	if (!created.ok) throw new Error(created.reason);
	const organisationId = created.organisation.id;
	const group = await createGroup(organisationId, 'New staff');
	await writeTransaction((tx) => addToGroup(tx, group, learner.id, new Date()));
	const day = new Date(Date.now() + Number(days) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
	await assignCourses({
		organisationId,
		target: { groupId: group.id },
		courseIds: [courseId],
		dueAt: dueDate.parse(day),
		assignedBy: learner.id
	});
	console.log(`Assigned ${courseId} to ${email}, due ${day}.`);
} finally {
	handle.close();
}
