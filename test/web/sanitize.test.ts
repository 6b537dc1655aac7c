import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeEmailHtml } from '../../src/server/http/web-api/sanitize';
import { emailText } from '../../src/server/http/web-api/views';
import type { ObjectRecord } from '../../src/server/store/objects';

describe('logged HTML before it reaches a browser', () => {
  it('drops scripts, handlers, frames, forms and javascript: links, keeping the text and the layout', () => {
    const out = sanitizeEmailHtml(
      '<p style="color:red" onclick="x()">Hi <b>Grace</b></p><script>alert(1)</script><img src="https://cdn.test/logo.png" onerror="x()">' +
        '<a href="javascript:alert(1)">bad</a><a href="https://acme.test/">good</a><iframe src="https://x.test"></iframe><form><input></form>' +
        '<svg><script>alert(2)</script></svg><table><tr><td colspan="2">cell</td></tr></table>',
    );
    expect(out).not.toMatch(/script|onerror|onclick|javascript|iframe|<form|<input|<svg|style=/i);
    expect(out).toContain('<p>Hi <b>Grace</b></p>');
    expect(out).toContain('<img src="https://cdn.test/logo.png" />');
    expect(out).toContain('<a href="https://acme.test/">good</a>');
    expect(out).toContain('<td colspan="2">cell</td>');
  });

  it("defuses mailtrail's own pixel and tracked links, so reading in the CRM is never an open or a click", () => {
    const out = sanitizeEmailHtml(
      '<p>Plan: <a href="https://crm.acme.test/t/c/AbC_123-x">the deck</a></p><img src="https://crm.acme.test/t/o/AbC_123-x.gif" width="1" height="1" alt="">',
    );
    expect(out).toBe('<p>Plan: <span title="tracked link">the deck</span></p>');
  });

  it('makes snippets of plain text', () => {
    expect(htmlToText('<style>p{}</style><p>Hello&nbsp;<b>Grace</b>,</p>\n<p>a &amp; b</p>')).toBe(
      'Hello Grace, a & b',
    );
  });
});

describe('the text of a logged email', () => {
  it("leaves out mailtrail's pixel, which emails logged before it was removed still end with", () => {
    const email = {
      id: 7,
      type: 'emails',
      properties: {
        hs_email_text:
          'Hello Grace, see our pricing [https://acme.test/pricing].\n\nSam\n\n[http://127.0.0.1:8787/t/o/AbC_123-xAbC_123-xAbC_1.gif]',
      },
      createdAt: 0,
      updatedAt: 0,
      archived: false,
    } as unknown as ObjectRecord;
    expect(emailText(email)).toBe('Hello Grace, see our pricing [https://acme.test/pricing].\n\nSam');
  });
});
