// The BCC baseline: an smtp-server that accepts any recipient, parses each message (mailparser's simpleParser, as
// the least any listener that reads attachments must do) and writes it to a file, fsynced, before answering 250.
//   node --import tsx bench/baselines/bare-smtp.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const dir = mkdtempSync(join(tmpdir(), 'mailtrail-bare-smtp-'));
let stored = 0;

/** The raw message, durable on disk: written and fsynced, as a server that answers 250 only once it is safe. */
async function store(raw: Buffer): Promise<void> {
  const file = await open(join(dir, `${++stored}.eml`), 'w');
  try {
    await file.write(raw);
    await file.sync();
  } finally {
    await file.close();
  }
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  size: 160 * 1024 * 1024,
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      simpleParser(raw)
        .then(() => store(raw))
        .then(() => callback(), callback);
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () =>
  server.close(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }),
);
