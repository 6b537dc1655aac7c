// Random MIME-ish messages for property tests: nested multiparts with missing or wrong boundaries, bogus charsets
// and transfer encodings, encoded words, raw bytes, CRLF or bare LF, and an optional Message-ID in several forms.
import fc from 'fast-check';

type Leaf = {
  kind: 'leaf';
  type: string;
  charset: string | null;
  cte: string | null;
  disposition: string | null;
  body: string;
};
type Multipart = {
  kind: 'multipart';
  subtype: string;
  boundary: string;
  declared: 'same' | 'missing' | 'other';
  closed: boolean;
  preamble: string;
  parts: Part[];
};
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
  fc
    .tuple(
      fc.constantFrom('utf-8', 'iso-8859-1', 'koi8-r', 'x-bogus', ''),
      fc.constantFrom('B', 'Q', 'b', 'X'),
      fc.string({ maxLength: 30 }),
    )
    .map(
      ([charset, enc, s]) =>
        `=?${charset}?${enc}?${enc.toUpperCase() === 'B' ? Buffer.from(s).toString('base64') : s}?=`,
    ),
  fc.uint8Array({ maxLength: 80 }).map(latin1),
);
// Header values stay on one line where the test must still find the Message-ID; folding is exercised by the corpus.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

const { part } = fc.letrec<{ part: Part; leaf: Leaf; multipart: Multipart }>((tie) => ({
  part: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('multipart')),
  leaf: fc.record({
    kind: fc.constant('leaf' as const),
    type: fc.constantFrom(
      'text/plain',
      'text/html',
      'application/pdf',
      'image/png',
      'message/rfc822',
      'text/x-odd',
      'multipart/mixed',
      '',
    ),
    charset: fc.option(fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'utf-7', 'iso-2022-jp', 'x-bogus', '')),
    cte: fc.option(fc.constantFrom('7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'x-uuencode', 'bogus')),
    disposition: fc.option(
      fc.constantFrom(
        'inline',
        'attachment',
        'attachment; filename="a b.pdf"',
        "attachment; filename*=utf-8''%E2%82%AC.txt",
        'attachment; filename=',
        'form-data',
      ),
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
      p.type || p.charset !== null
        ? `Content-Type: ${p.type}${p.charset !== null ? `; charset="${p.charset}"` : ''}`
        : null,
      p.cte ? `Content-Transfer-Encoding: ${p.cte}` : null,
      p.disposition ? `Content-Disposition: ${p.disposition}` : null,
    ].filter(Boolean);
    return `${headers.join(eol)}${eol}${eol}${p.body}`;
  }
  const declared =
    p.declared === 'same' ? `; boundary="${p.boundary}"` : p.declared === 'other' ? `; boundary="x${p.boundary}"` : '';
  const parts = p.parts.map((child) => `--${p.boundary}${eol}${serialise(child, eol)}${eol}`).join('');
  return `Content-Type: multipart/${p.subtype}${declared}${eol}${eol}${p.preamble}${eol}${parts}${p.closed ? `--${p.boundary}--${eol}` : ''}`;
}

const headerName = fc.oneof(
  fc.constantFrom(
    'From',
    'To',
    'Cc',
    'Subject',
    'Date',
    'References',
    'In-Reply-To',
    'MIME-Version',
    'Reply-To',
    'Received',
  ),
  token.map((t) => `X-${t}`),
);
const messageIdValue = fc.oneof(
  fc.tuple(token, token).map(([left, right]) => `<${left}@${right}>`),
  fc.tuple(token, token).map(([left, right]) => `${left}@${right}`),
  fc
    .tuple(token, token, fc.string({ maxLength: 20 }))
    .map(([left, right, c]) => `(${oneLine(c).replace(/[()<>]/g, '')}) <${left}@${right}>`),
);
export const mimeMessage = fc.record({
  headers: fc.array(fc.tuple(headerName, headerText), { maxLength: 8 }),
  messageId: fc.option(messageIdValue, { freq: 5 }),
  idAt: fc.nat(),
  body: part,
  eol: fc.constantFrom('\r\n', '\n'),
});
export type MimeMessage = typeof mimeMessage extends fc.Arbitrary<infer M> ? M : never;

export function render(m: MimeMessage, extraHeaders: string[] = []): Buffer {
  const headers = [...extraHeaders, ...m.headers.map(([name, value]) => `${name}: ${oneLine(value)}`)];
  if (m.messageId !== null) headers.splice(m.idAt % (headers.length + 1), 0, `Message-ID: ${m.messageId}`);
  return Buffer.from(`${headers.join(m.eol)}${m.eol}${serialise(m.body, m.eol)}`, 'latin1');
}

/** A message with random bytes inserted and possibly cut short. */
export const corruptedMessage = fc
  .tuple(
    mimeMessage,
    fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })), { maxLength: 6 }),
    fc.option(fc.nat()),
  )
  .map(([m, inserts, cut]) => {
    let raw = render(m);
    for (const [at, bytes] of inserts) {
      const i = at % (raw.length + 1);
      raw = Buffer.concat([raw.subarray(0, i), Buffer.from(bytes), raw.subarray(i)]);
    }
    return cut === null ? raw : raw.subarray(0, cut % (raw.length + 1));
  });
