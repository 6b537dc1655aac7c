import type { TrackedEvent } from '../../contract/addon';
import type { ActivitySource } from '../web-api/feed-routes';

/**
 * What the tracking side tells the sidebar: the user's feed (the same source as the web app's) and the opens and
 * clicks of one tracked email. The add-on API only reads through this; tracking wires the real one into the app.
 */
export type AddonActivity = {
  feed: ActivitySource['feed'];
  /** Opens and clicks of the email sent for this intent, newest first. */
  events(accountId: number, intentId: number): Promise<{ opens: TrackedEvent[]; clicks: TrackedEvent[] }>;
};

/** Until tracking is wired in: no feed items and no events, said as such rather than invented. */
export const noActivity: AddonActivity = {
  feed: async () => ({ items: [], next: null }),
  events: async () => ({ opens: [], clicks: [] }),
};
