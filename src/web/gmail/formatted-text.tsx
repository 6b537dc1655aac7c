import type { ComponentChildren } from 'preact';

// Card text widgets accept a small set of HTML tags (Google's "formatting text in Google Workspace add-ons").
// Only those are rendered; everything else in the string becomes plain text.
export function FormattedText({ text }: { text: string }) {
  const doc = new DOMParser().parseFromString(`<body>${text}</body>`, 'text/html');
  return <>{convert(doc.body.childNodes)}</>;
}

function convert(nodes: NodeListOf<ChildNode>): ComponentChildren[] {
  return Array.from(nodes).map((node, i) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const el = node as Element;
    const children = convert(el.childNodes);
    switch (el.tagName.toLowerCase()) {
      case 'b':
      case 'strong':
        return <b key={i}>{children}</b>;
      case 'i':
      case 'em':
        return <i key={i}>{children}</i>;
      case 'u':
        return <u key={i}>{children}</u>;
      case 's':
      case 'strike':
        return <s key={i}>{children}</s>;
      case 'br':
        return <br key={i} />;
      case 'font': {
        const color = el.getAttribute('color') ?? '';
        return (
          <span key={i} style={/^#?[0-9a-z]+$/i.test(color) ? { color } : undefined}>
            {children}
          </span>
        );
      }
      case 'a': {
        const href = el.getAttribute('href') ?? '';
        return /^https?:\/\//i.test(href) ? (
          <a key={i} href={href} target="_blank" rel="noopener noreferrer">
            {children}
          </a>
        ) : (
          <span key={i}>{children}</span>
        );
      }
      default:
        return <span key={i}>{children}</span>;
    }
  });
}
