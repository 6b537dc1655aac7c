import { useEffect, useMemo, useState } from 'preact/hooks';
import type { EmailFull, EmailSummary, Party, RecordType } from '../../contract/web';
import { api } from '../api';
import { forwardUrl, replyUrl } from '../compose-url';
import { appUrl, linkProps } from '../router';
import { useSessionUser } from '../session';
import { AssociationsEditor } from './associations-editor';
import { ConfirmDialog } from './confirm';
import { Machines } from './machines';
import { TrackingEvents } from './tracking-events';
import { holdRemoteImages } from './remote-images';
import { attempt, toast } from './toasts';

type Props = {
  email: EmailSummary;
  /** The record whose timeline shows this email: pinning is per record. */
  record: { type: RecordType; id: string } | null;
  startExpanded?: boolean;
  onChanged: () => void;
  onDeleted?: () => void;
};

export function EmailCard({ email, record, startExpanded = false, onChanged, onDeleted }: Props) {
  const me = useSessionUser();
  const [full, setFull] = useState<EmailFull | null>(null);
  const [expanded, setExpanded] = useState(startExpanded);
  const [showThread, setShowThread] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [editing, setEditing] = useState(false);

  const loadFull = async (): Promise<EmailFull> => {
    if (full) return full;
    const loaded = await api<EmailFull>(`/emails/${email.id}`);
    setFull(loaded);
    return loaded;
  };
  useEffect(() => {
    if (expanded) attempt(loadFull);
  }, [expanded]);

  const pin = () =>
    attempt(async () => {
      await api(`/records/${record!.type}/${record!.id}/pin`, { body: { emailId: email.id, pinned: !email.pinned } });
      toast(email.pinned ? 'Unpinned' : 'Pinned to the top of this timeline');
      onChanged();
    });
  const copyLink = () =>
    attempt(async () => {
      await navigator.clipboard.writeText(appUrl(`/emails/${email.id}`));
      toast('Link copied');
    });
  const openCompose = (make: (f: EmailFull) => string) =>
    attempt(async () => {
      const f = await loadFull();
      window.open(make(f), '_blank', 'noopener');
    });
  const remove = () =>
    attempt(async () => {
      setConfirmDelete(false);
      await api(`/emails/${email.id}`, { method: 'DELETE' });
      toast('Email deleted from the CRM');
      (onDeleted ?? onChanged)();
    });

  return (
    <article class={`email-card${email.pinned ? ' pinned' : ''}`} data-email-id={email.id}>
      <header class="email-head" onClick={() => setExpanded(!expanded)}>
        {email.pinned && <span class="badge pin">Pinned</span>}
        <span class="direction">{email.direction === 'INCOMING_EMAIL' ? 'Received' : 'Sent'}</span>
        <h3 class="subject">{email.subject || '(no subject)'}</h3>
        <time dateTime={email.at}>{new Date(email.at).toLocaleString()}</time>
      </header>
      <div class="email-parties">
        <span>From {party(email.from)}</span> <span>to {email.to.map(party).join(', ')}</span>
        {email.cc.length > 0 && <span> cc {email.cc.map(party).join(', ')}</span>}
      </div>
      {email.tracking ? (
        <div class="tracking muted">
          {email.tracking.humanOpens > 0 ? `Opened ${email.tracking.humanOpens}×` : 'Not opened yet'}
          {email.tracking.clicks > 0 && ` · ${email.tracking.clicks} click(s)`}
          <Machines events={email.tracking.machines} count={email.tracking.machines.length} />
          <TrackingEvents events={email.tracking.events} />
          {email.tracking.moreFetches.map((m, i) => (
            <div key={i} class="small more-fetches">
              and {m.fetches.toLocaleString()} more {m.fetches === 1 ? 'fetch' : 'fetches'} from{' '}
              {m.oneAddress ? 'one address' : 'many addresses'}, counted but not kept one by one
            </div>
          ))}
        </div>
      ) : (
        <div class="tracking muted" data-tracking="off">
          Logged, not tracked
        </div>
      )}
      {email.sendNotes.length > 0 && (
        <ul class="send-notes muted">
          {email.sendNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {!expanded && <p class="snippet">{email.snippet}</p>}
      {expanded && full && (
        <div class="email-full">
          <EmailBody html={full.html} text={full.text} />
          {full.thread.length > 1 && (
            <div class="thread">
              <button onClick={() => setShowThread(!showThread)}>
                {showThread ? 'Hide the thread' : `Show the whole thread (${full.thread.length} emails)`}
              </button>
              {showThread && (
                <ol class="thread-list">
                  {full.thread.map((t) => (
                    <li key={t.id} class={t.id === email.id ? 'current' : ''}>
                      <ThreadItem email={t} />
                    </li>
                  ))}
                </ol>
              )}
            </div>
          )}
        </div>
      )}
      {expanded && !full && <p class="muted">Loading the email…</p>}
      {email.attachments.length > 0 && (
        <ul class="attachments">
          {email.attachments.map((a) =>
            a.leftOut ? (
              <li key={a.id} class="left-out">
                <span class="name">{a.name}</span> <span class="muted">({formatSize(a.size)})</span> — not stored:{' '}
                {a.leftOut}
              </li>
            ) : (
              <li key={a.id}>
                <a href={`/web/v1/emails/${email.id}/attachments/${a.id}`} download={a.name}>
                  {a.name}
                </a>{' '}
                <span class="muted">({formatSize(a.size)})</span>
              </li>
            ),
          )}
        </ul>
      )}
      <Associations email={email} />
      <footer class="email-actions">
        <button onClick={() => setExpanded(!expanded)}>{expanded ? 'Collapse' : 'Expand'}</button>
        {record && <button onClick={pin}>{email.pinned ? 'Unpin' : 'Pin'}</button>}
        <button onClick={copyLink}>Copy link</button>
        <button onClick={() => openCompose((f) => replyUrl(f, me.email))}>Reply</button>
        <button onClick={() => openCompose(forwardUrl)}>Forward</button>
        <button onClick={() => setEditing(true)}>Edit associations</button>
        <button class="danger" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
      </footer>
      {confirmDelete && (
        <ConfirmDialog
          title="Delete this email?"
          confirmLabel="Delete"
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        >
          “{email.subject}” will be removed from every record it is logged on. The email stays in Gmail.
        </ConfirmDialog>
      )}
      {editing && (
        <AssociationsEditor
          email={email}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </article>
  );
}

function Associations({ email }: { email: EmailSummary }) {
  const all = [...email.associations.contacts, ...email.associations.companies, ...email.associations.deals];
  if (all.length === 0) return <div class="associations muted">Not associated with any record.</div>;
  return (
    <div class="associations">
      Logged on{' '}
      {all.map((r, i) => (
        <>
          {i > 0 && ', '}
          <a key={`${r.type}${r.id}`} {...linkProps(`/${r.type}/${r.id}`)}>
            {r.name}
          </a>
        </>
      ))}
    </div>
  );
}

function ThreadItem({ email }: { email: EmailSummary }) {
  const [full, setFull] = useState<EmailFull | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = () => {
    setOpen(!open);
    if (!full) attempt(() => api<EmailFull>(`/emails/${email.id}`).then(setFull));
  };
  return (
    <div class="thread-item">
      <button class="link" onClick={toggle}>
        {party(email.from)} — {email.subject} <time dateTime={email.at}>{new Date(email.at).toLocaleString()}</time>
      </button>
      {!open && <div class="snippet muted">{email.snippet}</div>}
      {open && full && <EmailBody html={full.html} text={full.text} />}
    </div>
  );
}

/**
 * The logged HTML, already sanitized by the server, in a frame that may run nothing; its remote pictures load only
 * once the reader clicks "Show images" (for this email, this time).
 */
export function EmailBody({ html, text }: { html: string; text: string }) {
  const [showImages, setShowImages] = useState(false);
  const held = useMemo(() => holdRemoteImages(html), [html]);
  if (!html.trim()) return <pre class="email-text">{text}</pre>;
  return (
    <>
      {held.held > 0 && !showImages && (
        <div class="notice images-held">
          Images in this email are not shown: loading them would tell the sender it was read here.{' '}
          <button class="link" onClick={() => setShowImages(true)}>
            Show images
          </button>
        </div>
      )}
      <iframe
        class="email-frame"
        sandbox=""
        srcdoc={showImages ? html : held.html}
        title="Email body"
        referrerpolicy="no-referrer"
      />
    </>
  );
}

function party(p: Party): string {
  return p.name ? `${p.name} <${p.email}>` : p.email;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
