/**
 * A logged email's HTML with its remote pictures held back, as Gmail does until its reader asks: a picture from
 * the sender's server tells the sender (and its tracker) that the email was read, by whom and from where. Parsed
 * in an inert document, which loads nothing; `src` moves to `data-held-src`, the alt text stays. Only `<img src>`
 * can reach out: the server's sanitizer drops styles, `srcset`, backgrounds and every other loading element.
 */
export function holdRemoteImages(html: string): { html: string; held: number } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let held = 0;
  for (const img of doc.querySelectorAll('img[src]')) {
    const src = img.getAttribute('src')!;
    if (!/^\s*(https?:)?\/\//i.test(src)) continue;
    img.setAttribute('data-held-src', src);
    img.removeAttribute('src');
    held++;
  }
  return held ? { html: doc.documentElement.outerHTML, held } : { html, held };
}
