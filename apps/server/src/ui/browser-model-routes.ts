import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelConfigSchema, type ModelConfig } from '@attendance/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessResolver } from '../access/access-grant.js';
import type { ModelFilesCheck, ModelFilesStatus } from './model-files-check.js';
import { doc } from './route-doc.js';
import type { UiConfig } from './ui-config.js';

/** The wire form of the model status (no server paths beyond the one sentence naming the problem). */
export function toModelConfig(status: ModelFilesStatus): ModelConfig {
  return ModelConfigSchema.parse({
    pack: status.pack,
    model: status.model,
    status: status.status,
    liveness: status.liveness,
    files: status.files,
    problem: status.problem,
    fix: status.fix,
  });
}

/**
 * What the browser pipeline needs: which models to load and whether their files are usable
 * (`/ui/api/config`, with the installation's time zone the pages show times in), and the model files themselves (`/ui/api/models/<name>`), read-only from MODELS_DIR.
 * Only the configured files are served, so no path ever reaches the file system from the URL. Any valid
 * key or session may read them (the kiosk has `edge`). Edges ask `GET /v1/models/config` (edge scope,
 * checked by the auth hook) which recognizer they must run.
 */
export function registerBrowserModelRoutes(
  app: FastifyInstance,
  options: { ui: UiConfig; resolveAccess: AccessResolver; modelFiles: ModelFilesCheck; timeZone: string },
): void {
  const { detector, recognizer, liveness } = options.ui.browserModels;
  // URL name → file inside MODELS_DIR; liveness files live in a sub-directory and are served by base name.
  const served = new Map([detector, recognizer, ...liveness].map((file) => [path.basename(file), file]));
  const url = (file: string) => `/ui/api/models/${path.basename(file)}`;
  const unauthorized = { error: { code: 'unauthorized', message: 'sign in or send an X-API-Key header' } };

  const configDoc = doc('getUiConfig', 'Settings the dashboard and kiosk need');
  app.get('/ui/api/config', configDoc, async (request, reply) => {
    if (!(await options.resolveAccess(request))) return reply.code(401).send(unauthorized);
    return {
      models: { detector: url(detector), recognizer: url(recognizer), liveness: liveness.map(url) },
      model_files: { detector, recognizer, liveness },
      time_zone: options.timeZone,
      ...toModelConfig(await options.modelFiles.status()),
    };
  });

  app.get(
    '/v1/models/config',
    {
      schema: {
        tags: ['models'],
        security: [{ apiKey: [] }],
        summary: 'The model pack and recognizer this server expects, and whether its model files are usable',
        operationId: 'getModelConfig',
      },
    },
    async () => toModelConfig(await options.modelFiles.status()),
  );

  const modelFileDoc = {
    schema: {
      ...doc('getModelFile', "One of the model pack's files, for the browser pipeline").schema,
      params: z.strictObject({ name: z.string().describe('The file name, as /ui/api/config lists it') }),
    },
  };
  app.get<{ Params: { name: string } }>('/ui/api/models/:name', modelFileDoc, async (request, reply) => {
    if (!(await options.resolveAccess(request))) return reply.code(401).send(unauthorized);
    const { name } = request.params;
    const relative = served.get(name);
    if (relative === undefined) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'no such browser model' } });
    }
    const file = path.join(options.ui.modelsDir, relative);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      const status = await options.modelFiles.status();
      return reply.code(503).send({
        error: {
          code: 'service_unavailable',
          message: `model ${name} is missing from MODELS_DIR: ${status.fix ?? 'restart the server'}`,
        },
      });
    }
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', info.size)
      .header('cache-control', 'private, max-age=3600')
      .send(createReadStream(file));
  });
}
