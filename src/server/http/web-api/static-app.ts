import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Serves the built web app (dist/web) under /app/. Paths that are not files get index.html, so that a copied link
 * such as /app/emails/12 opens the page it names. `/` goes to the app.
 */
export async function staticApp(app: FastifyInstance, opts: { webRoot: string }) {
  app.get('/', (_request, reply) => reply.redirect('/app/'));
  if (!existsSync(join(opts.webRoot, 'index.html'))) {
    const notBuilt = (_request: unknown, reply: FastifyReply) =>
      reply
        .code(503)
        .type('text/plain')
        .send(`The web app is not built (no ${opts.webRoot}/index.html). Run \`npm run build\`, then restart.`);
    app.get('/app', notBuilt);
    app.get('/app/*', notBuilt);
    return;
  }
  await app.register(fastifyStatic, {
    root: opts.webRoot,
    prefix: '/app/',
    wildcard: false,
    index: ['index.html'],
    setHeaders: (res, path) => {
      // Vite names assets by content hash: cache them for good; everything else is checked each time.
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (path.endsWith('sw.js')) res.setHeader('service-worker-allowed', '/app/');
    },
  });
  const page = (_request: unknown, reply: { header: (k: string, v: string) => { sendFile: (f: string) => unknown } }) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/app/*', page);
}
