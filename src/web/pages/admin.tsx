import { useEffect, useState } from 'preact/hooks';
import type { AccountSettings } from '../../contract/accounts';
import type { AccountDomainView, AdminUser, ApiKeyView, CreatedApiKey, SessionUser } from '../../contract/web';
import { api } from '../api';
import { RoutingAddress } from '../components/logging-addresses';
import { attempt, toast } from '../components/toasts';

type Assoc = AccountSettings['defaultAssociations'][number];
const ASSOCIATIONS: [Assoc, string][] = [
  ['contacts', "Recipients' contacts"],
  ['companies', 'Their companies'],
  ['deals', 'Their open deals'],
  ['tickets', 'Their open tickets'],
];

/** S1–S4 for super admins, then the people of the account and the API keys. */
export function AdminPage({ me }: { me: SessionUser }) {
  return (
    <div class="admin">
      <h1>Account settings</h1>
      <SettingsForm />
      <RoutingAddress />
      <Users me={me} />
      <Domains />
      <ApiKeys />
    </div>
  );
}

function SettingsForm() {
  const [settings, setSettings] = useState<AccountSettings | null>(null);
  const [neverLog, setNeverLog] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<AccountSettings>('/admin/settings')
      .then((s) => {
        setSettings(s);
        setNeverLog(s.neverLog.join('\n'));
      })
      .catch((err: Error) => setError(err.message));
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!settings) return <p class="muted">Loading…</p>;

  const set = <K extends keyof AccountSettings>(key: K, value: AccountSettings[K]) =>
    setSettings({ ...settings, [key]: value });
  const toggleAssoc = (a: Assoc) =>
    set(
      'defaultAssociations',
      settings.defaultAssociations.includes(a)
        ? settings.defaultAssociations.filter((x) => x !== a)
        : [...settings.defaultAssociations, a],
    );
  const save = (e: Event) => {
    e.preventDefault();
    attempt(async () => {
      const entries = neverLog
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean);
      const saved = await api<AccountSettings>('/admin/settings', {
        method: 'PUT',
        body: { ...settings, neverLog: entries },
      });
      setSettings(saved);
      setNeverLog(saved.neverLog.join('\n'));
      toast('Settings saved. The sidebar applies them the next time it opens.');
    });
  };

  return (
    <form class="card settings" onSubmit={save}>
      <h2>Logging</h2>
      <label class="check">
        <input
          type="checkbox"
          name="logByDefault"
          checked={settings.logByDefault}
          onChange={(e) => set('logByDefault', e.currentTarget.checked)}
        />{' '}
        Log every email by default
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="enforceLog"
          checked={settings.enforceLog}
          onChange={(e) => set('enforceLog', e.currentTarget.checked)}
        />{' '}
        Enforce for all users (S1): users cannot change it in the sidebar
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="requireDkim"
          checked={settings.requireDkim}
          onChange={(e) => set('requireDkim', e.currentTarget.checked)}
        />{' '}
        Require a DKIM signature of the account's domain on every copy sent from it (forged copies are not logged)
      </label>
      <fieldset>
        <legend>Default associations: an email is logged to</legend>
        {ASSOCIATIONS.map(([a, label]) => (
          <label key={a} class="check">
            <input
              type="checkbox"
              name={`assoc-${a}`}
              checked={settings.defaultAssociations.includes(a)}
              onChange={() => toggleAssoc(a)}
            />{' '}
            {label}
          </label>
        ))}
        <label class="check">
          <input
            type="checkbox"
            name="enforceAssociations"
            checked={settings.enforceAssociations}
            onChange={(e) => set('enforceAssociations', e.currentTarget.checked)}
          />{' '}
          Enforce for all users (S2)
        </label>
      </fieldset>

      <h2>Tracking</h2>
      <label class="check">
        <input
          type="checkbox"
          name="trackingAllowed"
          checked={settings.trackingAllowed}
          onChange={(e) => set('trackingAllowed', e.currentTarget.checked)}
        />{' '}
        Allow all users to track emails and see opens and clicks
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="trackByDefault"
          disabled={!settings.trackingAllowed}
          checked={settings.trackByDefault}
          onChange={(e) => set('trackByDefault', e.currentTarget.checked)}
        />{' '}
        Track every email by default
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="enforceTrack"
          disabled={!settings.trackingAllowed}
          checked={settings.enforceTrack}
          onChange={(e) => set('enforceTrack', e.currentTarget.checked)}
        />{' '}
        Enforce for all users (S3)
      </label>
      <label>
        Who may track link clicks{' '}
        <select
          name="clickTracking"
          value={settings.clickTracking}
          onChange={(e) => set('clickTracking', e.currentTarget.value as AccountSettings['clickTracking'])}
        >
          <option value="everyone">Everyone</option>
          <option value="paid_seats">Users with a paid seat</option>
          <option value="nobody">Nobody</option>
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="privacyMode"
          checked={settings.privacyMode}
          onChange={(e) => set('privacyMode', e.currentTarget.checked)}
        />{' '}
        Data privacy: track opens only for contacts with a legal basis for processing
      </label>

      <h2>Never log</h2>
      <p class="muted">
        One per line: an address (ada@example.com), a domain (@example.com) or a domain and its subdomains
        (*.example.com). These are never logged and never made contacts.
      </p>
      <textarea
        name="neverLog"
        rows={5}
        value={neverLog}
        onInput={(e) => setNeverLog(e.currentTarget.value)}
        aria-label="Never-log list"
      />
      <div>
        <button class="primary" type="submit">
          Save settings
        </button>
      </div>
    </form>
  );
}

function Users({ me }: { me: SessionUser }) {
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const load = () => attempt(() => api<AdminUser[]>('/admin/users').then(setUsers));
  useEffect(() => {
    load();
  }, []);
  const add = (e: Event) => {
    e.preventDefault();
    attempt(async () => {
      await api('/admin/users', { body: { email, name: name || undefined, role: 'user' } });
      setEmail('');
      setName('');
      toast(`${email} added`);
      await load();
    });
  };
  const change = (u: AdminUser, body: { role?: AdminUser['role']; paidSeat?: boolean }) =>
    attempt(async () => {
      await api(`/admin/users/${u.id}`, { method: 'PATCH', body });
      await load();
    });
  return (
    <section class="card">
      <h2>Users and their addresses</h2>
      <table class="users">
        <thead>
          <tr>
            <th>User</th>
            <th>Role</th>
            <th>Paid seat</th>
            <th>Aliases and connected inboxes</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name}
                <div class="muted">{u.email}</div>
              </td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={u.id === me.id}
                  onChange={(e) => change(u, { role: e.currentTarget.value as AdminUser['role'] })}
                >
                  <option value="user">User</option>
                  <option value="super_admin">Super admin</option>
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Paid seat for ${u.email}`}
                  checked={u.paidSeat}
                  onChange={(e) => change(u, { paidSeat: e.currentTarget.checked })}
                />
              </td>
              <td>
                <Aliases user={u} onChanged={load} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline" onSubmit={add}>
        <input
          type="email"
          required
          placeholder="new.user@yourcompany.com"
          aria-label="New user's email"
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <input
          placeholder="Name"
          aria-label="New user's name"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit">Add user</button>
      </form>
    </section>
  );
}

function Aliases({ user, onChanged }: { user: AdminUser; onChanged: () => void }) {
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<'alias' | 'inbox'>('alias');
  const add = (e: Event) => {
    e.preventDefault();
    attempt(async () => {
      await api(`/admin/users/${user.id}/aliases`, { body: { email: address, kind } });
      setAddress('');
      onChanged();
    });
  };
  const remove = (a: string) =>
    attempt(async () => {
      await api(`/admin/users/${user.id}/aliases/${encodeURIComponent(a)}`, { method: 'DELETE' });
      onChanged();
    });
  return (
    <div>
      <ul class="plain">
        {user.aliases.map((a) => (
          <li key={a.email}>
            {a.email} <span class="muted">({a.kind === 'alias' ? 'alias' : 'connected inbox'})</span>{' '}
            <button class="link" aria-label={`Remove ${a.email}`} onClick={() => remove(a.email)}>
              remove
            </button>
          </li>
        ))}
      </ul>
      <form class="inline" onSubmit={add}>
        <input
          type="email"
          required
          placeholder="alias@yourcompany.com"
          aria-label={`New address for ${user.email}`}
          value={address}
          onInput={(e) => setAddress(e.currentTarget.value)}
        />
        <select
          aria-label="Kind of address"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as 'alias' | 'inbox')}
        >
          <option value="alias">Alias</option>
          <option value="inbox">Connected inbox</option>
        </select>
        <button type="submit">Add</button>
      </form>
    </div>
  );
}

function ApiKeys() {
  const [keys, setKeys] = useState<ApiKeyView[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const load = () => attempt(() => api<ApiKeyView[]>('/admin/apikeys').then(setKeys));
  useEffect(() => {
    load();
  }, []);
  const create = (e: Event) => {
    e.preventDefault();
    attempt(async () => {
      setCreated(await api<CreatedApiKey>('/admin/apikeys', { body: { name } }));
      setName('');
      await load();
    });
  };
  const revoke = (k: ApiKeyView) =>
    attempt(async () => {
      await api(`/admin/apikeys/${k.id}`, { method: 'DELETE' });
      toast(`Key “${k.name}” revoked`);
      await load();
    });
  return (
    <section class="card">
      <h2>API keys</h2>
      <p class="muted">For HubSpot-compatible clients of the CRM API (Authorization: Bearer …).</p>
      {created && (
        <div class="notice">
          New key “{created.name}”: <code class="secret">{created.key}</code>
          <div>Copy it now: it is not shown again.</div>
        </div>
      )}
      <ul class="plain">
        {keys.map((k) => (
          <li key={k.id}>
            <b>{k.name}</b> <code>{k.prefix}…</code>{' '}
            <span class="muted">created {new Date(k.createdAt).toLocaleDateString()}</span>
            {k.lastUsedAt && <span class="muted">, last used {new Date(k.lastUsedAt).toLocaleString()}</span>}{' '}
            <button class="link danger" onClick={() => revoke(k)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <form class="inline" onSubmit={create}>
        <input
          required
          placeholder="What the key is for"
          aria-label="API key name"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit">Create key</button>
      </form>
    </section>
  );
}

/** The domains aliases may be in: the account's own, and those proved with a DNS TXT record. */
function Domains() {
  const [domains, setDomains] = useState<AccountDomainView[]>([]);
  const [domain, setDomain] = useState('');
  const load = () => attempt(() => api<AccountDomainView[]>('/admin/domains').then(setDomains));
  useEffect(() => {
    load();
  }, []);
  const claim = (e: Event) => {
    e.preventDefault();
    attempt(async () => {
      await api('/admin/domains', { body: { domain } });
      setDomain('');
      await load();
    });
  };
  const verify = (d: AccountDomainView) =>
    attempt(async () => {
      await api(`/admin/domains/${encodeURIComponent(d.domain)}/verify`, { body: {} });
      toast(`${d.domain} verified`);
      await load();
    });
  return (
    <section class="card">
      <h2>Domains</h2>
      <p class="muted">Aliases can only be in these. Prove another domain is yours with a DNS TXT record.</p>
      <ul class="plain">
        {domains.map((d) => (
          <li key={d.domain}>
            <b>{d.domain}</b>{' '}
            {d.primary ? (
              <span class="muted">the account's own</span>
            ) : d.verified ? (
              <span class="muted">verified</span>
            ) : (
              <>
                <span class="muted">publish a TXT record</span> <code class="secret">{d.txtRecord}</code>{' '}
                <button class="link" onClick={() => verify(d)}>
                  Verify
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form class="inline" onSubmit={claim}>
        <input
          required
          placeholder="example.com"
          aria-label="Domain"
          value={domain}
          onInput={(e) => setDomain(e.currentTarget.value)}
        />
        <button type="submit">Add domain</button>
      </form>
    </section>
  );
}
