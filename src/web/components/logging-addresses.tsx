import { useEffect, useState } from 'preact/hooks';
import type { LoggingAddresses } from '../../contract/web';
import { api } from '../api';
import { attempt, toast } from './toasts';

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
      toast('Replaced. The old address now refuses copies, saying it was replaced.');
    }
  };
  return { addresses, error, rotate };
}

/** L11: the user's personal address, to Bcc from any mail client; theirs alone, so shown to them only. */
export function PersonalAddress() {
  const { addresses, error, rotate } = useLoggingAddresses();
  if (error) return <p class="error">{error}</p>;
  if (!addresses) return null;
  return (
    <section class="card logging-address" data-testid="personal-address">
      <h2>Your personal logging address</h2>
      <p>
        <code>{addresses.bccAddress}</code>
      </p>
      <p class="muted">
        Put it in Bcc from any mail client to log an email without Apply: it is logged to its recipients' records with
        the account's defaults, and not tracked. Whoever has it can log email as you: keep it to yourself.
      </p>
      <button
        type="button"
        onClick={rotate('personal', 'Replace your personal address? The old one will refuse every copy from now on.')}
      >
        Replace it
      </button>
    </section>
  );
}

/** L11: the account's routing address, for the Workspace routing rule (docs/deploy.md); super admins only. */
export function RoutingAddress() {
  const { addresses, error, rotate } = useLoggingAddresses();
  if (error) return <p class="error">{error}</p>;
  if (!addresses?.routingAddress) return null;
  return (
    <section class="card logging-address" data-testid="routing-address">
      <h2>Routing address</h2>
      <p>
        <code>{addresses.routingAddress}</code>
      </p>
      <p class="muted">
        In the Google Admin console, Apps › Google Workspace › Gmail › Routing, add a rule for outbound messages that
        adds this address as a recipient: every email your users send is then logged when their Log default is on.
      </p>
      <button
        type="button"
        onClick={rotate(
          'routing',
          'Replace the routing address? The old one will refuse every copy: update the routing rule right away.',
        )}
      >
        Replace it
      </button>
    </section>
  );
}
