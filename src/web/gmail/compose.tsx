import { Component } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Draft } from './draft';

type Props = {
  from: string;
  draft: Draft;
  sending: boolean;
  onChange: (draft: Draft) => void;
  onSend: () => void;
  onDiscard: () => void;
  /** Absent when the add-on is not installed for this mailbox: Gmail then shows no icon for it. */
  onOpenAddon?: () => void;
  bodyRef: { current: HTMLDivElement | null };
};

/** Gmail's compose window: To, Cc, Bcc, subject, a rich body, Send, and the add-on's icon in the toolbar. */
export function ComposeWindow({ from, draft, sending, onChange, onSend, onDiscard, onOpenAddon, bodyRef }: Props) {
  // The body keeps its first props (see EditableBody): it reaches the current draft through this ref.
  const latest = useRef({ draft, onChange });
  latest.current = { draft, onChange };
  // The body is edited in place; it is only written when it was replaced from outside, never on the user's own
  // typing, which would move the caret.
  useEffect(() => {
    const body = bodyRef.current;
    if (body && body.innerHTML !== draft.body) body.innerHTML = draft.body;
  }, [draft.bodyVersion]);
  const field = (key: keyof Draft, label: string) => (
    <label class="compose-field">
      <span>{label}</span>
      <input
        name={key}
        aria-label={label}
        value={draft[key]}
        onInput={(e) => onChange({ ...draft, [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <div class="compose" role="dialog" aria-label="New Message">
      <div class="compose-title">
        New Message
        <button class="icon" aria-label="Discard draft" onClick={onDiscard}>
          ×
        </button>
      </div>
      <div class="compose-field from">
        <span>From</span> {from}
      </div>
      {field('to', 'To')}
      {field('cc', 'Cc')}
      {field('bcc', 'Bcc')}
      <input
        class="compose-subject"
        name="subject"
        placeholder="Subject"
        aria-label="Subject"
        value={draft.subject}
        onInput={(e) => onChange({ ...draft, subject: e.currentTarget.value })}
      />
      <EditableBody
        bodyRef={bodyRef}
        onInput={(html) => latest.current.onChange({ ...latest.current.draft, body: html })}
      />
      <div class="compose-toolbar">
        <button class="primary send" disabled={sending} onClick={onSend}>
          {sending ? 'Sending…' : 'Send'}
        </button>
        {onOpenAddon && (
          <button
            class="addon-icon"
            title="mailtrail: Track and log"
            aria-label="Open mailtrail in this draft"
            onClick={onOpenAddon}
          >
            ✉ mailtrail
          </button>
        )}
      </div>
    </div>
  );
}

/** Inserts HTML where the caret was last seen in the body (IN_PLACE_INSERT); null when the caret was elsewhere. */
export function insertAtSavedCaret(body: HTMLDivElement | null, range: Range | null, html: string): string | null {
  if (!body || !range || !body.contains(range.startContainer)) return null;
  range.deleteContents();
  const fragment = range.createContextualFragment(html);
  range.insertNode(fragment);
  return body.innerHTML;
}

/** A rich text area that Preact renders once and then leaves to the browser, so that typing keeps its caret. */
class EditableBody extends Component<{ bodyRef: { current: HTMLDivElement | null }; onInput: (html: string) => void }> {
  override shouldComponentUpdate() {
    return false;
  }
  override render() {
    return (
      <div
        ref={(el) => {
          this.props.bodyRef.current = el;
        }}
        class="compose-body"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-label="Message Body"
        onInput={(e) => this.props.onInput(e.currentTarget.innerHTML)}
      />
    );
  }
}
