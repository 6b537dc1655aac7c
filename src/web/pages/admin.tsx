import { useEffect, useState } from 'preact/hooks';
import type { AccountSettings } from '../../contract/accounts';
import type { AdminUser, SessionUser } from '../../contract/web';
import { api } from '../api';
import { ApiKeys, Domains } from '../components/account-access';
import { RoutingAddress } from '../components/logging-addresses';
import { attempt, toast } from '../components/toasts';
import { strings } from '../i18n';

type Assoc = AccountSettings['defaultAssociations'][number];
const ASSOCIATIONS: [Assoc, 'assocContacts' | 'assocCompanies' | 'assocDeals' | 'assocTickets'][] = [
  ['contacts', 'assocContacts'],
  ['companies', 'assocCompanies'],
  ['deals', 'assocDeals'],
  ['tickets', 'assocTickets'],
];

/** S1–S4 for super admins, then the people of the account and the API keys. */
export function AdminPage({ me }: { me: SessionUser }) {
  return (
    <div class="admin">
      <h1>{strings().settingsTitle}</h1>
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
  const s = strings();
  useEffect(() => {
    api<AccountSettings>('/admin/settings')
      .then((s) => {
        setSettings(s);
        setNeverLog(s.neverLog.join('\n'));
      })
      .catch((err: Error) => setError(err.message));
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!settings) return <p class="muted">{s.loading}</p>;

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
        .map((entry) => entry.trim())
        .filter(Boolean);
      const saved = await api<AccountSettings>('/admin/settings', {
        method: 'PUT',
        body: { ...settings, neverLog: entries },
      });
      setSettings(saved);
      setNeverLog(saved.neverLog.join('\n'));
      toast(s.settingsSaved);
    });
  };

  return (
    <form class="card settings" onSubmit={save}>
      <h2>{s.loggingTitle}</h2>
      <label class="check">
        <input
          type="checkbox"
          name="logByDefault"
          checked={settings.logByDefault}
          onChange={(e) => set('logByDefault', e.currentTarget.checked)}
        />{' '}
        {s.logByDefault}
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="enforceLog"
          checked={settings.enforceLog}
          onChange={(e) => set('enforceLog', e.currentTarget.checked)}
        />{' '}
        {s.enforceLog}
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="requireDkim"
          checked={settings.requireDkim}
          onChange={(e) => set('requireDkim', e.currentTarget.checked)}
        />{' '}
        {s.requireDkim}
      </label>
      <fieldset>
        <legend>{s.defaultAssociations}</legend>
        {ASSOCIATIONS.map(([a, label]) => (
          <label key={a} class="check">
            <input
              type="checkbox"
              name={`assoc-${a}`}
              checked={settings.defaultAssociations.includes(a)}
              onChange={() => toggleAssoc(a)}
            />{' '}
            {s[label]}
          </label>
        ))}
        <label class="check">
          <input
            type="checkbox"
            name="enforceAssociations"
            checked={settings.enforceAssociations}
            onChange={(e) => set('enforceAssociations', e.currentTarget.checked)}
          />{' '}
          {s.enforceAssociations}
        </label>
      </fieldset>

      <h2>{s.trackingTitle}</h2>
      <label class="check">
        <input
          type="checkbox"
          name="trackingAllowed"
          checked={settings.trackingAllowed}
          onChange={(e) => set('trackingAllowed', e.currentTarget.checked)}
        />{' '}
        {s.trackingAllowed}
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="trackByDefault"
          disabled={!settings.trackingAllowed}
          checked={settings.trackByDefault}
          onChange={(e) => set('trackByDefault', e.currentTarget.checked)}
        />{' '}
        {s.trackByDefault}
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="enforceTrack"
          disabled={!settings.trackingAllowed}
          checked={settings.enforceTrack}
          onChange={(e) => set('enforceTrack', e.currentTarget.checked)}
        />{' '}
        {s.enforceTrack}
      </label>
      <label>
        {s.clickTracking}{' '}
        <select
          name="clickTracking"
          value={settings.clickTracking}
          onChange={(e) => set('clickTracking', e.currentTarget.value as AccountSettings['clickTracking'])}
        >
          <option value="everyone">{s.everyone}</option>
          <option value="paid_seats">{s.paidSeats}</option>
          <option value="nobody">{s.nobody}</option>
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="privacyMode"
          checked={settings.privacyMode}
          onChange={(e) => set('privacyMode', e.currentTarget.checked)}
        />{' '}
        {s.privacyMode}
      </label>

      <h2>{s.neverLogTitle}</h2>
      <p class="muted">{s.neverLogHelp}</p>
      <textarea
        name="neverLog"
        rows={5}
        value={neverLog}
        onInput={(e) => setNeverLog(e.currentTarget.value)}
        aria-label={s.neverLogList}
      />
      <div>
        <button class="primary" type="submit">
          {s.saveSettings}
        </button>
      </div>
    </form>
  );
}

function Users({ me }: { me: SessionUser }) {
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const s = strings();
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
      toast(s.userAdded(email));
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
      <h2>{s.usersTitle}</h2>
      <table class="users">
        <thead>
          <tr>
            <th>{s.user}</th>
            <th>{s.role}</th>
            <th>{s.paidSeat}</th>
            <th>{s.aliasesColumn}</th>
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
                  aria-label={s.roleOf(u.email)}
                  value={u.role}
                  disabled={u.id === me.id}
                  onChange={(e) => change(u, { role: e.currentTarget.value as AdminUser['role'] })}
                >
                  <option value="user">{s.roleUser}</option>
                  <option value="super_admin">{s.roleSuperAdmin}</option>
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={s.paidSeatFor(u.email)}
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
          placeholder={s.newUserPlaceholder}
          aria-label={s.newUserEmail}
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <input
          placeholder={s.name}
          aria-label={s.newUserName}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit">{s.addUser}</button>
      </form>
    </section>
  );
}

function Aliases({ user, onChanged }: { user: AdminUser; onChanged: () => void }) {
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<'alias' | 'inbox'>('alias');
  const s = strings();
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
            {a.email} <span class="muted">({a.kind === 'alias' ? s.alias : s.connectedInbox})</span>{' '}
            <button class="link" aria-label={s.removeAddress(a.email)} onClick={() => remove(a.email)}>
              {s.remove}
            </button>
          </li>
        ))}
      </ul>
      <form class="inline" onSubmit={add}>
        <input
          type="email"
          required
          placeholder={s.aliasPlaceholder}
          aria-label={s.newAddressFor(user.email)}
          value={address}
          onInput={(e) => setAddress(e.currentTarget.value)}
        />
        <select
          aria-label={s.kindOfAddress}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as 'alias' | 'inbox')}
        >
          <option value="alias">{s.aliasOption}</option>
          <option value="inbox">{s.inboxOption}</option>
        </select>
        <button type="submit">{s.add}</button>
      </form>
    </div>
  );
}
