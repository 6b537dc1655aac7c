import { isPixelUrl, isTrackedLinkUrl } from '../../../contract/tracking-urls';
import sanitizeHtml from 'sanitize-html';

/**
 * Logged email HTML comes from anyone who wrote to the team. Before it reaches a browser: no scripts, no event
 * handlers, no forms, no frames, no `javascript:` links (sanitize-html), and the page still shows it only in a
 * frame with `sandbox=""`. mailtrail's own pixel and tracked links are defused too, so that reading a logged email
 * in the CRM never counts as the recipient opening it or clicking.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'span', 'del', 'ins', 'small', 'big'],
    allowedAttributes: {
      a: ['href', 'name', 'title'],
      img: ['src', 'alt', 'width', 'height', 'title'],
      font: ['color', 'size', 'face'],
      span: ['title'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'cellpadding', 'cellspacing', 'border', 'align'],
      '*': ['align', 'dir'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data', 'cid'] },
    // Script and style contents are dropped with the tags, not shown as text.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
    exclusiveFilter: (frame) => frame.tag === 'img' && isPixelUrl(frame.attribs.src ?? ''),
    transformTags: {
      a: (tagName, attribs) =>
        isTrackedLinkUrl(attribs.href ?? '')
          ? { tagName: 'span', attribs: { title: 'tracked link' } }
          : { tagName, attribs },
    },
  });
}

/** Plain text of an HTML body, for snippets. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'head', 'title'],
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
