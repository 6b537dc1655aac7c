import { useEffect, useRef, useState } from 'preact/hooks';
import type { AddonCall, AddonResult, GmailMailbox, GmailMessage, GmailOpened, GmailSent } from '../../contract/web';
import { api } from '../api';
import { attempt, toast } from '../components/toasts';
import { navigate, useLocation } from '../router';
import { type Card, type CardAction, initialInputs, navigateStack, readEffects } from './card-json';
import { ComposeWindow, insertAtSavedCaret } from './compose';
import { applyDraftUpdate, type Draft, splitAddresses } from './draft';
import { Sidebar } from './sidebar';

type Folder = 'inbox' | 'sent';
type Panel = {
  context: 'home' | 'message' | 'compose';
  stack: Card[];
  inputs: Record<string, string[]>;
  busy: boolean;
  error: string | null;
};
const emptyDraft: Draft = { to: '', cc: '', bcc: '', subject: '', body: '', bodyVersion: 0 };

/** D3: a Gmail-like page around the real add-on bundle, for the demo mailboxes. */
export function GmailPage() {
  const { query } = useLocation();
  const [mailboxes, setMailboxes] = useState<GmailMailbox[]>([]);
  const [me, setMe] = useState<string>(query.get('as') ?? localStorage.getItem('gmail-as') ?? '');
  const [folder, setFolder] = useState<Folder>('inbox');
  const [messages, setMessages] = useState<GmailMessage[]>([]);
  const [opened, setOpened] = useState<GmailOpened | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [sending, setSending] = useState(false);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement | null>(null);
  const caret = useRef<Range | null>(null);

  useEffect(() => {
    api<GmailMailbox[]>('/gmail/mailboxes')
      .then((list) => {
        setMailboxes(list);
        if (!list.some((m) => m.address === me) && list[0]) setMe(list[0].address);
      })
      .catch((err: Error) => setError(err.message));
    // A Gmail compose URL (reply and forward from the CRM) opens the compose window filled in.
    if (query.get('view') === 'cm') {
      setDraft({
        ...emptyDraft,
        to: query.get('to') ?? '',
        cc: query.get('cc') ?? '',
        subject: query.get('su') ?? '',
        body: textToHtml(query.get('body') ?? ''),
        bodyVersion: 1,
      });
    }
    const saveCaret = () => {
      const sel = document.getSelection();
      if (sel && sel.rangeCount && bodyRef.current?.contains(sel.anchorNode))
        caret.current = sel.getRangeAt(0).cloneRange();
    };
    document.addEventListener('selectionchange', saveCaret);
    return () => document.removeEventListener('selectionchange', saveCaret);
  }, []);

  const loadFolder = () =>
    me
      ? attempt(() => api<GmailMessage[]>(`/gmail/mailboxes/${encodeURIComponent(me)}/${folder}`).then(setMessages))
      : Promise.resolve();
  useEffect(() => {
    if (!me) return;
    localStorage.setItem('gmail-as', me);
    setOpened(null);
    setPanel(null);
    loadFolder();
  }, [me, folder]);

  // Gmail shows an add-on only to the people who installed it: here, the users of a mailtrail account.
  const installed = mailboxes.find((m) => m.address === me)?.addon === true;

  const call = async (c: Omit<AddonCall, 'user'>): Promise<AddonResult> =>
    api<AddonResult>('/gmail/addon', { body: { user: me, ...c } });

  const runTrigger = async (context: Panel['context'], c: Omit<AddonCall, 'user'>) => {
    setPanel({ context, stack: [], inputs: {}, busy: true, error: null });
    const result = await call(c).catch((err: Error) => ({ response: null, error: err.message, fetches: 0 }));
    const effects = readEffects(result.response);
    const stack = navigateStack([], effects.navigations);
    setPanel({
      context,
      stack,
      inputs: stack.length ? initialInputs(stack[stack.length - 1]) : {},
      busy: false,
      error: result.error,
    });
  };

  const draftMeta = () =>
    draft ? { to: splitAddresses(draft.to), cc: splitAddresses(draft.cc), bcc: splitAddresses(draft.bcc) } : undefined;

  const runAction = async (action: CardAction, changed: Record<string, string[]> = {}) => {
    if (!panel) return;
    const parameters = Object.fromEntries((action.parameters ?? []).map((p) => [p.key, p.value]));
    // As Gmail does, an on-change action sends the form with the change that fired it.
    const inputs = { ...panel.inputs, ...changed };
    setPanel({ ...panel, inputs, busy: true, error: null });
    const result = await call({
      trigger: 'action',
      fn: action.function,
      parameters,
      formInputs: inputs,
      draft: panel.context === 'compose' ? draftMeta() : undefined,
      messageId: panel.context === 'message' ? opened?.message.id : undefined,
    }).catch((err: Error) => ({ response: null, error: err.message, fetches: 0 }));
    const effects = readEffects(result.response);
    setPanel((p) => {
      if (!p) return p;
      const stack = navigateStack(p.stack, effects.navigations);
      const top = stack[stack.length - 1];
      const changedCard = top !== p.stack[p.stack.length - 1];
      return {
        ...p,
        stack,
        inputs: changedCard && top ? initialInputs(top) : p.inputs,
        busy: false,
        error: result.error,
      };
    });
    if (effects.notification) toast(effects.notification);
    if (effects.openLink) window.open(effects.openLink, '_blank', 'noopener');
    if (effects.draft)
      setDraft((d) =>
        d ? applyDraftUpdate(d, effects.draft!, (html) => insertAtSavedCaret(bodyRef.current, caret.current, html)) : d,
      );
  };

  const openMessage = (m: GmailMessage) =>
    attempt(async () => {
      const o = await api<GmailOpened>(
        `/gmail/mailboxes/${encodeURIComponent(me)}/messages/${encodeURIComponent(m.id)}/open`,
        { method: 'POST' },
      );
      setOpened(o);
      setMessages((list) => list.map((x) => (x.id === m.id ? { ...x, opened: true } : x)));
      // The add-on's contextual trigger fires for every opened message of a mailbox that has it installed.
      if (installed) await runTrigger('message', { trigger: 'message', messageId: m.id });
    });

  const send = () =>
    attempt(async () => {
      if (!draft) return;
      setSending(true);
      try {
        const sent = await api<GmailSent>('/gmail/send', {
          body: {
            from: me,
            to: splitAddresses(draft.to),
            cc: splitAddresses(draft.cc),
            bcc: splitAddresses(draft.bcc),
            subject: draft.subject,
            html: bodyRef.current?.innerHTML ?? draft.body,
          },
        });
        const failed = sent.deliveries.filter((d) => !d.ok);
        toast(
          failed.length
            ? `Message sent. Not delivered to ${failed.map((d) => `${d.address} (${d.response})`).join(', ')}.`
            : 'Message sent',
          failed.length ? 'error' : 'info',
        );
        setDraft(null);
        if (panel?.context === 'compose') setPanel(null);
        await loadFolder();
      } finally {
        setSending(false);
      }
    });

  const current = mailboxes.find((m) => m.address === me);
  return (
    <div class={`gmail${panel ? ' panel-open' : ''}`}>
      <header class="gmail-top">
        <span class="gmail-logo">
          Gmail <span class="muted small">emulated by mailtrail</span>
        </span>
        <label class="gmail-as">
          Mailbox{' '}
          <select aria-label="Mailbox" value={me} onChange={(e) => setMe(e.currentTarget.value)}>
            {mailboxes.map((m) => (
              <option key={m.address} value={m.address}>
                {m.name} &lt;{m.address}&gt;
              </option>
            ))}
          </select>
        </label>
        {installed && (
          <button
            class="addon-icon"
            aria-label="Open mailtrail"
            onClick={() => attempt(() => runTrigger('home', { trigger: 'homepage' }))}
          >
            ✉ mailtrail
          </button>
        )}
        <a class="small" href="/app/feed" target="_blank" rel="noopener">
          mailtrail web app ↗
        </a>
      </header>
      {error && <p class="error">{error}</p>}
      <div class="gmail-body">
        <nav class="gmail-nav">
          <button class="compose-button" onClick={() => setDraft(draft ?? { ...emptyDraft })}>
            ✎ Compose
          </button>
          {(['inbox', 'sent'] as const).map((f) => (
            <button
              key={f}
              class={`folder${folder === f ? ' active' : ''}`}
              onClick={() => (setFolder(f), setOpened(null))}
            >
              {f === 'inbox' ? 'Inbox' : 'Sent'}
            </button>
          ))}
        </nav>
        <main class="gmail-main">
          {opened ? (
            <div class="gmail-message">
              <button class="link" onClick={() => (setOpened(null), setPanel(null))}>
                ← Back to {folder === 'inbox' ? 'Inbox' : 'Sent'}
              </button>
              <h2>{opened.message.subject || '(no subject)'}</h2>
              <div class="muted">
                From {opened.message.from} to {opened.message.to.join(', ')}
                {opened.message.cc.length > 0 && ` cc ${opened.message.cc.join(', ')}`} ·{' '}
                {new Date(opened.message.date).toLocaleString()}
              </div>
              <GmailBody html={opened.html} text={opened.text} />
              {opened.attachments.length > 0 && (
                <ul class="attachments">
                  {opened.attachments.map((a) => (
                    <li key={a.name}>📎 {a.name}</li>
                  ))}
                </ul>
              )}
            </div>
          ) : (
            <table class="gmail-list" aria-label={folder === 'inbox' ? 'Inbox' : 'Sent'}>
              <tbody>
                {messages.length === 0 && (
                  <tr>
                    <td class="muted">No conversations in {folder === 'inbox' ? 'your inbox' : 'Sent'}.</td>
                  </tr>
                )}
                {messages.map((m) => (
                  <tr key={m.id} class={`gmail-row${m.opened ? '' : ' unread'}`} onClick={() => openMessage(m)}>
                    <td class="who">{folder === 'inbox' ? m.from : `To: ${m.to.join(', ')}`}</td>
                    <td class="what">
                      <span class="subject">{m.subject || '(no subject)'}</span>{' '}
                      <span class="muted">— {m.snippet}</span>
                    </td>
                    <td class="when">{new Date(m.date).toLocaleDateString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </main>
        {panel && (
          <Sidebar
            stack={panel.stack}
            inputs={panel.inputs}
            busy={panel.busy}
            error={panel.error}
            onInput={(name, values) => setPanel((p) => (p ? { ...p, inputs: { ...p.inputs, [name]: values } } : p))}
            onAction={(a, changed) => void runAction(a, changed)}
            onBack={() => setPanel((p) => (p ? { ...p, stack: navigateStack(p.stack, [{ popCard: true }]) } : p))}
            onClose={() => setPanel(null)}
            onSettings={() =>
              void runTrigger(panel.context, {
                trigger: 'universal',
                fn: 'onSettings',
                draft: panel.context === 'compose' ? draftMeta() : undefined,
                messageId: panel.context === 'message' ? opened?.message.id : undefined,
              })
            }
          />
        )}
      </div>
      {draft && current && (
        <ComposeWindow
          from={`${current.name} <${current.address}>`}
          draft={draft}
          sending={sending}
          bodyRef={bodyRef}
          onChange={setDraft}
          onSend={send}
          onDiscard={() => {
            setDraft(null);
            if (panel?.context === 'compose') setPanel(null);
            if (query.get('view') === 'cm') navigate('/gmail', { replace: true });
          }}
          onOpenAddon={
            installed
              ? () => attempt(() => runTrigger('compose', { trigger: 'compose', draft: draftMeta() }))
              : undefined
          }
        />
      )}
    </div>
  );
}

/** Like Gmail, links in a received email open in a new tab; nothing in the email can run. */
function GmailBody({ html, text }: { html: string; text: string }) {
  if (!html.trim()) return <pre class="email-text">{text}</pre>;
  return (
    <iframe
      class="email-frame gmail-frame"
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcdoc={`<base target="_blank">${html}`}
      title="Message body"
    />
  );
}

function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return escaped.replace(/\n/g, '<br>');
}
