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
import { count, when } from '../format';
import { strings } from '../i18n';

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
  const s = strings();

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
      toast(email.pinned ? s.unpinned : s.pinnedToTop);
      onChanged();
    });
  const copyLink = () =>
    attempt(async () => {
      await navigator.clipboard.writeText(appUrl(`/emails/${email.id}`));
      toast(s.linkCopied);
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
      toast(s.emailDeleted);
      (onDeleted ?? onChanged)();
    });

  return (
    <article class={`email-card${email.pinned ? ' pinned' : ''}`} data-email-id={email.id}>
      <header class="email-head" onClick={() => setExpanded(!expanded)}>
        {email.pinned && <span class="badge pin">{s.pinned}</span>}
        <span class="direction">{email.direction === 'INCOMING_EMAIL' ? s.received : s.sent}</span>
        <h3 class="subject">{email.subject || s.noSubject}</h3>
        <time dateTime={email.at}>{when(email.at)}</time>
      </header>
      <div class="email-parties">
        <span>{s.from(party(email.from))}</span> <span>{s.to(email.to.map(party).join(', '))}</span>
        {email.cc.length > 0 && <span> {s.cc(email.cc.map(party).join(', '))}</span>}
      </div>
      {email.tracking ? (
        <div class="tracking muted">
          {email.tracking.humanOpens > 0 ? s.openedTimes(email.tracking.humanOpens) : s.notOpened}
          {email.tracking.clicks > 0 && s.clicks(email.tracking.clicks)}
          <Machines events={email.tracking.machines} count={email.tracking.machines.length} />
          <TrackingEvents events={email.tracking.events} />
          {email.tracking.moreFetches.map((m, i) => (
            <div key={i} class="small more-fetches">
              {s.moreFetches(count(m.fetches), m.fetches === 1, m.oneAddress)}
            </div>
          ))}
        </div>
      ) : (
        <div class="tracking muted" data-tracking="off">
          {s.loggedNotTracked}
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
                {showThread ? s.hideThread : s.showThread(full.thread.length)}
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
      {expanded && !full && <p class="muted">{s.loadingEmail}</p>}
      {email.attachments.length > 0 && (
        <ul class="attachments">
          {email.attachments.map((a) =>
            a.leftOut ? (
              <li key={a.id} class="left-out">
                <span class="name">{a.name}</span> <span class="muted">({formatSize(a.size)})</span> — {s.notStored}{' '}
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
        <button onClick={() => setExpanded(!expanded)}>{expanded ? s.collapse : s.expand}</button>
        {record && <button onClick={pin}>{email.pinned ? s.unpin : s.pin}</button>}
        <button onClick={copyLink}>{s.copyLink}</button>
        <button onClick={() => openCompose((f) => replyUrl(f, me.email))}>{s.reply}</button>
        <button onClick={() => openCompose(forwardUrl)}>{s.forward}</button>
        <button onClick={() => setEditing(true)}>{s.editAssociations}</button>
        <button class="danger" onClick={() => setConfirmDelete(true)}>
          {s.delete}
        </button>
      </footer>
      {confirmDelete && (
        <ConfirmDialog
          title={s.deleteEmailTitle}
          confirmLabel={s.delete}
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        >
          {s.deleteEmailWhy(email.subject)}
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
  if (all.length === 0) return <div class="associations muted">{strings().notAssociated}</div>;
  return (
    <div class="associations">
      {strings().loggedOn}{' '}
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
        {party(email.from)} — {email.subject} <time dateTime={email.at}>{when(email.at)}</time>
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
  const s = strings();
  return (
    <>
      {held.held > 0 && !showImages && (
        <div class="notice images-held">
          {s.imagesHeld}{' '}
          <button class="link" onClick={() => setShowImages(true)}>
            {s.showImages}
          </button>
        </div>
      )}
      <iframe
        class="email-frame"
        sandbox=""
        srcdoc={showImages ? html : held.html}
        title={s.emailBody}
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
