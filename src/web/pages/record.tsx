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
import { strings } from '../i18n';
import type { WebStrings } from '../i18n/en';

/** The properties a record page shows beside its timeline; their names are in the strings (`properties`). */
const SHOWN: Record<RecordType, (keyof WebStrings['properties'])[]> = {
  contacts: ['email', 'jobtitle', 'phone', 'hs_legal_basis'],
  companies: ['domain', 'industry', 'city'],
  deals: ['dealstage', 'amount', 'closedate', 'pipeline'],
  tickets: ['hs_pipeline_stage', 'hs_ticket_priority', 'content', 'hs_pipeline'],
};

export function RecordPage({ type, id }: { type: RecordType; id: string }) {
  const [record, setRecord] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<RecordDetail>(`/records/${type}/${id}`)
      .then(setRecord)
      .catch((err: Error) => setError(err.message));
  }, [type, id]);

  const s = strings();
  if (error) return <p class="error">{error}</p>;
  if (!record) return <p class="muted">{s.loading}</p>;
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
                <dt>{s.owner}</dt>
                <dd>{record.owner}</dd>
              </>
            )}
            {SHOWN[type]
              .filter((key) => record.properties[key])
              .map((key) => (
                <>
                  <dt>{s.properties[key]}</dt>
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
          <h2>{s.emailsTitle}</h2>
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
  const s = strings();
  const remove = () =>
    attempt(async () => {
      setAsking(false);
      await api(`/records/contacts/${record.id}/gdpr-delete`, { method: 'POST' });
      toast(s.deletedForGood(record.name));
      navigate('/contacts', { replace: true });
    });
  return (
    <>
      <button class="danger" onClick={() => setAsking(true)}>
        {s.deletePermanently}
      </button>
      {asking && (
        <ConfirmDialog
          title={s.deleteContactTitle(record.name)}
          confirmLabel={s.deletePermanentlyConfirm}
          onConfirm={remove}
          onCancel={() => setAsking(false)}
        >
          <p>{s.deleteContactWhy}</p>
          <p>{s.deleteContactTracking}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
