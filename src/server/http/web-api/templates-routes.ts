import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { MAX_BODY_BYTES, TemplateInput, type TemplateList, type TemplateView } from '../../../contract/templates';
import type { AccountScope, Store } from '../../store';
import type { Template, TemplateStats } from '../../store/templates';
import type { User } from '../../store/users';
import { checkedTemplate, editableTemplate, mayEdit } from '../../templates/library';
import { guard } from './session';

const Id = z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'must be a template id'));
/** The web app lists a library this size at most; a team's library is a few dozen. */
const LIST_LIMIT = 500;
/**
 * A body up to Gmail's 25 MB must reach the check that names the limit, so these routes take more than the
 * group's 1 MiB; twice the limit leaves room for JSON's escapes.
 */
const SAVE_BODY_LIMIT = 2 * MAX_BODY_BYTES + 1024 * 1024;

const iso = (ms: number) => new Date(ms).toISOString();
const rate = (part: number, whole: number) => (whole ? part / whole : null);

function view(t: Template, stats: TemplateStats, owner: User | undefined, viewer: User): TemplateView {
  return {
    id: String(t.id),
    kind: t.kind,
    name: t.name,
    subject: t.subject,
    body: t.body,
    shared: t.shared,
    owner: { id: String(t.ownerId), name: owner ? owner.name || owner.email : 'a former user' },
    editable: mayEdit(viewer, t),
    updatedAt: iso(t.updatedAt),
    lastUsedAt: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
    report: {
      ...stats,
      openRate: rate(stats.opened, stats.tracked),
      clickRate: rate(stats.clicked, stats.tracked),
    },
  };
}

/** The templates and snippets library (P2): the user's own and the account's shared ones, with their report. */
export async function templatesRoutes(app: FastifyInstance, opts: { store: Store }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.addHook('preHandler', (request) => guard(opts.store, request, false));

  const answer = async (scope: AccountScope, viewer: User, t: Template) => {
    const [stats, owners] = await Promise.all([scope.templates.stats([t.id]), scope.users.getMany([t.ownerId])]);
    return view(t, stats.get(t.id)!, owners[0], viewer);
  };

  r.get('/templates', async (request): Promise<TemplateList> => {
    const { scope, user } = request.web!;
    const templates = await scope.templates.visibleTo(user.id, LIST_LIMIT);
    const ids = templates.map((t) => t.id);
    const [stats, owners] = await Promise.all([
      scope.templates.stats(ids),
      scope.users.getMany([...new Set(templates.map((t) => t.ownerId))]),
    ]);
    const ownerById = new Map(owners.map((o) => [o.id, o]));
    const results = templates.map((t) => view(t, stats.get(t.id)!, ownerById.get(t.ownerId), user));
    results.sort((a, b) => a.name.localeCompare(b.name));
    return { results };
  });

  r.post('/templates', { bodyLimit: SAVE_BODY_LIMIT, schema: { body: TemplateInput } }, async (request, reply) => {
    const { scope, user } = request.web!;
    const fields = await checkedTemplate(scope, request.body);
    const created = await scope.templates.create(user.id, fields);
    return reply.code(201).send(await answer(scope, user, created));
  });

  r.put(
    '/templates/:id',
    { bodyLimit: SAVE_BODY_LIMIT, schema: { params: z.object({ id: Id }), body: TemplateInput } },
    async (request) => {
      const { scope, user } = request.web!;
      const existing = await editableTemplate(scope, user, request.params.id);
      const fields = await checkedTemplate(scope, request.body);
      const updated = (await scope.templates.update(existing.id, fields))!;
      return answer(scope, user, updated);
    },
  );

  r.delete('/templates/:id', { schema: { params: z.object({ id: Id }) } }, async (request, reply) => {
    const { scope, user } = request.web!;
    const existing = await editableTemplate(scope, user, request.params.id);
    await scope.templates.remove(existing.id);
    return reply.code(204).send();
  });
}
