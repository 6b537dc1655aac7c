import type { TrackingMode } from '../../src/contract/addon';
import type { Store } from '../../src/server/store';
import type { Intent, TrackedLink } from '../../src/server/store/intents';

/**
 * A tracked email the way the add-on registers one (Apply) and the BCC copy then marks sent, straight through the
 * store: these tests are about what happens after.
 */
export async function trackedEmail(
  store: Store,
  accountId: number,
  opts: {
    userId: number;
    mode: TrackingMode;
    to: string[];
    attributedTo?: { address: string; contactId: number | null } | null;
    clicks?: boolean;
    /** Null: not sent yet (no BCC copy). Default: an hour ago. */
    sentAt?: number | null;
    subject?: string;
    links?: string[];
  },
): Promise<{ intent: Intent; links: TrackedLink[] }> {
  const repo = store.forAccount(accountId).intents;
  const { intent } = await repo.register(
    opts.userId,
    { draftKey: `draft-${Math.random().toString(36).slice(2, 12)}` },
    {
      track: opts.mode !== 'off',
      log: false,
      mode: opts.mode,
      attributedTo: opts.attributedTo ?? (opts.mode === 'identified' ? { address: opts.to[0], contactId: null } : null),
      clicks: opts.clicks ?? true,
      associations: [],
      createContacts: [],
      neverLog: [],
      recipients: { to: opts.to, cc: [], bcc: [] },
    },
  );
  const links: TrackedLink[] = [];
  for (const url of opts.links ?? []) links.push(await repo.addLink(intent.id, url, url));
  const sentAt = opts.sentAt === undefined ? Date.now() - 3_600_000 : opts.sentAt;
  if (sentAt !== null) {
    await repo.markSent(intent.id, {
      messageId: `<${intent.token}@mail.gmail.com>`,
      subject: opts.subject ?? 'Q3 proposal',
      sentAt,
    });
  }
  return { intent: (await repo.byId(intent.id))!, links };
}

export const UA = {
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  gmailProxy: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  appleMpp: 'Mozilla/5.0',
  curl: 'curl/8.5.0',
} as const;
