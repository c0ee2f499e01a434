import {
  ApiKeyCreatedSchema,
  ApiKeyListSchema,
  ApiKeySchema,
  AttendanceDaysSchema,
  AttendanceListSchema,
  AttendanceReportSchema,
  GroupListSchema,
  ErrorBodySchema,
  IdentifyResponseSchema,
  ModelConfigSchema,
  PersonListSchema,
  PersonSchema,
  SpoofEventCreatedSchema,
  TemplatesAddedSchema,
  type ApiKeyCreate,
  type ApiKeyCreated,
  type AttendanceQuery,
  type IdentifyRequest,
  type IdentifyResponse,
  type Person,
  type PersonCreate,
  type SpoofEventCreated,
  type SpoofEventInput,
  type TemplatesInput,
} from '@attendance/protocol';
import type { z } from 'zod';
import { ApiError, NetworkError } from './api-errors.js';

export interface ApiClientOptions {
  /** `http://host:port`, no trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string | null;
  readonly timeoutMs: number;
}

type DaysFilter = Partial<Record<'from' | 'to' | 'group_id' | 'person_id', string>> & {
  limit: number;
  offset: number;
};
type ReportFilter = {
  from: string;
  to: string;
  group_id?: string | undefined;
  limit: number;
  offset: number;
};

type AttendanceFilter = Partial<Omit<AttendanceQuery, 'limit' | 'offset'>> & {
  limit?: number;
  offset?: number;
};

/**
 * Typed HTTP client for the server's `/v1` API. Every response is validated with the protocol schema;
 * failures become {@link ApiError} (server said no) or {@link NetworkError} (never got an answer).
 */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** `POST /v1/identify`: one frame's faces → one result per face. */
  identify(request: IdentifyRequest): Promise<IdentifyResponse> {
    return this.request('POST', '/v1/identify', IdentifyResponseSchema, request);
  }

  /** `POST /v1/spoof-events`: a spoof attempt (camera, time, score, reason; never an image). */
  reportSpoof(report: SpoofEventInput): Promise<SpoofEventCreated> {
    return this.request('POST', '/v1/spoof-events', SpoofEventCreatedSchema, report);
  }

  /** `POST /v1/people`, optionally with templates enrolled atomically. */
  createPerson(body: PersonCreate): Promise<Person> {
    return this.request('POST', '/v1/people', PersonSchema, body);
  }

  /** `GET /v1/people/:id`. */
  getPerson(id: string): Promise<Person> {
    return this.request('GET', `/v1/people/${encodeURIComponent(id)}`, PersonSchema);
  }

  /** `POST /v1/people/:id/templates`: more faces for an enrolled person (duplicate-face check included). */
  addTemplates(personId: string, body: TemplatesInput) {
    return this.request(
      'POST',
      `/v1/people/${encodeURIComponent(personId)}/templates`,
      TemplatesAddedSchema,
      body,
    );
  }

  /** `GET /v1/people` (search by name or external id; `without_model`: people with no template of that model). */
  listPeople(query: {
    q?: string;
    active?: 'true' | 'false';
    without_model?: string;
    limit?: number;
    offset?: number;
  }) {
    return this.request('GET', `/v1/people${toQuery(query)}`, PersonListSchema);
  }

  /** `GET /v1/attendance` with the protocol's filters. */
  listAttendance(filter: AttendanceFilter) {
    return this.request('GET', `/v1/attendance${toQuery(filter)}`, AttendanceListSchema);
  }

  /** `GET /v1/attendance/days`: people's working days (first in, last out, hours, status). */
  listAttendanceDays(filter: DaysFilter) {
    return this.request('GET', `/v1/attendance/days${toQuery(filter)}`, AttendanceDaysSchema);
  }

  /** `GET /v1/attendance/report`: per-person totals over a period. */
  attendanceReport(filter: ReportFilter) {
    return this.request('GET', `/v1/attendance/report${toQuery(filter)}`, AttendanceReportSchema);
  }

  /** `GET /v1/groups`. */
  listGroups() {
    return this.request('GET', '/v1/groups', GroupListSchema);
  }

  /** `GET /v1/models/config`: the model pack and recognizer the server expects. */
  modelConfig() {
    return this.request('GET', '/v1/models/config', ModelConfigSchema);
  }

  /** `POST /v1/api-keys` (admin): the secret is in the answer, and only there. */
  createApiKey(body: ApiKeyCreate): Promise<ApiKeyCreated> {
    return this.request('POST', '/v1/api-keys', ApiKeyCreatedSchema, body);
  }

  /** `GET /v1/api-keys` (admin): every key without its secret. */
  listApiKeys() {
    return this.request('GET', '/v1/api-keys', ApiKeyListSchema);
  }

  /** `POST /v1/api-keys/:id/revoke` (admin). */
  revokeApiKey(id: string) {
    return this.request('POST', `/v1/api-keys/${encodeURIComponent(id)}/revoke`, ApiKeySchema);
  }

  /** `GET /health/`: liveness without a key. Resolves to the HTTP status. */
  async health(): Promise<number> {
    const response = await this.fetch('GET', '/health/');
    await response.body?.cancel();
    return response.status;
  }

  /** Status of an authenticated GET, for diagnostics (`doctor`): 200, 401, 403, … */
  async probe(route: string): Promise<number> {
    const response = await this.fetch('GET', route);
    await response.body?.cancel();
    return response.status;
  }

  private async request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    route: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const response = await this.fetch(method, route, body);
    const text = await response.text().catch((error: unknown) => {
      throw new NetworkError(`${method} ${route}: reading the response failed`, { cause: error });
    });
    const json = parseJson(text);
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(json);
      if (parsed.success) {
        throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message);
      }
      throw new ApiError(response.status, 'unexpected_response', `${method} ${route} failed`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        'unexpected_response',
        `${method} ${route}: response does not match the protocol (${parsed.error.issues.length} issues)`,
      );
    }
    return parsed.data;
  }

  private async fetch(method: string, route: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey !== null) headers['x-api-key'] = this.options.apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${this.options.baseUrl}${route}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `timed out after ${this.options.timeoutMs} ms`
          : causeMessage(error);
      throw new NetworkError(`${method} ${this.options.baseUrl}${route}: ${reason}`, {
        cause: error,
      });
    }
  }
}

function toQuery(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function causeMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
