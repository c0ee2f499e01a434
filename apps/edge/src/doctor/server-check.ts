import { ApiClient } from '../client/api-client.js';
import type { EdgeConfig } from '../config/edge-config.js';
import type { CheckResult } from './doctor-check.js';

/** Server reachability (`/health/`) and API key validity (an authenticated read). */
export async function checkServer(config: EdgeConfig): Promise<CheckResult[]> {
  const client = new ApiClient({
    baseUrl: config.serverUrl,
    apiKey: config.apiKey,
    timeoutMs: config.requestTimeoutMs,
  });
  let health: number;
  try {
    health = await client.health();
  } catch (error) {
    return [{ name: 'server', status: 'fail', detail: (error as Error).message, exitCode: 'network' }];
  }
  const reachable: CheckResult =
    health < 500
      ? { name: 'server', status: 'ok', detail: `${config.serverUrl} answers (health ${health})` }
      : {
          name: 'server',
          status: 'fail',
          detail: `${config.serverUrl}/health/ answered ${health}`,
          exitCode: 'network',
        };
  if (config.apiKey === null) {
    return [
      reachable,
      { name: 'api key', status: 'fail', detail: 'no API_KEY configured', exitCode: 'config' },
    ];
  }
  const status = await client
    .probe(`/v1/attendance?limit=1&camera_id=${encodeURIComponent(config.cameraId)}`)
    .catch(() => 0);
  const key: CheckResult =
    status === 200
      ? { name: 'api key', status: 'ok', detail: 'accepted (may read attendance)' }
      : status === 403
        ? { name: 'api key', status: 'ok', detail: 'accepted (edge scope: identify only)' }
        : status === 401
          ? {
              name: 'api key',
              status: 'fail',
              detail: 'rejected by the server (401): wrong or revoked API_KEY',
              exitCode: 'config',
            }
          : {
              name: 'api key',
              status: 'fail',
              detail: `could not be checked (HTTP ${status})`,
              exitCode: 'network',
            };
  return [reachable, key];
}
