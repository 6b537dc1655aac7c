import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Backfill, EventHub, type HubEvent } from '../../src/server/tracking/notify/hub';
import { streamEvents } from '../../src/server/tracking/notify/sse';
import { openSse, type SseClient } from '../helpers/sse-client';

// A Fastify app with the stream route the way the server mounts it: the user comes from auth (here a header).
async function serve(
  hub: EventHub,
  extra: { heartbeatMs?: number; signal?: AbortSignal } = {},
): Promise<{ app: FastifyInstance; url: string }> {
  // Closing cuts every connection, so a stream that failed to end fails its test rather than hanging the teardown.
  const app = Fastify({ forceCloseConnections: true });
  app.get('/events/stream', async (request, reply) => {
    reply.hijack();
    await streamEvents(reply.raw, {
      hub,
      userId: String(request.headers['x-user']),
      lastEventId: request.headers['last-event-id'],
      ...extra,
    });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `${address}/events/stream` };
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function connect(url: string, user: string, lastEventId?: string): Promise<SseClient> {
  const client = await openSse(url, { 'x-user': user, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) });
  cleanup.push(() => client.close());
  return client;
}

async function started(hub: EventHub, extra?: Parameters<typeof serve>[1]) {
  const { app, url } = await serve(hub, extra);
  cleanup.push(() => app.close());
  return url;
}

/** Subscriptions are set up after the response headers go out; this waits until the hub has one for the user. */
async function subscribed(hub: EventHub, user: string) {
  await vi.waitFor(() =>
    expect((hub as unknown as { listeners: Map<string, Set<unknown>> }).listeners.get(user)?.size).toBeGreaterThan(0),
  );
}

describe('GET /events/stream', () => {
  it("delivers a user's events, and only theirs", async () => {
    const hub = new EventHub();
    const url = await started(hub);
    const ada = await connect(url, 'ada');
    const bob = await connect(url, 'bob');
    expect(ada.status).toBe(200);
    expect(ada.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(ada.headers['cache-control']).toBe('no-cache, no-transform');
    await subscribed(hub, 'ada');
    await subscribed(hub, 'bob');

    hub.publish('bob', 'notification', { kind: 'opened', subject: "Bob's proposal" });
    hub.publish('ada', 'notification', { kind: 'opened', subject: 'Q3 proposal' });
    expect(await ada.next()).toEqual({
      id: '2',
      event: 'notification',
      data: JSON.stringify({ kind: 'opened', subject: 'Q3 proposal' }),
    });
    expect(await bob.next()).toEqual({
      id: '1',
      event: 'notification',
      data: JSON.stringify({ kind: 'opened', subject: "Bob's proposal" }),
    });
    expect(ada.retry).toBe(3000);
  });

  it('a second client resumes with Last-Event-ID without gaps or repeats', async () => {
    const hub = new EventHub();
    const url = await started(hub);
    const first = await connect(url, 'ada');
    await subscribed(hub, 'ada');
    for (const n of [1, 2, 3]) hub.publish('ada', 'notification', { n });
    const seen = [await first.next(), await first.next(), await first.next()];
    expect(seen.map((m) => m.id)).toEqual(['1', '2', '3']);
    first.close();

    hub.publish('ada', 'notification', { n: 4 });
    hub.publish('bob', 'notification', { n: 'not ada' });
    hub.publish('ada', 'notification', { n: 5 });
    const second = await connect(url, 'ada', '3');
    expect(await second.next()).toMatchObject({ id: '4', data: '{"n":4}' });
    expect(await second.next()).toMatchObject({ id: '6', data: '{"n":5}' });
    hub.publish('ada', 'notification', { n: 6 });
    expect(await second.next()).toMatchObject({ id: '7', data: '{"n":6}' });
  });

  it('says "resync" first when the missed events are no longer all in memory', async () => {
    const hub = new EventHub({ capacity: 2 });
    const url = await started(hub);
    for (const n of [1, 2, 3, 4]) hub.publish('ada', 'notification', { n });
    const client = await connect(url, 'ada', '1');
    expect(await client.next()).toEqual({ id: undefined, event: 'resync', data: '{}' });
    expect((await client.next()).id).toBe('3');
    expect((await client.next()).id).toBe('4');
  });

  it('an id from before a restart also gets "resync", then what there is', async () => {
    const hub = new EventHub();
    const url = await started(hub);
    hub.publish('ada', 'notification', { n: 1 });
    const client = await connect(url, 'ada', '9000');
    expect((await client.next()).event).toBe('resync');
    expect(await client.next()).toMatchObject({ id: '1', data: '{"n":1}' });
  });

  it('fills a gap from the durable log, merging events published meanwhile, in order and once each', async () => {
    const log: (HubEvent & { userId: string })[] = [];
    let releaseBackfill!: () => void;
    const gate = new Promise<void>((resolve) => (releaseBackfill = resolve));
    const backfill: Backfill = async (userId, afterId) => {
      const found = log
        .filter((e) => e.userId === userId && e.id > afterId)
        .map(({ id, type, data }) => ({ id, type, data }));
      await gate;
      return found;
    };
    const hub = new EventHub({ capacity: 1, backfill });
    const publish = (userId: string, n: number) => log.push({ ...hub.publish(userId, 'notification', { n }), userId });
    const url = await started(hub);
    for (const n of [1, 2, 3]) publish('ada', n);

    const client = await connect(url, 'ada', '1');
    await subscribed(hub, 'ada');
    publish('ada', 4);
    releaseBackfill();
    const ids = [await client.next(), await client.next(), await client.next()].map((m) => m.id);
    expect(ids).toEqual(['2', '3', '4']);
    publish('ada', 5);
    expect((await client.next()).id).toBe('5');
  });

  it('sends heartbeats on an idle stream, and ends when the server shuts it', async () => {
    const hub = new EventHub();
    const stop = new AbortController();
    const url = await started(hub, { heartbeatMs: 10, signal: stop.signal });
    const client = await connect(url, 'ada');
    await vi.waitFor(() => expect(client.comments).toContain('heartbeat'));
    stop.abort();
    await client.ended;
    await vi.waitFor(() =>
      expect((hub as unknown as { listeners: Map<string, unknown> }).listeners.has('ada')).toBe(false),
    );
  });
});

describe('HEAD /events/stream', () => {
  it('answers the headers and ends, rather than holding the connection', async () => {
    const hub = new EventHub();
    const { app, url } = await serve(hub);
    cleanup.push(() => app.close());
    const res = await fetch(url, { method: 'HEAD', headers: { 'x-user': 'ada' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe('');
  });
});

describe('EventHub', () => {
  it('refuses ids that go backwards and types that would break the stream', () => {
    const hub = new EventHub();
    hub.publish('ada', 'notification', {}, 10);
    expect(() => hub.publish('ada', 'notification', {}, 10)).toThrow('event id 10 is not after the last one, 10');
    expect(() => hub.publish('ada', 'notification\ndata: x', {})).toThrow(/is not an event type/);
    expect(hub.publish('ada', 'notification', {}).id).toBe(11);
  });
});
