import { useEffect, useState } from 'preact/hooks';
import type { RecordList, RecordType } from '../../contract/web';
import { api } from '../api';
import { TYPE_LABEL } from '../record-types';
import { linkProps, navigate, useLocation } from '../router';
import { strings } from '../i18n';

export function RecordListPage({ type }: { type: RecordType }) {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [input, setInput] = useState(q);
  const [list, setList] = useState<RecordList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setList(null);
    api<RecordList>(`/records/${type}?q=${encodeURIComponent(q)}`)
      .then(setList)
      .catch((err: Error) => setError(err.message));
  }, [type, q]);

  // Searching as one types, without a request per key stroke.
  useEffect(() => {
    if (input === q) return;
    const t = setTimeout(
      () => navigate(`/${type}${input ? `?q=${encodeURIComponent(input)}` : ''}`, { replace: true }),
      250,
    );
    return () => clearTimeout(t);
  }, [input]);

  const more = async () => {
    if (!list?.next) return;
    const page = await api<RecordList>(
      `/records/${type}?q=${encodeURIComponent(q)}&after=${encodeURIComponent(list.next)}`,
    );
    setList({ results: [...list.results, ...page.results], next: page.next });
  };

  const s = strings();
  return (
    <div>
      <h1>{TYPE_LABEL[type].plural}</h1>
      <input
        class="search"
        type="search"
        placeholder={s.searchRecords(TYPE_LABEL[type].plural)}
        aria-label={s.searchRecords(TYPE_LABEL[type].plural)}
        value={input}
        onInput={(e) => setInput(e.currentTarget.value)}
      />
      {error && <p class="error">{error}</p>}
      {!list && !error && <p class="muted">{s.loading}</p>}
      {list && list.results.length === 0 && <p class="muted">{s.noMatch(TYPE_LABEL[type].plural, q)}</p>}
      {list && (
        <ul class="records">
          {list.results.map((r) => (
            <li key={r.id}>
              <a {...linkProps(`/${type}/${r.id}`)}>{r.name}</a>
              <div class="muted">{r.subtitle}</div>
            </li>
          ))}
        </ul>
      )}
      {list?.next && <button onClick={more}>{s.showMore}</button>}
    </div>
  );
}
