// Random MIME-ish messages over real SMTP: the listener answers every one with 250 or a reasoned 5xx, never the 451
// that marks an error nobody foresaw, always logs a well-formed message under the Message-ID its sender wrote, and
// gives the same bytes the same key on every delivery (so a retry can never become a second email).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseMessageId } from '../../src/server/smtp/parse';
import { sendRaw, startTestListener, type SendResult, type TestListener } from './harness';
import { corruptedMessage, mimeMessage, render } from './mime-arbitrary';

let l: TestListener;
beforeAll(async () => {
  l = await startTestListener();
});
afterAll(async () => {
  await l.close();
});

async function deliver(raw: Buffer): Promise<{ result: SendResult; keys: string[] }> {
  l.deliveries.length = 0;
  const result = await sendRaw(l.port, raw);
  return { result, keys: l.deliveries.map((d) => d.email.messageId) };
}

function expectAnswered(result: SendResult): void {
  // 451 would mean an error nobody foresaw: the parser or the listener broke on this input.
  if (!result.ok) expect(result.response, result.response).toMatch(/^5\d\d 5\.\d+\.\d+ \S/);
}

describe('random MIME-ish input', () => {
  it('is logged under its Message-ID or refused with a reason, and the same bytes always give the same key', async () => {
    await fc.assert(
      fc.asyncProperty(mimeMessage, async (m) => {
        const raw = render(m);
        const first = await deliver(raw);
        expectAnswered(first.result);
        const wanted = normaliseMessageId(m.messageId);
        if (first.result.ok) expect(first.keys).toEqual([wanted]);
        else if (wanted) expect(first.result.response).toMatch(/^554 5\.6\.0 This message cannot be read/);
        else expect(first.result.response).toMatch(/Message-ID/);
        const again = await deliver(raw);
        expect(again.result.ok).toBe(first.result.ok);
        expect(again.keys).toEqual(first.keys);
      }),
      { numRuns: 60 },
    );
  });

  it('survives arbitrary corruption of a message without an unforeseen error', async () => {
    await fc.assert(
      fc.asyncProperty(corruptedMessage, async (raw) => {
        expectAnswered((await deliver(raw)).result);
      }),
      { numRuns: 60 },
    );
    const after = await deliver(Buffer.from('Message-ID: <still-up@sales.example>\r\n\r\nok\r\n'));
    expect(after.keys).toEqual(['<still-up@sales.example>']);
  });
});
