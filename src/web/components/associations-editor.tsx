import { useEffect, useState } from 'preact/hooks';
import type { EmailSummary, RecordList, RecordSummary, RecordType } from '../../contract/web';
import { api } from '../api';
import { TYPE_LABEL } from '../record-types';
import { Modal } from './confirm';
import { attempt, toast } from './toasts';
import { strings } from '../i18n';

const TYPES: RecordType[] = ['contacts', 'companies', 'deals', 'tickets'];

/** Tick or untick the records an email is logged on; search to add others. */
export function AssociationsEditor({
  email,
  onClose,
  onSaved,
}: {
  email: EmailSummary;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [chosen, setChosen] = useState<RecordSummary[]>([
    ...email.associations.contacts,
    ...email.associations.companies,
    ...email.associations.deals,
    ...email.associations.tickets,
  ]);
  const [known, setKnown] = useState<RecordSummary[]>(chosen);
  const [type, setType] = useState<RecordType>('contacts');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<RecordSummary[]>([]);
  const s = strings();

  useEffect(() => {
    if (!q.trim()) return setFound([]);
    const t = setTimeout(
      () =>
        attempt(() => api<RecordList>(`/records/${type}?q=${encodeURIComponent(q)}`).then((l) => setFound(l.results))),
      250,
    );
    return () => clearTimeout(t);
  }, [q, type]);

  const key = (r: RecordSummary) => `${r.type}/${r.id}`;
  const isChosen = (r: RecordSummary) => chosen.some((c) => key(c) === key(r));
  const toggle = (r: RecordSummary) => {
    if (!known.some((k) => key(k) === key(r))) setKnown([...known, r]);
    setChosen(isChosen(r) ? chosen.filter((c) => key(c) !== key(r)) : [...chosen, r]);
  };
  const save = () =>
    attempt(async () => {
      const ids = (t: RecordType) => chosen.filter((c) => c.type === t).map((c) => c.id);
      await api(`/emails/${email.id}/associations`, {
        method: 'PUT',
        body: { contacts: ids('contacts'), companies: ids('companies'), deals: ids('deals'), tickets: ids('tickets') },
      });
      toast(s.associationsSaved);
      onSaved();
    });

  return (
    <Modal title={s.associationsTitle(email.subject)} onClose={onClose}>
      {TYPES.map((t) => (
        <fieldset key={t}>
          <legend>{TYPE_LABEL[t].plural}</legend>
          {known.filter((r) => r.type === t).length === 0 && <span class="muted">{s.none}</span>}
          {known
            .filter((r) => r.type === t)
            .map((r) => (
              <label key={key(r)} class="check">
                <input type="checkbox" checked={isChosen(r)} onChange={() => toggle(r)} /> {r.name}{' '}
                <span class="muted">{r.subtitle}</span>
              </label>
            ))}
        </fieldset>
      ))}
      <div class="add-association">
        <select aria-label={s.recordType} value={type} onChange={(e) => setType(e.currentTarget.value as RecordType)}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t].plural}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder={s.searchToAdd}
          aria-label={s.searchToAdd}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <ul class="plain">
          {found
            .filter((r) => !isChosen(r))
            .map((r) => (
              <li key={key(r)}>
                <button class="link" onClick={() => toggle(r)}>
                  + {r.name}
                </button>{' '}
                <span class="muted">{r.subtitle}</span>
              </li>
            ))}
        </ul>
      </div>
      <div class="modal-actions">
        <button onClick={onClose}>{s.cancel}</button>
        <button class="primary" onClick={save}>
          {s.save}
        </button>
      </div>
    </Modal>
  );
}
