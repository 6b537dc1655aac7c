import { describe, expect, it } from 'vitest';
import { bccAfterApply, loggingToken, pixelHtml, splitBcc, trackedLinkHtml, webAddress } from '../../src/addon/views/draft';
import { splitAddressList } from '../../src/addon/views/address-list';
import { planUploads, MAX_ATTACHMENT_BYTES, UPLOAD_BUDGET_BYTES } from '../../src/addon/views/attachments';

const domain = 'bcc.mailtrail.example';
const token = 'a3f09c1d2b4e5f60718293a4b5c6d7e8';

describe('the draft changes Apply makes', () => {
  it('recognises its own logging address, keeping the token exactly', () => {
    expect(loggingToken(`log+${token}@${domain}`, domain)).toBe(token);
    expect(loggingToken(`mailtrail <log+AbC_-9@BCC.mailtrail.example>`, domain)).toBe('AbC_-9');
    expect(loggingToken(`log+${token}@elsewhere.example`, domain)).toBeNull();
    expect(loggingToken('boss@seller.example', domain)).toBeNull();
    expect(loggingToken(`log+${token}@${domain}`, '')).toBeNull();
  });

  it('adds the logging address to the Bcc the user already had', () => {
    expect(bccAfterApply(['boss@seller.example'], domain, `log+${token}@${domain}`)).toEqual(['boss@seller.example', `log+${token}@${domain}`]);
  });

  it('applying twice leaves one logging address, not two', () => {
    const once = bccAfterApply(['boss@seller.example'], domain, `log+${token}@${domain}`);
    const twice = bccAfterApply(once, domain, `log+${token}@${domain}`);
    expect(twice).toEqual(once);
    expect(splitBcc(twice, domain)).toEqual({ others: ['boss@seller.example'], token });
  });

  it('inserts a 1×1 pixel with an empty alt, and escapes what it inserts', () => {
    expect(pixelHtml(`https://crm.example/t/o/${token}.gif`)).toBe(`<img src="https://crm.example/t/o/${token}.gif" width="1" height="1" alt="">`);
    expect(trackedLinkHtml('https://crm.example/t/c/x', 'Q&A <here>')).toBe('<a href="https://crm.example/t/c/x">Q&amp;A &lt;here&gt;</a>');
  });

  it('takes a web address the user typed, with or without https://, and refuses anything else', () => {
    expect(webAddress('https://example.com/pricing?x=1')).toBe('https://example.com/pricing?x=1');
    expect(webAddress('example.com/pricing')).toBe('https://example.com/pricing');
    expect(webAddress('javascript:alert(1)')).toBeNull();
    expect(webAddress('not a url')).toBeNull();
    expect(webAddress('')).toBeNull();
  });
});

describe('reading a received message', () => {
  it('splits To and Cc headers without breaking quoted names', () => {
    expect(splitAddressList('"Doe, Jane" <jane@x.example>, bob@y.example,  <c@z.example>')).toEqual([
      '"Doe, Jane" <jane@x.example>',
      'bob@y.example',
      '<c@z.example>',
    ]);
    expect(splitAddressList('')).toEqual([]);
  });

  it('sends attachment contents while they fit in one request, never one over 50 MB', () => {
    const mb = 1024 * 1024;
    expect(planUploads([1 * mb, 2 * mb])).toEqual([true, true]);
    expect(planUploads([MAX_ATTACHMENT_BYTES + 1, 1 * mb])).toEqual([false, true]);
    expect(planUploads([UPLOAD_BUDGET_BYTES - mb, 2 * mb, mb])).toEqual([true, false, true]);
  });
});
