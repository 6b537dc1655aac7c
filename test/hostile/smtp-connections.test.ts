// Finding 3 (SMTP side) of the hardening review: connections that send half a message and then a byte now and
// then were never closed, and enough of them used up the file handles HTTP and SMTP share. A connection is closed
// when it is silent too long or has lasted too long however busy, and one address holds a bounded number open.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SMTP_LIMITS } from '../../src/server/core/config';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { BCC_DOMAIN, startTestListener, type TestListener } from '../smtp/harness';

const open: TestListener[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(open.splice(0).map((l) => l.close()));
});

/** A raw client that keeps every byte the server says. */
async function rawClient(port: number): Promise<{ socket: Socket; heard: () => string; closed: Promise<unknown> }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let heard = '';
  socket.setEncoding('utf8').on('data', (d: string) => (heard += d));
  socket.on('error', () => {});
  const closed = once(socket, 'close');
  await once(socket, 'connect');
  // A client that speaks before the greeting is turned away as an early talker.
  await until(() => /^\d{3} /.test(heard));
  return { socket, heard: () => heard, closed };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

const HALF_MESSAGE = `EHLO attacker.test\r\nMAIL FROM:<x@attacker.test>\r\nRCPT TO:<log+tok1@${BCC_DOMAIN}>\r\nDATA\r\nFrom: x@attacker.test\r\nSubject: hal`;

describe('SMTP connections that never finish', () => {
  it('closes a connection that stops half-way through its headers once it has been silent for the idle limit', async () => {
    const l = await startTestListener({ limits: { idleMs: 300 } });
    open.push(l);
    const c = await rawClient(l.port);
    c.socket.write(HALF_MESSAGE);
    await c.closed;
    expect(c.heard()).toMatch(/354 /);
    expect(c.heard()).toMatch(/421 .*[Tt]imeout/);
    expect(l.deliveries).toHaveLength(0);
  });

  it('closes a connection that drips a byte now and then once it reaches the session limit, with a 421', async () => {
    const l = await startTestListener({ limits: { sessionMs: 800 } });
    open.push(l);
    const c = await rawClient(l.port);
    c.socket.write(HALF_MESSAGE);
    // Well inside the idle limit each time: only the session limit can end this.
    const drip = setInterval(() => c.socket.writable && c.socket.write('f'), 50);
    try {
      await c.closed;
    } finally {
      clearInterval(drip);
    }
    expect(c.heard()).toMatch(/421 4\.4\.2 Session time limit reached/);
    expect(l.deliveries).toHaveLength(0);
  });

  it('refuses connections past the per-address limit with 421, and takes one again once another closes', async () => {
    const l = await startTestListener();
    open.push(l);
    const held = [];
    for (let i = 0; i < DEFAULT_SMTP_LIMITS.perAddress; i++) {
      const c = await rawClient(l.port);
      expect(c.heard()).toMatch(/^220 /);
      held.push(c);
    }
    const extra = await rawClient(l.port);
    await extra.closed;
    expect(extra.heard()).toMatch(/^421 .*Too many connections from 127\.0\.0\.1/);

    held[0].socket.end('QUIT\r\n');
    await held[0].closed;
    const next = await rawClient(l.port);
    expect(next.heard()).toMatch(/^220 /);
  });

  it('reads the limits from serve options, with defaults no sending server comes near', () => {
    expect(parseServeArgs([], {}).smtpLimits).toEqual(DEFAULT_SMTP_LIMITS);
    expect(DEFAULT_SMTP_LIMITS.idleMs).toBeGreaterThanOrEqual(60_000);
    expect(
      parseServeArgs(
        ['--smtp-idle-ms', '5000', '--smtp-session-ms', '60000', '--smtp-connections-per-address', '3'],
        {},
      ).smtpLimits,
    ).toEqual({ idleMs: 5000, sessionMs: 60_000, perAddress: 3 });
    expect(() => parseServeArgs(['--smtp-connections-per-address', '0'], {})).toThrow(/at least 1/);
  });
});
