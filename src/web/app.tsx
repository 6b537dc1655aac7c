import { useEffect, useState } from 'preact/hooks';
import type { AuthConfig, SessionUser } from '../contract/web';
import { api, ApiError, onSignedOut } from './api';
import { linkProps, match, navigate, useLocation } from './router';
import { Toasts } from './components/toasts';
import { SignInPage } from './pages/signin';
import { RecordListPage } from './pages/record-list';
import { RecordPage } from './pages/record';
import { EmailPage } from './pages/email';
import { FeedPage } from './pages/feed';
import { DashboardPage } from './pages/dashboard';
import { AdminPage } from './pages/admin';
import { GmailPage } from './gmail/gmail-page';
import { LiveFeedProvider } from './components/live-feed';
import { SessionContext } from './session';
import { setEmulatedGmail } from './compose-url';

type Session =
  | { state: 'loading' }
  | { state: 'unreachable'; message: string }
  | { state: 'out'; config: AuthConfig }
  | { state: 'in'; user: SessionUser; config: AuthConfig };

export function App() {
  const { path } = useLocation();
  // The emulated Gmail stands on its own: it plays Google's app, not mailtrail's.
  if (path === '/gmail' || path.startsWith('/gmail/'))
    return (
      <>
        <GmailPage />
        <Toasts />
      </>
    );
  return <CrmApp />;
}

function CrmApp() {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const { path } = useLocation();

  const load = async () => {
    const config = await api<AuthConfig>('/auth/config');
    try {
      const user = await api<SessionUser>('/session');
      setSession({ state: 'in', user, config });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setSession({ state: 'out', config });
      else throw err;
    }
  };
  useEffect(() => {
    load().catch((err: Error) => setSession({ state: 'unreachable', message: err.message }));
    return onSignedOut(() => setSession((s) => (s.state === 'in' ? { state: 'out', config: s.config } : s)));
  }, []);

  if (session.state === 'loading') return <div class="loading">Loading…</div>;
  if (session.state === 'unreachable') return <div class="error-page">{session.message}</div>;
  if (session.state === 'out')
    return (
      <>
        <SignInPage config={session.config} onSignedIn={load} />
        <Toasts />
      </>
    );

  const { user } = session;
  setEmulatedGmail(session.config.dev);
  const signOut = async () => {
    await api('/auth/logout', { method: 'POST' });
    setSession({ state: 'out', config: session.config });
    navigate('/', { replace: true });
  };

  return (
    <SessionContext.Provider value={user}>
      <LiveFeedProvider user={user}>
        <div class="shell">
          <nav class="nav">
            <div class="brand">mailtrail</div>
            <NavLink href="/feed" label="Activity" path={path} />
            <NavLink href="/dashboard" label="Dashboard" path={path} />
            <NavLink href="/contacts" label="Contacts" path={path} />
            <NavLink href="/companies" label="Companies" path={path} />
            <NavLink href="/deals" label="Deals" path={path} />
            <NavLink href="/tickets" label="Tickets" path={path} />
            {user.role === 'super_admin' && <NavLink href="/admin" label="Settings" path={path} />}
            {session.config.dev && (
              <a class="navlink" href="/app/gmail" target="_blank" rel="noopener">
                Gmail (emulated) ↗
              </a>
            )}
            <div class="whoami">
              <div>{user.name}</div>
              <div class="muted">{user.email}</div>
              <div class="muted">{user.accountName}</div>
              <button class="link" onClick={signOut}>
                Sign out
              </button>
            </div>
          </nav>
          <main class="main">
            <Route path={path} user={user} />
          </main>
        </div>
        <Toasts />
      </LiveFeedProvider>
    </SessionContext.Provider>
  );
}

function NavLink({ href, label, path }: { href: string; label: string; path: string }) {
  const active = path === href || path.startsWith(`${href}/`);
  return (
    <a class={`navlink${active ? ' active' : ''}`} {...linkProps(href)}>
      {label}
    </a>
  );
}

function Route({ path, user }: { path: string; user: SessionUser }) {
  if (path === '/' || path === '/signin') {
    navigate('/feed', { replace: true });
    return null;
  }
  if (path === '/feed') return <FeedPage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/admin')
    return user.role === 'super_admin' ? (
      <AdminPage me={user} />
    ) : (
      <p>Only super admins can change the account settings.</p>
    );
  for (const type of ['contacts', 'companies', 'deals', 'tickets'] as const) {
    if (path === `/${type}`) return <RecordListPage key={type} type={type} />;
    const m = match(`/${type}/:id`, path);
    if (m) return <RecordPage key={`${type}/${m.id}`} type={type} id={m.id} />;
  }
  const email = match('/emails/:id', path);
  if (email) return <EmailPage key={email.id} id={email.id} />;
  return <p>There is no page at this address.</p>;
}
