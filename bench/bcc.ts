// BCC ingestion end to end: each email with two attachments goes over SMTP to the listener, which parses it, stores
// the attachments and logs it before answering 250. The baseline is the same client sending the same messages to a
// bare smtp-server that parses each one and writes it to a file, fsynced, before answering 250.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { step } from '../src/cli/progress';
import { cli, createApiKey, idToken, postJson, startMailtrail, type BenchDb } from './lib/mailtrail';
import { freePort, startPinned } from './lib/processes';
import type { Figure } from './lib/report';

const SENDER = 'ada@acme.test';
const RECIPIENT = 'hank.scorpio@globex.test';

/** Sends every message over 4 pooled connections; resolves with messages per second. */
async function sendAll(port: number, messages: SendMailOptions[]): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
    maxMessages: Infinity,
  });
  const started = process.hrtime.bigint();
  await Promise.all(messages.map((m) => transport.sendMail(m)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  transport.close();
  return messages.length / seconds;
}

export async function benchBcc(db: BenchDb, dataDir: string, count: number): Promise<Figure[]> {
  cli(['seed', '--demo', '--data-dir', dataDir, ...db.args]);
  const apiKey = createApiKey(dataDir, db);
  const smtpPort = await freePort();
  const server = await startMailtrail(dataDir, db, ['--smtp-port', String(smtpPort)]);
  try {
    const token = idToken(SENDER);
    const runTag = Date.now().toString(36);
    step(`bcc: ${db.name}: registering ${count} intents`);
    const messages: SendMailOptions[] = [];
    const small = randomBytes(100 * 1024);
    const large = randomBytes(1024 * 1024);
    for (let i = 0; i < count; i++) {
      const intent = await postJson<{ bccAddress: string }>(
        `${server.url}/addon/v1/compose/intents`,
        {
          draftKey: `bench-${runTag}-${i}`,
          track: false,
          log: true,
          associations: [],
          createContacts: [],
          neverLog: [],
          recipients: { to: [RECIPIENT], cc: [], bcc: [] },
        },
        token,
      );
      messages.push({
        from: SENDER,
        to: RECIPIENT,
        envelope: { from: SENDER, to: [intent.bccAddress] },
        subject: `bench ${runTag} #${i}`,
        messageId: `<bench-${runTag}-${i}@acme.test>`,
        text: 'Numbers as promised, see the attached sheet.',
        html: '<p>Numbers as promised, see the <b>attached</b> sheet.</p>',
        attachments: [
          { filename: 'summary.pdf', content: small },
          // Distinct content per message, so content addressing does not turn the write into a no-op.
          { filename: 'sheet.xlsx', content: Buffer.concat([large, Buffer.from(String(i))]) },
        ],
      });
    }
    step(`bcc: ${db.name}: sending ${count} emails with two attachments (1.1 MB) each`);
    const logged = await sendAll(smtpPort, messages);
    const search = await postJson<{ total: number }>(
      `${server.url}/crm/v3/objects/emails/search`,
      {
        filterGroups: [{ filters: [{ propertyName: 'hs_email_subject', operator: 'CONTAINS_TOKEN', value: runTag }] }],
        limit: 1,
      },
      apiKey,
    );
    if (search.total !== count) throw new Error(`bcc: ${count} emails got 250 but ${search.total} are logged`);

    const bare = await startPinned(0, ['--import', 'tsx', resolve(import.meta.dirname, 'baselines/bare-smtp.ts')]);
    let baseline: number;
    try {
      baseline = await sendAll(Number(new URL(bare.url).port), messages);
    } finally {
      await bare.stop();
    }
    return [
      {
        bench: `BCC ingestion (${db.name})`,
        metric: 'emails logged per second',
        value: logged,
        baseline,
        baselineName: 'bare smtp-server, parse + fsync',
        unit: 'emails/s',
        target: 'ratio ≥ 0.8',
        goal: { ratioAtLeast: 0.8 },
        note: 'two attachments, 1.1 MB per email',
      },
    ];
  } finally {
    await server.stop();
  }
}
