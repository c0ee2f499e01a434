import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { OidcAccounts } from '../oidc/oidc-accounts.js';
import { OidcClient } from '../oidc/oidc-client.js';
import type { DatabaseOutageLog } from '../plugins/database-outage-log.js';
import { AccountRepository } from '../repositories/account.repository.js';
import type { ModelFilesCheck } from '../ui/model-files-check.js';
import { SERVER_VERSION } from '../version.js';
import type { Closers } from './closers.js';
import type { Infrastructure } from './infrastructure-phase.js';
import type { ServiceGraph } from './services-phase.js';

/** Phase 4: the HTTP app (API, live relay, dashboard and kiosk), built but not listening. */
export async function httpPhase(deps: {
  config: Config;
  db: Database;
  logger: Logger;
  infrastructure: Infrastructure;
  graph: ServiceGraph;
  outageLog: DatabaseOutageLog;
  modelFiles: ModelFilesCheck;
  closers: Closers;
}): Promise<FastifyInstance> {
  const { config, db, logger, graph } = deps;
  const { services } = graph;
  const app = await buildApp({
    services,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    bulkBodyLimitBytes: config.bulkBodyLimitBytes,
    version: SERVER_VERSION,
    defaultModel: config.defaultModel.id,
    security: config.security,
    metrics: deps.infrastructure.metrics,
    databaseOutageLog: deps.outageLog,
    live: {
      hub: deps.infrastructure.liveHub,
      limits: config.live,
      ui: config.ui,
      verifyApiKey: (key) => services.apiKeys.authenticate(key),
      sessions: graph.sessions,
      accounts: services.accounts,
      modelFiles: deps.modelFiles,
      timeZone: config.attendanceTimeZone,
      oidc: config.oidc && {
        client: new OidcClient(config.oidc),
        accounts: new OidcAccounts({ db, accounts: new AccountRepository(), audit: graph.auditLog, logger }),
        roles: config.oidc.roles,
        redirectUrl: config.oidc.redirectUrl,
      },
    },
  });
  deps.closers.add(() => app.close());
  return app;
}
