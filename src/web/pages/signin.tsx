import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuthConfig } from '../../contract/web';
import { api } from '../api';
import { attempt } from '../components/toasts';
import { useLanguage, strings } from '../i18n';

type GoogleIdentity = {
  accounts: {
    id: {
      initialize(options: { client_id: string; callback: (r: { credential: string }) => void }): void;
      renderButton(el: HTMLElement, options: Record<string, string>): void;
    };
  };
};

export function SignInPage({ config, onSignedIn }: { config: AuthConfig; onSignedIn: () => Promise<void> }) {
  const devSignIn = (userId: string) =>
    attempt(async () => {
      await api('/auth/dev', { body: { userId } });
      await onSignedIn();
    });

  useLanguage();
  const s = strings();
  return (
    <div class="signin">
      <h1>mailtrail</h1>
      <p class="muted">{s.tagline}</p>
      {config.googleClientId && <GoogleButton clientId={config.googleClientId} onSignedIn={onSignedIn} />}
      {config.dev && (
        <section class="card">
          <h2>{s.devSignInTitle}</h2>
          <p class="muted">{s.devSignInHelp}</p>
          {config.devUsers.length === 0 && (
            <p>
              {s.noUsersYet} <code>mailtrail seed --demo</code>.
            </p>
          )}
          <ul class="plain">
            {config.devUsers.map((u) => (
              <li key={u.id}>
                <button class="userpick" onClick={() => devSignIn(u.id)}>
                  {s.signInAs} <b>{u.name || u.email}</b>{' '}
                  <span class="muted">
                    {u.email} · {u.accountName}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!config.dev && !config.googleClientId && (
        <p class="error">
          {s.noSignInMethod} <code>--google-client-id</code> {s.noSignInProduction} <code>--dev</code> {s.noSignInLocal}
        </p>
      )}
    </div>
  );
}

/** Google Identity Services: the button gives an ID token that the server verifies against Google's keys. */
function GoogleButton({ clientId, onSignedIn }: { clientId: string; onSignedIn: () => Promise<void> }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const script = document.createElement('script');
    script.src = 'https://accounts.google.com/gsi/client';
    script.async = true;
    script.onerror = () => setFailed(true);
    script.onload = () => {
      const google = (window as unknown as { google: GoogleIdentity }).google;
      google.accounts.id.initialize({
        client_id: clientId,
        callback: ({ credential }) =>
          void attempt(async () => {
            await api('/auth/google', { body: { credential } });
            await onSignedIn();
          }),
      });
      if (ref.current)
        google.accounts.id.renderButton(ref.current, { theme: 'outline', size: 'large', text: 'signin_with' });
    };
    document.head.appendChild(script);
    return () => script.remove();
  }, [clientId]);
  return failed ? <p class="error">{strings().googleFailed}</p> : <div ref={ref} class="google-button" />;
}
