// Finding 14 of the hardening review: after `kill -9`, the message a dead process was receiving stayed in
// data/tmp/smtp until a sweep a day later. The next start removes what no live process can still own, and leaves
// alone what one still does (another instance on the same data dir, in the middle of a delivery).
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpListener } from '../../src/server/smtp/listener';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { filesUnder, rig, serve, type Rig, type Served } from '../faults/rig';

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 25));
}

/** Starts a delivery to `bcc` and leaves it half-sent: the server has spooled part of the message. */
async function halfDelivery(port: number, bcc: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let heard = '';
  socket.setEncoding('utf8').on('data', (d: string) => (heard += d));
  await once(socket, 'connect');
  const step = async (line: string, reply: RegExp) => {
    socket.write(line);
    await until(() => reply.test(heard));
  };
  await until(() => /^220 /.test(heard));
  await step('EHLO gmail.test\r\n', /250 /);
  await step('MAIL FROM:<sam@acme.test>\r\n', /250 .*\r\n.*250 /s);
  await step(`RCPT TO:<${bcc}>\r\n`, /(250 .*){3}/s);
  await step('DATA\r\n', /354 /);
  socket.write(`From: Sam <sam@acme.test>\r\nSubject: big\r\n\r\n${'x'.repeat(256 * 1024)}\r\n`);
  return socket;
}

const spooled = async (dataDir: string) =>
  (await filesUnder(join(dataDir, 'tmp', 'smtp'))).filter((f) => f.endsWith('message.eml'));

// The spool is the filesystem's, whichever database; one is enough.
const [db] = await testDatabases();
describe(suiteTitle('The SMTP spool after kill -9', db), () => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let r: Rig;
  const servers: Served[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    target = await db.create();
    r = await rig(target.target, target.dataDir);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) await s.stop();
    await r?.store.close();
    await target?.drop();
  });

  it('is emptied of a dead process’s half-received message at the next start, a live one’s kept', async () => {
    const first = await serve(target.target, target.dataDir);
    servers.push(first);
    sockets.push(await halfDelivery(first.smtpPort, await r.apply(first.url)));
    await until(async () => (await spooled(target.dataDir)).length === 1);
    const abandoned = await spooled(target.dataDir);
    await first.kill9();
    servers.pop();

    const second = await serve(target.target, target.dataDir);
    servers.push(second);
    expect(await spooled(target.dataDir)).not.toContain(abandoned[0]);
    expect(await spooled(target.dataDir)).toEqual([]);

    // The second process is alive and receiving: a listener starting beside it on the same data dir keeps its file.
    sockets.push(await halfDelivery(second.smtpPort, await r.apply(second.url)));
    await until(async () => (await spooled(target.dataDir)).length === 1);
    const live = await spooled(target.dataDir);
    const beside = await startSmtpListener({
      port: 0,
      host: '127.0.0.1',
      spoolDir: join(target.dataDir, 'tmp', 'smtp'),
      resolveRecipient: () => ({ reject: 'no' }),
      onMessage: async () => {},
    });
    await beside.close();
    expect(await spooled(target.dataDir)).toEqual(live);
  });
});
