import type { Migration } from 'kysely';
import * as core from './0001_core';
import * as intents from './0002_intents';
import * as events from './0003_events';
import * as notLogged from './0004_not_logged';
import * as web from './0005_web';
import * as clicksByLink from './0006_clicks_by_link';
import * as loggingSecrets from './0007_logging_secrets';
import * as hardening from './0008_hardening';
import * as crmSchema from './0009_crm_schema';
import * as uncertainLabels from './0010_uncertain_labels';
import * as pixelBudget from './0012_pixel_budget';
import * as templates from './0013_templates';
import * as reminders from './0014_reminders';
import * as trackedByContact from './0015_tracked_by_contact';
import * as labelLookups from './0016_label_lookups';
import * as feedItems from './0017_feed_items';
import * as userLanguage from './0018_user_language';
import * as clickCoalescing from './0019_click_coalescing';
import * as clicksByLinkInOrder from './0020_clicks_by_link_in_order';

/**
 * Every migration, in order. Listed here rather than found on disk so the bundled CLI (dist/cli.js) carries them.
 * Add a file `NNNN_name.ts` and append it below; never edit or reorder one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_intents': intents,
  '0003_events': events,
  '0004_not_logged': notLogged,
  '0005_web': web,
  '0006_clicks_by_link': clicksByLink,
  '0007_logging_secrets': loggingSecrets,
  '0008_hardening': hardening,
  '0009_crm_schema': crmSchema,
  '0010_uncertain_labels': uncertainLabels,
  '0012_pixel_budget': pixelBudget,
  '0013_templates': templates,
  '0014_reminders': reminders,
  '0015_tracked_by_contact': trackedByContact,
  '0016_label_lookups': labelLookups,
  '0017_feed_items': feedItems,
  '0018_user_language': userLanguage,
  '0019_click_coalescing': clickCoalescing,
  '0020_clicks_by_link_in_order': clicksByLinkInOrder,
};
