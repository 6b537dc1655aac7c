import { useEffect, useState } from 'preact/hooks';
import type { EmailFull } from '../../contract/web';
import { api } from '../api';
import { EmailCard } from '../components/email-card';
import { navigate } from '../router';
import { strings } from '../i18n';

/** Where "copy link" points: one logged email, expanded, with everything the timeline offers. */
export function EmailPage({ id }: { id: string }) {
  const [full, setFull] = useState<EmailFull | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api<EmailFull>(`/emails/${id}`)
      .then(setFull)
      .catch((err: Error) => setError(err.message));
  useEffect(() => {
    load();
  }, [id]);
  if (error) return <p class="error">{error}</p>;
  if (!full) return <p class="muted">{strings().loading}</p>;
  return (
    <div>
      <h1>{strings().loggedEmailTitle}</h1>
      <EmailCard email={full.email} record={null} startExpanded onChanged={load} onDeleted={() => navigate('/feed')} />
    </div>
  );
}
