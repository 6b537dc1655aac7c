// Random MIME-ish messages over real SMTP: the listener answers every one with 250 or a reasoned 5xx, never the 451
// that marks an error nobody foresaw, always logs a well-formed message under the Message-ID its sender wrote, and
// gives the same bytes the same key on every delivery (so a retry can never become a second email).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseMessageId } from '../../src/server/smtp/parse';
import { sendRaw, startTestListener, type SendResult, type TestListener } from './harness';

type Leaf = { kind: 'leaf'; type: string; charset: string | null; cte: string | null; disposition: string | null; body: string };
type Multipart = { kind: 'multipart'; subtype: string; boundary: string; declared: 'same' | 'missing' | 'other'; closed: boolean; preamble: string; parts: Part[] };
type Part = Leaf | Multipart;

const token = fc.stringMatching(/^[A-Za-z0-9._=-]{1,24}$/);
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')),
  fc.uint8Array({ maxLength: 600 }).map(latin1),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\r\n')),
);
const headerText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.tuple(fc.constantFrom('utf-8', 'iso-8859-1', 'koi8-r', 'x-bogus', ''), fc.constantFrom('B', 'Q', 'b', 'X'), fc.string({ maxLength: 30 })).map(
    ([charset, enc, s]) => `=?${charset}?${enc}?${enc.toUpperCase() === 'B' ? Buffer.from(s).toString('base64') : s}?=`,
  ),
  fc.uint8Array({ maxLength: 80 }).map(latin1),
);
// Header values stay on one line where the test must still find the Message-ID; folding is exercised by the corpus.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

const { part } = fc.letrec<{ part: Part; leaf: Leaf; multipart: Multipart }>((tie) => ({
  part: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('multipart')),
  leaf: fc.record({
    kind: fc.constant('leaf' as const),
    type: fc.constantFrom('text/plain', 'text/html', 'application/pdf', 'image/png', 'message/rfc822', 'text/x-odd', 'multipart/mixed', ''),
    charset: fc.option(fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'utf-7', 'iso-2022-jp', 'x-bogus', '')),
    cte: fc.option(fc.constantFrom('7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'x-uuencode', 'bogus')),
    disposition: fc.option(
      fc.constantFrom('inline', 'attachment', 'attachment; filename="a b.pdf"', "attachment; filename*=utf-8''%E2%82%AC.txt", 'attachment; filename=', 'form-data'),
    ),
    body: text,
  }),
  multipart: fc.record({
    kind: fc.constant('multipart' as const),
    subtype: fc.constantFrom('mixed', 'alternative', 'related', 'digest', 'x-odd'),
    boundary: token,
    declared: fc.constantFrom('same' as const, 'same' as const, 'missing' as const, 'other' as const),
    closed: fc.boolean(),
    preamble: fc.oneof(fc.constant(''), text),
    parts: fc.array(tie('part'), { maxLength: 4 }),
  }),
}));

function serialise(p: Part, eol: string): string {
  if (p.kind === 'leaf') {
    const headers = [
      p.type || p.charset !== null ? `Content-Type: ${p.type}${p.charset !== null ? `; charset="${p.charset}"` : ''}` : null,
      p.cte ? `Content-Transfer-Encoding: ${p.cte}` : null,
      p.disposition ? `Content-Disposition: ${p.disposition}` : null,
    ].filter(Boolean);
    return `${headers.join(eol)}${eol}${eol}${p.body}`;
  }
  const declared = p.declared === 'same' ? `; boundary="${p.boundary}"` : p.declared === 'other' ? `; boundary="x${p.boundary}"` : '';
  const parts = p.parts.map((child) => `--${p.boundary}${eol}${serialise(child, eol)}${eol}`).join('');
  return `Content-Type: multipart/${p.subtype}${declared}${eol}${eol}${p.preamble}${eol}${parts}${p.closed ? `--${p.boundary}--${eol}` : ''}`;
}

const headerName = fc.oneof(
  fc.constantFrom('From', 'To', 'Cc', 'Subject', 'Date', 'References', 'In-Reply-To', 'MIME-Version', 'Reply-To', 'Received'),
  token.map((t) => `X-${t}`),
);
const messageIdValue = fc.oneof(
  fc.tuple(token, token).map(([left, right]) => `<${left}@${right}>`),
  fc.tuple(token, token).map(([left, right]) => `${left}@${right}`),
  fc.tuple(token, token, fc.string({ maxLength: 20 })).map(([left, right, c]) => `(${oneLine(c).replace(/[()<>]/g, '')}) <${left}@${right}>`),
);
const message = fc.record({
  headers: fc.array(fc.tuple(headerName, headerText), { maxLength: 8 }),
  messageId: fc.option(messageIdValue, { freq: 5 }),
  idAt: fc.nat(),
  body: part,
  eol: fc.constantFrom('\r\n', '\n'),
});
type Message = typeof message extends fc.Arbitrary<infer M> ? M : never;

function render(m: Message): Buffer {
  const headers = m.headers.map(([name, value]) => `${name}: ${oneLine(value)}`);
  if (m.messageId !== null) headers.splice(m.idAt % (headers.length + 1), 0, `Message-ID: ${m.messageId}`);
  return Buffer.from(`${headers.join(m.eol)}${m.eol}${serialise(m.body, m.eol)}`, 'latin1');
}

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
      fc.asyncProperty(message, async (m) => {
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
    const corrupted = fc
      .tuple(message, fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })), { maxLength: 6 }), fc.option(fc.nat()))
      .map(([m, inserts, cut]) => {
        let raw = render(m);
        for (const [at, bytes] of inserts) {
          const i = at % (raw.length + 1);
          raw = Buffer.concat([raw.subarray(0, i), Buffer.from(bytes), raw.subarray(i)]);
        }
        return cut === null ? raw : raw.subarray(0, cut % (raw.length + 1));
      });
    await fc.assert(
      fc.asyncProperty(corrupted, async (raw) => {
        expectAnswered((await deliver(raw)).result);
      }),
      { numRuns: 60 },
    );
    const after = await deliver(Buffer.from('Message-ID: <still-up@sales.example>\r\n\r\nok\r\n'));
    expect(after.keys).toEqual(['<still-up@sales.example>']);
  });
});
