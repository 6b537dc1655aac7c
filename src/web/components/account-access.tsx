import { useEffect, useState } from 'preact/hooks';
import type { AccountDomainView, ApiKeyView, CreatedApiKey } from '../../contract/web';
import { api } from '../api';
import { day, when } from '../format';
import { strings } from '../i18n';
import { attempt, toast } from './toasts';

// The admin page's account-access sections: API keys and domains.

/** The account's API keys for the CRM API: created (shown once), listed, revoked. */
export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKeyView[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const s = strings();
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
      toast(s.keyRevoked(k.name));
      await load();
    });
  return (
    <section class="card">
      <h2>{s.apiKeysTitle}</h2>
      <p class="muted">{s.apiKeysHelp}</p>
      {created && (
        <div class="notice">
          {s.newKey(created.name)} <code class="secret">{created.key}</code>
          <div>{s.copyNow}</div>
        </div>
      )}
      <ul class="plain">
        {keys.map((k) => (
          <li key={k.id}>
            <b>{k.name}</b> <code>{k.prefix}…</code> <span class="muted">{s.created(day(k.createdAt))}</span>
            {k.lastUsedAt && <span class="muted">{s.lastUsed(when(k.lastUsedAt))}</span>}{' '}
            <button class="link danger" onClick={() => revoke(k)}>
              {s.revoke}
            </button>
          </li>
        ))}
      </ul>
      <form class="inline" onSubmit={create}>
        <input
          required
          placeholder={s.keyPurpose}
          aria-label={s.keyName}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit">{s.createKey}</button>
      </form>
    </section>
  );
}

/** The domains aliases may be in: the account's own, and those proved with a DNS TXT record. */
/** The account's email domains: who is a colleague, and whose copies log to this account. */
export function Domains() {
  const [domains, setDomains] = useState<AccountDomainView[]>([]);
  const [domain, setDomain] = useState('');
  const s = strings();
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
      toast(s.domainVerified(d.domain));
      await load();
    });
  return (
    <section class="card">
      <h2>{s.domainsTitle}</h2>
      <p class="muted">{s.domainsHelp}</p>
      <ul class="plain">
        {domains.map((d) => (
          <li key={d.domain}>
            <b>{d.domain}</b>{' '}
            {d.primary ? (
              <span class="muted">{s.accountsOwn}</span>
            ) : d.verified ? (
              <span class="muted">{s.verified}</span>
            ) : (
              <>
                <span class="muted">{s.publishTxt}</span> <code class="secret">{d.txtRecord}</code>{' '}
                <button class="link" onClick={() => verify(d)}>
                  {s.verify}
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
          aria-label={s.domain}
          value={domain}
          onInput={(e) => setDomain(e.currentTarget.value)}
        />
        <button type="submit">{s.addDomain}</button>
      </form>
    </section>
  );
}
