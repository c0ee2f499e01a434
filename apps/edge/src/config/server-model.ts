/**
 * @module The model the server expects, checked when an edge starts: embeddings of different models never
 * match, so an edge running another recognizer than the one people were enrolled with would record nobody
 * and say nothing. The server owns the model configuration (MODEL_PACK); an edge without its own follows it.
 */
import { isBuiltinPack } from '@attendance/vision';
import type { ModelConfig } from '@attendance/protocol';
import { EdgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ApiClient } from '../client/api-client.js';
import { ApiError } from '@attendance/api-client';
import type { EdgeConfig } from './edge-config.js';

/** The server's model configuration, or null (with a warning) when it cannot be asked: offline, old server. */
export async function fetchServerModel(client: ApiClient, log: Logger): Promise<ModelConfig | null> {
  try {
    return await client.modelConfig();
  } catch (error) {
    const why =
      error instanceof ApiError && error.status === 404
        ? 'the server does not publish it (older version)'
        : (error as Error).message;
    log('warn', `cannot check which face model the server expects: ${why}`);
    return null;
  }
}

/**
 * The edge's config with the server's pack when the edge names no pack, detector or recognizer of its own
 * (flags, environment or `.env`): one setting on the server then configures every edge.
 */
export function followServerPack(config: EdgeConfig, server: ModelConfig | null, log: Logger): EdgeConfig {
  const ownChoice = config.pack !== null || config.detector !== null || config.recognizer !== null;
  if (ownChoice || server === null || !isBuiltinPack(server.pack)) return config;
  log('info', `model pack ${server.pack} (the server's MODEL_PACK)`);
  return Object.freeze({ ...config, pack: server.pack });
}

/** Throws a `model` error (exit 70) when the loaded recognizer is not the one the server expects. */
export function requireServerModel(modelId: string, server: ModelConfig | null, log: Logger): void {
  if (server === null) return;
  const expected = server.model?.id;
  if (expected === undefined) {
    log('warn', `the server (pack ${server.pack}) cannot tell which recognizer it expects; not checked`);
    return;
  }
  if (expected === modelId) return;
  throw new EdgeError(
    'model',
    `this edge runs the recognizer ${modelId} but the server expects ${expected} (its MODEL_PACK is ` +
      `${server.pack}): faces embedded by one never match faces enrolled with the other. Run this edge ` +
      `with MODEL_PACK=${server.pack} (files: \`attendance models download ${server.pack}\`), or change the ` +
      `server's MODEL_PACK.`,
  );
}
