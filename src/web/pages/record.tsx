import { useEffect, useState } from 'preact/hooks';
import type { RecordDetail, RecordType } from '../../contract/web';
import { api } from '../api';
import { linkProps, navigate } from '../router';
import { useSessionUser } from '../session';
import { ConfirmDialog } from '../components/confirm';
import { Timeline } from '../components/timeline';
import { attempt, toast } from '../components/toasts';
import { TYPE_LABEL } from '../record-types';
import { formatPropertyValue } from '../../contract/property-format';
import { readerFormat } from '../format';

const SHOWN: Record<RecordType, [string, string][]> = {
  contacts: [
    ['email', 'Email'],
    ['jobtitle', 'Job title'],
    ['phone', 'Phone'],
    ['hs_legal_basis', 'Legal basis'],
  ],
  companies: [
    ['domain', 'Domain'],
    ['industry', 'Industry'],
    ['city', 'City'],
  ],
  deals: [
    ['dealstage', 'Stage'],
    ['amount', 'Amount'],
    ['closedate', 'Close date'],
    ['pipeline', 'Pipeline'],
  ],
  tickets: [
    ['hs_pipeline_stage', 'Status'],
    ['hs_ticket_priority', 'Priority'],
    ['content', 'Description'],
    ['hs_pipeline', 'Pipeline'],
  ],
};

export function RecordPage({ type, id }: { type: RecordType; id: string }) {
  const [record, setRecord] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<RecordDetail>(`/records/${type}/${id}`)
      .then(setRecord)
      .catch((err: Error) => setError(err.message));
  }, [type, id]);

  if (error) return <p class="error">{error}</p>;
  if (!record) return <p class="muted">Loading…</p>;
  return (
    <div class="record">
      <header class="record-header">
        <div class="muted">{TYPE_LABEL[type].singular}</div>
        <h1>{record.name}</h1>
        <div class="muted">{record.subtitle}</div>
        {type === 'contacts' && <GdprDelete record={record} />}
      </header>
      <div class="record-body">
        <aside class="record-side">
          <dl>
            {record.owner && (
              <>
                <dt>Owner</dt>
                <dd>{record.owner}</dd>
              </>
            )}
            {SHOWN[type]
              .filter(([key]) => record.properties[key])
              .map(([key, label]) => (
                <>
                  <dt>{label}</dt>
                  <dd>
                    {formatPropertyValue(type, key, record.properties, { ...readerFormat(), options: record.options })}
                  </dd>
                </>
              ))}
          </dl>
          {(['contacts', 'companies', 'deals', 'tickets'] as const)
            .filter((t) => t !== type)
            .map((t) => (
              <section key={t}>
                <h3>
                  {TYPE_LABEL[t].plural} ({record.associated[t].length})
                </h3>
                <ul class="plain">
                  {record.associated[t].map((r) => (
                    <li key={r.id}>
                      <a {...linkProps(`/${t}/${r.id}`)}>{r.name}</a>
                      <div class="muted small">{r.subtitle}</div>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </aside>
        <section class="record-timeline">
          <h2>Emails</h2>
          <Timeline type={type} id={id} />
        </section>
      </div>
    </div>
  );
}

/** HubSpot's permanent delete of a contact (GDPR), for super admins; archiving through the API keeps it restorable. */
function GdprDelete({ record }: { record: RecordDetail }) {
  const me = useSessionUser();
  const [asking, setAsking] = useState(false);
  if (me.role !== 'super_admin') return null;
  const remove = () =>
    attempt(async () => {
      setAsking(false);
      await api(`/records/contacts/${record.id}/gdpr-delete`, { method: 'POST' });
      toast(`${record.name} was deleted for good`);
      navigate('/contacts', { replace: true });
    });
  return (
    <>
      <button class="danger" onClick={() => setAsking(true)}>
        Delete permanently…
      </button>
      {asking && (
        <ConfirmDialog
          title={`Delete ${record.name} permanently?`}
          confirmLabel="Delete permanently"
          onConfirm={remove}
          onCancel={() => setAsking(false)}
        >
          <p>
            For a request to be forgotten (GDPR). The contact and its associations are deleted and cannot be restored.
          </p>
          <p>
            Tracking forgets who they were: their opens and clicks stay in the counts, anonymous, and their tracked
            links and pixels stop recording. Logged emails stay on the companies and deals they are logged to.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
