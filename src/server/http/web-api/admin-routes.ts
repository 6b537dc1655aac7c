import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { AccountSettings } from '../../../contract/accounts';
import { isAddress } from '../../../contract/addresses';
import { parseNeverLogList } from '../../../contract/never-log';
import {
  NewAlias,
  NewDomain,
  type AccountDomainView,
  NewApiKey,
  NewUser,
  UserChange,
  type AdminUser,
  type ApiKeyView,
  type CreatedApiKey,
} from '../../../contract/web';
import type { Store } from '../../store';
import type { AccountDomain } from '../../store/account-domains';
import { AddressTakenError } from '../../store/users';
import {
  addUserAddress,
  claimDomain,
  dnsTxtResolver,
  DomainRefused,
  verificationRecord,
  verifyDomain,
} from '../../accounts/domains';
import { conflict, notFound, validationError } from '../../core/api-error';
import { guard } from './session';
import { refusals } from './refusals';

const Id = z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'must be an id'));
const iso = (ms: number) => new Date(ms).toISOString();

const domainView = (d: AccountDomain): AccountDomainView => ({
  domain: d.domain,
  primary: d.primary,
  verified: d.verifiedAt !== null,
  txtRecord: d.primary ? null : verificationRecord(d),
});

/** Runs an alias or domain change, answering its refusals: 409 for what another account owns, 400 otherwise. */
async function refusalsAnswered<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof AddressTakenError) throw conflict(err.message);
    if (err instanceof DomainRefused)
      throw err.reason === 'taken' ? conflict(err.message) : validationError(err.message);
    throw err;
  }
}

/** S1–S4, users with their aliases and connected inboxes, API keys: super admins only. */
export async function adminRoutes(app: FastifyInstance, opts: { store: Store }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.addHook('preHandler', (request) => guard(opts.store, request, true));

  r.get('/admin/settings', async (request) => request.web!.account.settings);

  r.put('/admin/settings', { schema: { body: AccountSettings } }, async (request) => {
    const { rules, errors } = parseNeverLogList(request.body.neverLog);
    if (errors.length) throw validationError(refusals(request).badNeverLog(errors.join('; ')));
    const account = await request.web!.scope.account.updateSettings({
      ...request.body,
      neverLog: rules.map((r) => r.text),
    });
    return account.settings;
  });

  r.get('/admin/users', async (request): Promise<AdminUser[]> => {
    const { scope } = request.web!;
    const users = await scope.users.list();
    return Promise.all(
      users.map(async (u) => ({
        id: String(u.id),
        email: u.email,
        name: u.name,
        role: u.role,
        paidSeat: u.paidSeat,
        aliases: (await scope.users.addresses(u.id)).map((a) => ({ email: a.address, kind: a.kind })),
      })),
    );
  });

  r.post('/admin/users', { schema: { body: NewUser } }, async (request, reply) => {
    if (!isAddress(request.body.email)) throw validationError(refusals(request).notAnAddress(request.body.email));
    try {
      const user = await request.web!.scope.users.add(request.body);
      return reply.code(201).send({ id: String(user.id) });
    } catch (err) {
      if (err instanceof AddressTakenError) throw conflict(err.message);
      throw err;
    }
  });

  r.patch(
    '/admin/users/:id',
    { schema: { params: z.object({ id: Id }), body: UserChange } },
    async (request, reply) => {
      const { scope, user: me } = request.web!;
      if (Number(request.params.id) === me.id && request.body.role === 'user') {
        throw validationError(refusals(request).ownRole);
      }
      const updated = await scope.users.update(Number(request.params.id), request.body);
      if (!updated) throw notFound(refusals(request).noUser(request.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/admin/users/:id/aliases',
    { schema: { params: z.object({ id: Id }), body: NewAlias } },
    async (request, reply) => {
      const { scope } = request.web!;
      if (!isAddress(request.body.email)) throw validationError(refusals(request).notAnAddress(request.body.email));
      if (!(await scope.users.get(Number(request.params.id))))
        throw notFound(refusals(request).noUser(request.params.id));
      await refusalsAnswered(() =>
        addUserAddress(scope, Number(request.params.id), request.body.email, request.body.kind),
      );
      return reply.code(204).send();
    },
  );

  r.get('/admin/domains', async (request): Promise<AccountDomainView[]> =>
    (await request.web!.scope.domains.list()).map(domainView),
  );

  r.post('/admin/domains', { schema: { body: NewDomain } }, async (request) =>
    domainView(await refusalsAnswered(() => claimDomain(request.web!.scope, request.body.domain))),
  );

  r.post(
    '/admin/domains/:domain/verify',
    { schema: { params: z.object({ domain: z.string().check(z.maxLength(253)) }) } },
    async (request): Promise<AccountDomainView> => {
      const resolveTxt = dnsTxtResolver(request.server.mailtrail.config.dnsServers);
      return domainView(
        await refusalsAnswered(() => verifyDomain(request.web!.scope, request.params.domain, resolveTxt)),
      );
    },
  );

  r.delete(
    '/admin/users/:id/aliases/:address',
    { schema: { params: z.object({ id: Id, address: z.string().check(z.maxLength(254)) }) } },
    async (request, reply) => {
      const removed = await request.web!.scope.web.removeAddress(
        Number(request.params.id),
        request.params.address.toLowerCase(),
      );
      if (!removed) throw notFound(refusals(request).noAlias(request.params.address));
      return reply.code(204).send();
    },
  );

  r.get('/admin/apikeys', async (request): Promise<ApiKeyView[]> => {
    const keys = await request.web!.scope.apiKeys.list();
    return keys
      .filter((k) => k.revokedAt === null)
      .map((k) => ({
        id: String(k.id),
        name: k.name,
        prefix: k.prefix,
        createdAt: iso(k.createdAt),
        lastUsedAt: k.lastUsedAt === null ? null : iso(k.lastUsedAt),
      }));
  });

  r.post('/admin/apikeys', { schema: { body: NewApiKey } }, async (request, reply) => {
    const { key, info } = await request.web!.scope.apiKeys.create(request.body.name);
    const created: CreatedApiKey = { id: String(info.id), name: info.name, key };
    return reply.code(201).send(created);
  });

  r.delete('/admin/apikeys/:id', { schema: { params: z.object({ id: Id }) } }, async (request, reply) => {
    const revoked = await request.web!.scope.apiKeys.revoke(Number(request.params.id));
    if (!revoked) throw notFound(refusals(request).noApiKey(request.params.id));
    return reply.code(204).send();
  });
}
