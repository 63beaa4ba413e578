// What the team tests share: removing someone as a person would, the owner rule's refusal and the mail someone got.
// Example: expect((await removeFrom(agent, event.id, userId)).body).toContain(OWNER_RULE('Belt and Road Innovation Forum'));
import { eq } from 'drizzle-orm';
import { messages } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import type { HttpAgent } from './http-agent.ts';

/** Removes a person through the row's button and the confirmation page's "Yes, remove". */
export const removeFrom = (as: HttpAgent, eventId: string, userId: string) => as.submit(`/admin/events/${eventId}/team`, { confirm: 'yes' }, `/admin/events/${eventId}/team/${userId}/remove`);

/** The owner rule's refusal, naming the event it would leave without an owner. */
export const OWNER_RULE = (title: string) => `This would leave “${title}” without an owner. Every event needs at least one, on the event itself or through its forum: make someone else owner first.`;

/** The templates of the mail queued to `email`. */
export const templatesTo = async (db: Db, email: string) => (await db.select({ template: messages.template }).from(messages).where(eq(messages.recipientEmail, email))).map((m) => m.template);
