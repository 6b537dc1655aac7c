import type { Kysely } from 'kysely';
import type { DialectName } from './dialect';
import type { Database } from './schema';
import { AccountRepo } from './accounts';
import { AccountDomainsRepo } from './account-domains';
import { ApiKeysRepo } from './api-keys';
import { AssociationLabelsRepo } from './association-labels';
import { AssociationsRepo } from './associations';
import { PipelinesRepo } from './crm-pipelines';
import { PropertiesRepo } from './crm-properties';
import { IntentsRepo } from './intents';
import { LoggedEmailsRepo } from './logged-emails';
import { LoggingSecretsRepo } from './logging-secrets';
import { MergesRepo } from './merges';
import { NotLoggedRepo } from './not-logged';
import { NotificationsRepo } from './notifications';
import { ObjectsRepo } from './objects';
import { ObjectSearch } from './objects-search';
import { PushSubscriptionsRepo } from './push-subscriptions';
import { RemindersRepo } from './reminders';
import { TemplatesRepo } from './templates';
import { TrackingRepo } from './tracking-events';
import { UsersRepo } from './users';
import { WebRepo } from './web';
import { WebhooksRepo } from './webhooks';

/**
 * The store as one account sees it. Every repository is built from a scope and puts `scope.accountId` in each of
 * its queries, so code holding a scope cannot reach another account's rows. Each is reached one way, as a getter
 * below (`scope.intents.byId(…)`); code outside the store never builds one itself. A repository added later gets a
 * getter here.
 */
export class AccountScope {
  constructor(
    readonly db: Kysely<Database>,
    readonly accountId: number,
    readonly dialect: DialectName,
  ) {}

  /** The account's own row and settings. */
  get account() {
    return new AccountRepo(this);
  }
  /** Users and their aliases and connected inboxes. */
  get users() {
    return new UsersRepo(this);
  }
  get apiKeys() {
    return new ApiKeysRepo(this);
  }
  /** CRM records (contacts, companies, deals, emails). */
  get objects() {
    return new ObjectsRepo(this);
  }
  /** The CRM API's search. */
  get search() {
    return new ObjectSearch(this);
  }
  get associations() {
    return new AssociationsRepo(this);
  }
  /** Custom association labels (USER_DEFINED types). */
  get associationLabels() {
    return new AssociationLabelsRepo(this);
  }
  /** Merged records and the ids they leave behind. */
  get merges() {
    return new MergesRepo(this);
  }
  /** Deal and ticket pipelines and their stages. */
  get pipelines() {
    return new PipelinesRepo(this);
  }
  /** Custom properties and property groups. */
  get properties() {
    return new PropertiesRepo(this);
  }
  /** What the user chose on Apply (intents) and their tracked links. */
  get intents() {
    return new IntentsRepo(this);
  }
  /** The Message-ID index of logged emails, their attachments and the sender's viewing reports. */
  get loggedEmails() {
    return new LoggedEmailsRepo(this);
  }
  /** The secrets of the users' personal and the account's routing logging addresses. */
  get loggingSecrets() {
    return new LoggingSecretsRepo(this);
  }
  /** BCC copies received and deliberately not logged. */
  get notLogged() {
    return new NotLoggedRepo(this);
  }
  /** Opens and clicks, their counters and daily numbers, and a contact's erasure from them. */
  get tracking() {
    return new TrackingRepo(this);
  }
  /** The notifications tracking stored for the live streams. */
  get notifications() {
    return new NotificationsRepo(this);
  }
  /** Browsers' Web Push subscriptions. */
  /** The domains the account owns: its own and those an admin verified (aliases only in these). */
  get domains() {
    return new AccountDomainsRepo(this);
  }
  get push() {
    return new PushSubscriptionsRepo(this);
  }
  /** Webhook and Google Chat endpoints and what is queued for them. */
  get webhooks() {
    return new WebhooksRepo(this);
  }
  /** Follow-up reminders and the tasks that show them. */
  get reminders() {
    return new RemindersRepo(this);
  }
  /** Templates and snippets, and their uses from the sidebar. */
  get templates() {
    return new TemplatesRepo(this);
  }
  /** What the web app reads and writes beyond the CRM API's repositories. */
  get web() {
    return new WebRepo(this);
  }

  /** Runs `fn` in one transaction, or inside the current one when this scope already is a transaction's. */
  async transaction<T>(fn: (tx: AccountScope) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new AccountScope(trx, this.accountId, this.dialect)));
  }
}
