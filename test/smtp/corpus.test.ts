// Odd messages seen in the wild (see corpus/README.md): each is either taken, under the Message-ID a person would
// read in it, or refused with a reason; none crashes the listener, and the same bytes always give the same key.
import { readFile, readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BCC_DOMAIN, sendRaw, startTestListener, type TestListener } from './harness';

const corpus = new URL('./corpus/', import.meta.url);

// The Message-ID each message is logged under, or the refusal it gets.
const expected: Record<string, { messageId: string } | { refused: RegExp }> = {
  'bare-lf.eml': { messageId: '<bare-lf@sales.example>' },
  'broken-base64-and-qp.eml': { messageId: '<broken-encodings@sales.example>' },
  'broken-boundary.eml': { messageId: '<broken-boundary@sales.example>' },
  'deeply-nested.eml': { messageId: '<deep@sales.example>' },
  'duplicate-message-id.eml': { messageId: '<first-id@sales.example>' },
  'empty-subject-and-groups.eml': { messageId: '<groups@sales.example>' },
  'forwarded-rfc822.eml': { messageId: '<forwarded@sales.example>' },
  'garbage-message-id.eml': {
    refused: /^554 5\.6\.0 This message's Message-ID "this is not an id" is not a usable id/,
  },
  'headers-only.eml': { messageId: '<headers-only@sales.example>' },
  'huge-headers.eml': { messageId: '<huge-headers@sales.example>' },
  'inline-cid-image.eml': { messageId: '<cid-image@sales.example>' },
  'message-id-with-comment.eml': { messageId: '<commented-id@sales.example>' },
  'message-id-without-brackets.eml': { messageId: '<bare-id-1234@sales.example>' },
  'multipart-without-boundary.eml': { messageId: '<no-boundary@sales.example>' },
  'no-message-id.eml': { refused: /^554 5\.6\.0 This message has no Message-ID header/ },
  'nul-and-control-bytes.eml': { messageId: '<nul-bytes@sales.example>' },
  'raw-utf8-headers.eml': { messageId: '<raw-utf8@sales.example>' },
  'reply-in-thread.eml': { messageId: '<reply-2@sales.example>' },
  'rfc2231-filename.eml': { messageId: '<rfc2231@sales.example>' },
  'unknown-charset.eml': { messageId: '<unknown-charset@sales.example>' },
  'utf7-body.eml': { messageId: '<utf7@sales.example>' },
  'windows-1252-and-iso-2022-jp.eml': { messageId: '<cp1252@sales.example>' },
};

let l: TestListener;
beforeAll(async () => {
  l = await startTestListener();
});
afterAll(async () => {
  await l.close();
});

describe('corpus of odd real-world messages', () => {
  it('has an expectation for every file', async () => {
    const files = (await readdir(corpus)).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const [file, outcome] of Object.entries(expected)) {
    it(`${file}: ${'messageId' in outcome ? `taken as ${outcome.messageId}` : 'refused with a reason'}, twice the same`, async () => {
      const raw = await readFile(new URL(file, corpus));
      for (const attempt of [1, 2]) {
        l.deliveries.length = 0;
        const result = await sendRaw(l.port, raw);
        if ('messageId' in outcome) {
          expect(result.ok, `attempt ${attempt}: ${result.response}`).toBe(true);
          expect(l.deliveries.map((d) => d.email.messageId)).toEqual([outcome.messageId]);
        } else {
          expect(result).toMatchObject({ ok: false, responseCode: 554 });
          expect(result.response).toMatch(outcome.refused);
          expect(l.deliveries).toHaveLength(0);
        }
      }
    });
  }

  it('decodes what can be decoded: charsets, RFC 2231 names, groups, threads, inline images', async () => {
    const taken = async (file: string) => {
      l.deliveries.length = 0;
      await sendRaw(l.port, await readFile(new URL(file, corpus)));
      return l.deliveries[0].email;
    };
    expect((await taken('windows-1252-and-iso-2022-jp.eml')).text).toBe('Price: 12 € – “quoted” — done\n');
    expect((await taken('windows-1252-and-iso-2022-jp.eml')).subject).toBe('日本語');
    expect((await taken('rfc2231-filename.eml')).attachments.map((a) => a.filename)).toEqual([
      'Devis n° 42 pour Müller.pdf',
    ]);
    const groups = await taken('empty-subject-and-groups.eml');
    expect(groups.cc.map((a) => a.address)).toEqual(['bob@customer.example', 'carol@customer.example']);
    expect(groups.date).toBeNull();
    const reply = await taken('reply-in-thread.eml');
    expect(reply.inReplyTo).toBe('<reply-1@customer.example>');
    expect(reply.references).toEqual(['<root@sales.example>', '<reply-1@customer.example>']);
    const inline = await taken('inline-cid-image.eml');
    expect(inline.attachments).toEqual([expect.objectContaining({ contentId: 'logo@sales.example', inline: true })]);
    // NUL cannot be stored in PostgreSQL text; it is replaced rather than making the email unstorable forever.
    expect((await taken('nul-and-control-bytes.eml')).text).toBe('NUL\uFFFD in the body \u001b[31m and an escape\n');
  });

  it('refuses a header block over 1 MB as unreadable rather than parsing it', async () => {
    const raw = `Message-ID: <too-big@sales.example>\r\nX-Filler: ${'z'.repeat(1_100_000)}\r\nSubject: big\r\n\r\nbody\r\n`;
    const result = await sendRaw(l.port, raw);
    expect(result).toMatchObject({ ok: false, responseCode: 554 });
    expect(result.response).toMatch(/^554 5\.6\.0 This message cannot be read: /);
  });

  it('still takes an ordinary message after all of that', async () => {
    l.deliveries.length = 0;
    const result = await sendRaw(
      l.port,
      'Message-ID: <after@sales.example>\r\nFrom: ada@sales.example\r\n\r\nfine\r\n',
      [`log+tok2@${BCC_DOMAIN}`],
    );
    expect(result.ok).toBe(true);
    expect(l.deliveries[0].recipients[0].secret).toBe('tok2');
  });
});
