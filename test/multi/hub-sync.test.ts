import { describe, expect, it } from 'vitest';
import { EventHub } from '../../src/server/tracking/notify/hub';

// A client that reconnects through the load balancer may land on an instance whose hub has not yet published the
// last notification the client saw on another one: its Last-Event-ID is ahead of this hub.
describe('a hub shared with other instances through the durable log', () => {
  const log = [1, 2, 3].map((id) => ({ id, item: { n: id } }));

  it('brings itself up to date before judging a Last-Event-ID that is ahead, then sends only what is newer', async () => {
    const hub: EventHub = new EventHub({
      lastId: 1,
      sync: async () => {
        for (const e of log) if (e.id > hub.latestId) hub.publish('1:7', 'feed', e.item, e.id);
      },
    });
    const got: unknown[] = [];
    await hub.subscribe('1:7', { afterId: 2, deliver: (e) => got.push(e.id), onGap: () => got.push('resync') });
    expect(got).toEqual([3]);
    hub.publish('1:7', 'feed', { n: 4 }, 4);
    expect(got).toEqual([3, 4]);
  });

  it('without the log to sync from, takes such an id for one from before a restart and asks the client to resync', async () => {
    const hub = new EventHub({ lastId: 1 });
    const got: unknown[] = [];
    await hub.subscribe('1:7', { afterId: 2, deliver: (e) => got.push(e.id), onGap: () => got.push('resync') });
    expect(got).toEqual(['resync']);
  });
});
