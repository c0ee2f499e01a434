import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { doc } from './route-doc.js';

/**
 * The built dashboard (apps/web/dist) under `/ui/`, the kiosk at `/ui/kiosk/`; `/ui` and `/kiosk` redirect.
 * Without a build, the pages answer 503 with the command that makes one.
 */
export async function registerStaticRoutes(app: FastifyInstance, webDistDir: string): Promise<void> {
  const toDashboard = doc('redirectDashboard', 'Redirect to the dashboard (/ui/)');
  const toKiosk = doc('redirectKiosk', 'Redirect to the kiosk (/ui/kiosk/)');
  app.get('/ui', toDashboard, (_request, reply) => reply.redirect('/ui/'));
  app.get('/kiosk', toKiosk, (_request, reply) => reply.redirect('/ui/kiosk/'));
  if (!existsSync(path.join(webDistDir, 'index.html'))) {
    const notBuilt = {
      schema: {
        summary: 'Dashboard page (503 until the web app is built)',
        operationId: 'dashboardNotBuilt',
        params: z.object({ '*': z.string().describe('The page or asset under /ui/') }),
      },
    };
    app.get('/ui/*', notBuilt, (_request, reply) =>
      reply.code(503).send({
        error: { code: 'service_unavailable', message: 'dashboard not built: run `npm run build:web`' },
      }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: webDistDir,
    prefix: '/ui/',
    decorateReply: false,
    index: ['index.html'],
    // Hashed asset names change with every build; the HTML must always be revalidated.
    setHeaders: (response, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      void response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
