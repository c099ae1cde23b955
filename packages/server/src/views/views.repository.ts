import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** A user's saved views, in the order they were made. */
export function listUserViews(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('saved_views')
    .select(['id', 'name', 'query', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
}

export function countUserViews(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Inserts a view unless the user already has one of that name (then nothing, and undefined). */
export function insertView(
  db: Kysely<Database>,
  row: { userId: string; name: string; query: Record<string, string>; at: Date },
) {
  return db
    .insertInto('saved_views')
    .values({ user_id: row.userId, name: row.name, query: JSON.stringify(row.query), created_at: row.at })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .returning(['id', 'name', 'query', 'created_at'])
    .executeTakeFirst();
}

export function deleteUserView(db: Kysely<Database>, userId: string, viewId: string) {
  return db.deleteFrom('saved_views').where('id', '=', viewId).where('user_id', '=', userId).executeTakeFirst();
}
