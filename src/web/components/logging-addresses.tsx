import { useEffect, useState } from 'preact/hooks';
import type { LoggingAddresses } from '../../contract/web';
import { api } from '../api';
import { attempt, toast } from './toasts';
import { strings } from '../i18n';

function useLoggingAddresses() {
  const [addresses, setAddresses] = useState<LoggingAddresses | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<LoggingAddresses>('/logging-addresses')
      .then(setAddresses)
      .catch((err: Error) => setError(err.message));
  }, []);
  const rotate = (which: 'personal' | 'routing', warning: string) => async () => {
    if (!confirm(warning)) return;
    const fresh = await attempt(() => api<LoggingAddresses>(`/logging-addresses/${which}/rotate`, { method: 'POST' }));
    if (fresh) {
      setAddresses(fresh);
      toast(strings().replaced);
    }
  };
  return { addresses, error, rotate };
}

/** L11: the user's personal address, to Bcc from any mail client; theirs alone, so shown to them only. */
export function PersonalAddress() {
  const { addresses, error, rotate } = useLoggingAddresses();
  if (error) return <p class="error">{error}</p>;
  if (!addresses) return null;
  const s = strings();
  return (
    <section class="card logging-address" data-testid="personal-address">
      <h2>{s.personalTitle}</h2>
      <p>
        <code>{addresses.bccAddress}</code>
      </p>
      <p class="muted">{s.personalHelp}</p>
      <button type="button" onClick={rotate('personal', s.replacePersonal)}>
        {s.replaceIt}
      </button>
    </section>
  );
}

/** L11: the account's routing address, for the Workspace routing rule (docs/deploy.md); super admins only. */
export function RoutingAddress() {
  const { addresses, error, rotate } = useLoggingAddresses();
  if (error) return <p class="error">{error}</p>;
  if (!addresses?.routingAddress) return null;
  const s = strings();
  return (
    <section class="card logging-address" data-testid="routing-address">
      <h2>{s.routingTitle}</h2>
      <p>
        <code>{addresses.routingAddress}</code>
      </p>
      <p class="muted">{s.routingHelp}</p>
      <button type="button" onClick={rotate('routing', s.replaceRouting)}>
        {s.replaceIt}
      </button>
    </section>
  );
}
