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
import { TemplatesPage } from './pages/templates';
import { GmailPage } from './gmail/gmail-page';
import { LiveFeedProvider } from './components/live-feed';
import { SessionContext } from './session';
import { setEmulatedGmail } from './compose-url';
import { LanguagePicker } from './components/language-picker';
import { language, setLanguage, strings, useLanguage } from './i18n';

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
  const lang = useLanguage();
  const s = strings();

  const load = async () => {
    const config = await api<AuthConfig>('/auth/config');
    try {
      const user = await api<SessionUser>('/session');
      // The user's pick wins over the browser's; a user who never picked one gets the browser's, told to the
      // server so that their notifications and the server's notes speak it too.
      if (user.language) setLanguage(user.language);
      else void api('/session/language', { method: 'PUT', body: { language: language() } }).catch(() => {});
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

  if (session.state === 'loading') return <div class="loading">{s.loading}</div>;
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
      {/* A new language reads everything again: the server says reasons and notes in the language asked. */}
      <LiveFeedProvider key={lang} user={user}>
        <div class="shell">
          <nav class="nav">
            <div class="brand">mailtrail</div>
            <NavLink href="/feed" label={s.navActivity} path={path} />
            <NavLink href="/dashboard" label={s.navDashboard} path={path} />
            <NavLink href="/contacts" label={s.types.contacts.plural} path={path} />
            <NavLink href="/companies" label={s.types.companies.plural} path={path} />
            <NavLink href="/deals" label={s.types.deals.plural} path={path} />
            <NavLink href="/tickets" label={s.types.tickets.plural} path={path} />
            <NavLink href="/templates" label={s.navTemplates} path={path} />
            {user.role === 'super_admin' && <NavLink href="/admin" label={s.navSettings} path={path} />}
            {session.config.dev && (
              <a class="navlink" href="/app/gmail" target="_blank" rel="noopener">
                {s.navGmail}
              </a>
            )}
            <div class="whoami">
              <div>{user.name}</div>
              <div class="muted">{user.email}</div>
              <div class="muted">{user.accountName}</div>
              <button class="link" onClick={signOut}>
                {s.signOut}
              </button>
              <LanguagePicker />
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
  if (path === '/templates') return <TemplatesPage />;
  if (path === '/admin')
    return user.role === 'super_admin' ? <AdminPage me={user} /> : <p>{strings().adminsOnlyPage}</p>;
  for (const type of ['contacts', 'companies', 'deals', 'tickets'] as const) {
    if (path === `/${type}`) return <RecordListPage key={type} type={type} />;
    const m = match(`/${type}/:id`, path);
    if (m) return <RecordPage key={`${type}/${m.id}`} type={type} id={m.id} />;
  }
  const email = match('/emails/:id', path);
  if (email) return <EmailPage key={email.id} id={email.id} />;
  return <p>{strings().noPage}</p>;
}
