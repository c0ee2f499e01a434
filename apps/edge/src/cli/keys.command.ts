import { API_KEY_SCOPES, type ApiKeyScope } from '@attendance/protocol';
import { ApiClient } from '../client/api-client.js';
import { ApiError, NetworkError, describeError } from '@attendance/api-client';
import { requireApiKey } from '../config/edge-config.js';
import { EdgeError, EXIT_CODES } from '../errors.js';
import { numberFlag, parseCommand, type Command } from './command.js';

const USAGE = `Usage:
  attendance keys create --role edge|viewer|admin [--name NAME] [--expires-days N]
                         prints the new key's secret alone on stdout (shown once, never again):
                         export API_KEY=$(attendance keys create --role edge --name front-door)
  attendance keys list   every key: id, name, scopes, created, last used, revoked (never a secret)
  attendance keys revoke ID

Needs an admin key (API_KEY or --api-key). Roles: edge may identify and report (cameras, kiosks),
viewer may read people and attendance (dashboard), admin may do everything.`;

const OPTIONS = {
  role: { type: 'string' },
  name: { type: 'string' },
  'expires-days': { type: 'string' },
} as const;

const isScope = (value: string): value is ApiKeyScope =>
  (API_KEY_SCOPES as readonly string[]).includes(value);

/** `attendance keys`: create, list and revoke API keys through the server's admin routes. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'create, list and revoke API keys (edge keys for cameras and kiosks, viewer, admin)',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: OPTIONS, usage: USAGE, allowPositionals: true }, context);
    if (parsed === null) return EXIT_CODES.ok;
    const { values, positionals, config } = parsed;
    const [action, ...rest] = positionals;
    const client = new ApiClient({
      baseUrl: config.serverUrl,
      apiKey: requireApiKey(config),
      timeoutMs: config.requestTimeoutMs,
    });
    const out = (line: string) => context.stdout.write(`${line}\n`);
    try {
      switch (action) {
        case 'create': {
          const role = values.role;
          if (role === undefined || !isScope(role)) {
            throw new EdgeError('usage', `--role must be one of ${API_KEY_SCOPES.join(', ')}\n\n${USAGE}`);
          }
          const days =
            values['expires-days'] === undefined
              ? undefined
              : numberFlag(values['expires-days'], 'expires-days', 0);
          const created = await client.createApiKey({
            name: values.name ?? `${role} key`,
            scopes: [role],
            ...(days !== undefined && { expires_at: new Date(Date.now() + days * 86_400_000).toISOString() }),
          });
          context.log(
            'info',
            `created ${role} key "${created.name}" (id ${created.id}${
              created.expires_at ? `, expires ${created.expires_at}` : ''
            }); its secret is printed once, below`,
          );
          out(created.key);
          return EXIT_CODES.ok;
        }
        case 'list': {
          for (const key of (await client.listApiKeys()).items) {
            const state = key.revoked_at
              ? `revoked ${key.revoked_at}`
              : `last used ${key.last_used_at ?? 'never'}`;
            out(`${key.id}  ${key.scopes.join(',').padEnd(6)}  ${key.key_prefix}…  ${key.name}  (${state})`);
          }
          return EXIT_CODES.ok;
        }
        case 'revoke': {
          const id = rest[0];
          if (id === undefined) throw new EdgeError('usage', `name the key id to revoke\n\n${USAGE}`);
          const revoked = await client.revokeApiKey(id);
          out(`revoked ${revoked.id} (${revoked.name})`);
          return EXIT_CODES.ok;
        }
        case undefined:
        default:
          throw new EdgeError('usage', USAGE);
      }
    } catch (error) {
      if (error instanceof NetworkError) throw new EdgeError('network', error.message);
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        throw new EdgeError(
          'config',
          `the server refused the API key (keys need an admin key): ${describeError(error)}`,
        );
      }
      throw error instanceof ApiError ? new EdgeError('failure', describeError(error)) : error;
    }
  },
};
