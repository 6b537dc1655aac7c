import { useEffect, useState } from 'preact/hooks';
import type { TemplateInput, TemplateList, TemplateView } from '../../contract/templates';
import { api } from '../api';
import { ConfirmDialog } from '../components/confirm';
import { attempt, toast } from '../components/toasts';

const EMPTY: TemplateInput = { kind: 'template', name: '', subject: '', body: '', shared: true };
const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** The team's templates and snippets (P2): the library reps insert from the compose sidebar, and how each does. */
export function TemplatesPage() {
  const [list, setList] = useState<TemplateView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The form: a new one (id null) or the one being edited.
  const [editing, setEditing] = useState<{ id: string | null; input: TemplateInput } | null>(null);
  const [deleting, setDeleting] = useState<TemplateView | null>(null);

  const load = () =>
    api<TemplateList>('/templates')
      .then((l) => setList(l.results))
      .catch((err: Error) => setError(err.message));
  useEffect(() => void load(), []);

  const remove = (t: TemplateView) =>
    attempt(async () => {
      await api(`/templates/${t.id}`, { method: 'DELETE' });
      setDeleting(null);
      toast(`"${t.name}" deleted.`);
      await load();
    });

  return (
    <div class="templates">
      <h1>Templates and snippets</h1>
      <p class="muted">
        Reps insert these from the compose sidebar in Gmail: a template sets the subject and inserts its body, a snippet
        inserts its text at the cursor. Merge fields such as <code>{'{{contact.firstname | "there"}}'}</code> are filled
        from the CRM for a single recipient; the text in quotes is used when the value is empty, and for every contact,
        company and deal field when the email has several recipients.
      </p>
      {!editing && (
        <button class="primary" onClick={() => setEditing({ id: null, input: EMPTY })}>
          New template or snippet
        </button>
      )}
      {editing && (
        <TemplateForm
          id={editing.id}
          initial={editing.input}
          onDone={async () => {
            setEditing(null);
            await load();
          }}
        />
      )}
      {error && <p class="error">{error}</p>}
      {list && list.length === 0 && <p class="muted">No templates yet.</p>}
      {list && list.length > 0 && (
        <table class="template-report">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Shared</th>
              <th>Owner</th>
              <th>Last used</th>
              <th title="Emails sent with it">Sent</th>
              <th title="Tracked emails a person opened">Open rate</th>
              <th title="Tracked emails a person clicked">Click rate</th>
              <th title="Opens and clicks by proxies, prefetches and scanners, not counted above">Machines</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id} data-template-id={t.id}>
                <td>{t.name}</td>
                <td>{t.kind === 'template' ? 'Template' : 'Snippet'}</td>
                <td>{t.shared ? 'Account' : 'Personal'}</td>
                <td>{t.owner.name}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td class="sent">{t.report.sent}</td>
                <td class="open-rate" title={`${t.report.opened} of ${t.report.tracked} tracked`}>
                  {percent(t.report.openRate)}
                </td>
                <td class="click-rate" title={`${t.report.clicked} of ${t.report.tracked} tracked`}>
                  {percent(t.report.clickRate)}
                </td>
                <td class="machines">
                  {t.report.machineOpens} opens, {t.report.machineClicks} clicks
                </td>
                <td>
                  {t.editable && (
                    <>
                      <button
                        class="link"
                        onClick={() =>
                          setEditing({
                            id: t.id,
                            input: {
                              kind: t.kind,
                              name: t.name,
                              subject: t.subject ?? '',
                              body: t.body,
                              shared: t.shared,
                            },
                          })
                        }
                      >
                        Edit
                      </button>{' '}
                      <button class="link" onClick={() => setDeleting(t)}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete "${deleting.name}"?`}
          confirmLabel="Delete"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          Reps will no longer find it in the sidebar, and its report goes with it. Emails already sent are kept.
        </ConfirmDialog>
      )}
    </div>
  );
}

function TemplateForm(props: { id: string | null; initial: TemplateInput; onDone: () => void }) {
  const [input, setInput] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof TemplateInput>(key: K, value: TemplateInput[K]) => setInput({ ...input, [key]: value });
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api(props.id ? `/templates/${props.id}` : '/templates', {
        method: props.id ? 'PUT' : 'POST',
        body: input,
      });
      toast(`"${input.name.trim()}" saved.`);
      props.onDone();
    } catch (err) {
      // Said beside the form, which keeps what was typed: nothing was saved.
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form class="card template-form" onSubmit={save}>
      <h2>{props.id ? 'Edit' : 'New'}</h2>
      <label>
        Kind{' '}
        <select
          name="kind"
          value={input.kind}
          onChange={(e) => set('kind', e.currentTarget.value as TemplateInput['kind'])}
        >
          <option value="template">Template: sets the subject and inserts the body</option>
          <option value="snippet">Snippet: inserts text at the cursor</option>
        </select>
      </label>
      <label>
        Name <input name="name" value={input.name} onInput={(e) => set('name', e.currentTarget.value)} />
      </label>
      {input.kind === 'template' && (
        <label>
          Subject <input name="subject" value={input.subject} onInput={(e) => set('subject', e.currentTarget.value)} />
        </label>
      )}
      <label>
        Text
        <textarea name="body" rows={8} value={input.body} onInput={(e) => set('body', e.currentTarget.value)} />
      </label>
      <p class="muted">
        Fields: <code>contact.</code>, <code>company.</code> and <code>deal.</code> followed by any property of those
        records (firstname, lastname, name, dealname, amount…), and <code>sender.firstname</code>,{' '}
        <code>sender.lastname</code>, <code>sender.fullname</code>, <code>sender.email</code>.
      </p>
      <label class="check">
        <input
          type="checkbox"
          name="shared"
          checked={input.shared}
          onChange={(e) => set('shared', e.currentTarget.checked)}
        />{' '}
        Shared with the whole account (otherwise only you see it)
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="primary">
          Save
        </button>{' '}
        <button type="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
