import type { Kysely } from 'kysely';

// The language a user reads mailtrail in ('en' or 'fr'), for the texts the server writes when no request of theirs
// is there to ask: web push notifications, the live feed's items, timeline notes and not-logged reasons. Set when
// the user picks a language in the web app; null until then (English, or the request's Accept-Language).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('language').execute();
}
