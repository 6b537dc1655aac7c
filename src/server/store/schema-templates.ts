import type { Generated } from 'kysely';

// The tables of migration 0013_templates, added to the store's Database interface like schema-intents.ts.
type Millis = number;

export interface TemplatesTable {
  id: Generated<number>;
  account_id: number;
  owner_id: number;
  kind: 'template' | 'snippet';
  name: string;
  /** A template's subject; null for a snippet. */
  subject: string | null;
  body: string;
  shared: number;
  created_at: Millis;
  updated_at: Millis;
  last_used_at: Millis | null;
}

/** One insert from the sidebar: the email it went into is its intent, or the one Apply makes from its draft key. */
export interface TemplateUsesTable {
  id: Generated<number>;
  account_id: number;
  template_id: number;
  user_id: number;
  draft_key: string;
  intent_id: number | null;
  used_at: Millis;
}

declare module './schema' {
  interface Database {
    templates: TemplatesTable;
    template_uses: TemplateUsesTable;
  }
}
