import {
  AccountListSchema,
  ApiKeyCreatedSchema,
  ApiKeyListSchema,
  ApiKeySchema,
  AttendanceDaysSchema,
  AttendanceListSchema,
  AttendanceReportSchema,
  BoardSchema,
  CameraListSchema,
  DeviceListSchema,
  GroupListSchema,
  HolidayListSchema,
  IdentifyResponseSchema,
  LeaveListSchema,
  ModelConfigSchema,
  PairingCodeCreatedSchema,
  PairingCodeListSchema,
  PersonListSchema,
  PersonSchema,
  SpoofEventCreatedSchema,
  SpoofEventListSchema,
  TemplatesAddedSchema,
  TimesheetSchema,
  WebhookCreatedSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
  type ApiKeyCreateSchema,
  type AttendanceDaysQuery,
  type AttendanceQuery,
  type AttendanceReportQuery,
  type BoardQuery,
  type IdentifyRequestSchema,
  type PairingCodeCreateSchema,
  type PersonCreateSchema,
  type PersonListQuery,
  type PersonUpdateSchema,
  type SpoofEventInputSchema,
  type SpoofEventQuery,
  type TemplatesInputSchema,
  type TimesheetQuery,
  type WebhookCreateSchema,
  type WebhookDeliveryQuery,
} from '@attendance/protocol';
import type { z } from 'zod';
import type { QueryValue } from './query.js';
import { ApiRequester } from './requester.js';
import type { Transport } from './transport.js';

/** A request body as the caller writes it: fields with a server-side default may be left out. */
type Body<S extends z.ZodType> = z.input<S>;

/** The parameters of a route's query schema, any of them left out; the server validates the values. */
export type QueryOf<T> = { readonly [K in keyof T]?: QueryValue };

/** Per-call options of calls a caller may want to bound more tightly than the transport does. */
export interface CallOptions {
  readonly timeoutMs?: number;
}

const id = encodeURIComponent;

/**
 * Typed client of the server's `/v1` API, shared by the edge CLI and agent and the web dashboard and kiosk.
 * Every answer a caller reads is validated with the protocol schema; failures are `ApiError` (the server said
 * no, or answered outside the protocol) or `NetworkError` (no answer). The transport decides where requests
 * go and how they are authenticated.
 */
export class ApiClient {
  protected readonly http: ApiRequester;

  constructor(transport: Transport) {
    this.http = new ApiRequester(transport);
  }

  /** `POST /v1/identify`: one frame's faces → one result per face. */
  identify(request: Body<typeof IdentifyRequestSchema>, options: CallOptions = {}) {
    return this.http.json('POST', '/v1/identify', IdentifyResponseSchema, { body: request, ...options });
  }

  /** `POST /v1/spoof-events`: a spoof attempt (camera, time, score, reason; never an image). */
  reportSpoof(report: Body<typeof SpoofEventInputSchema>, options: CallOptions = {}) {
    return this.http.json('POST', '/v1/spoof-events', SpoofEventCreatedSchema, { body: report, ...options });
  }

  /** `GET /v1/spoof-events`, newest first. */
  listSpoofEvents(query: QueryOf<SpoofEventQuery> = {}) {
    return this.http.json('GET', '/v1/spoof-events', SpoofEventListSchema, { query });
  }

  /** `POST /v1/people`, optionally with templates enrolled atomically. */
  createPerson(body: Body<typeof PersonCreateSchema>) {
    return this.http.json('POST', '/v1/people', PersonSchema, { body });
  }

  /** `PATCH /v1/people/:id`. */
  updatePerson(personId: string, body: Body<typeof PersonUpdateSchema>) {
    return this.http.json('PATCH', `/v1/people/${id(personId)}`, PersonSchema, { body });
  }

  /** `GET /v1/people/:id`. */
  getPerson(personId: string) {
    return this.http.json('GET', `/v1/people/${id(personId)}`, PersonSchema);
  }

  /** `POST /v1/people/:id/templates`: more faces for an enrolled person (duplicate-face check included). */
  addTemplates(personId: string, body: Body<typeof TemplatesInputSchema>) {
    return this.http.json('POST', `/v1/people/${id(personId)}/templates`, TemplatesAddedSchema, { body });
  }

  /** `GET /v1/people` (search by name or external id; `without_model`: people with no template of that model). */
  listPeople(query: QueryOf<PersonListQuery> = {}) {
    return this.http.json('GET', '/v1/people', PersonListSchema, { query });
  }

  /** `GET /v1/people/:id/leave`. */
  listLeave(personId: string) {
    return this.http.json('GET', `/v1/people/${id(personId)}/leave`, LeaveListSchema);
  }

  /** `GET /v1/attendance`: recorded events with the protocol's filters. */
  listAttendance(query: QueryOf<AttendanceQuery> = {}) {
    return this.http.json('GET', '/v1/attendance', AttendanceListSchema, { query });
  }

  /** `GET /v1/attendance/days`: people's working days (first in, last out, hours, status). */
  listAttendanceDays(query: QueryOf<AttendanceDaysQuery> = {}) {
    return this.http.json('GET', '/v1/attendance/days', AttendanceDaysSchema, { query });
  }

  /** `GET /v1/attendance/report`: per-person totals over a period. */
  attendanceReport(query: QueryOf<AttendanceReportQuery>) {
    return this.http.json('GET', '/v1/attendance/report', AttendanceReportSchema, { query });
  }

  /** `GET /v1/attendance/board`: who is in, out, late or absent today. */
  attendanceBoard(query: QueryOf<BoardQuery> = {}) {
    return this.http.json('GET', '/v1/attendance/board', BoardSchema, { query });
  }

  /** `GET /v1/attendance/timesheet`: one person's month. */
  timesheet(query: QueryOf<TimesheetQuery>) {
    return this.http.json('GET', '/v1/attendance/timesheet', TimesheetSchema, { query });
  }

  /** `GET /v1/groups`. */
  listGroups() {
    return this.http.json('GET', '/v1/groups', GroupListSchema);
  }

  /** `GET /v1/holidays`. */
  listHolidays() {
    return this.http.json('GET', '/v1/holidays', HolidayListSchema);
  }

  /** `GET /v1/cameras`. */
  listCameras() {
    return this.http.json('GET', '/v1/cameras', CameraListSchema);
  }

  /** `GET /v1/models/config`: the model pack and recognizer the server expects. */
  modelConfig() {
    return this.http.json('GET', '/v1/models/config', ModelConfigSchema);
  }

  /** `POST /v1/api-keys` (admin): the secret is in the answer, and only there. */
  createApiKey(body: Body<typeof ApiKeyCreateSchema>) {
    return this.http.json('POST', '/v1/api-keys', ApiKeyCreatedSchema, { body });
  }

  /** `GET /v1/api-keys` (admin): every key without its secret. */
  listApiKeys() {
    return this.http.json('GET', '/v1/api-keys', ApiKeyListSchema);
  }

  /** `POST /v1/api-keys/:id/revoke` (admin). */
  revokeApiKey(keyId: string) {
    return this.http.json('POST', `/v1/api-keys/${id(keyId)}/revoke`, ApiKeySchema);
  }

  /** `GET /v1/devices` (admin): paired kiosks. */
  listDevices() {
    return this.http.json('GET', '/v1/devices', DeviceListSchema);
  }

  /** `GET /v1/pairing-codes` (admin): codes not used yet. */
  listPairingCodes() {
    return this.http.json('GET', '/v1/pairing-codes', PairingCodeListSchema);
  }

  /** `POST /v1/pairing-codes` (admin): the code is in the answer, and only there. */
  createPairingCode(body: Body<typeof PairingCodeCreateSchema>) {
    return this.http.json('POST', '/v1/pairing-codes', PairingCodeCreatedSchema, { body });
  }

  /** `GET /v1/webhooks` (admin). */
  listWebhooks() {
    return this.http.json('GET', '/v1/webhooks', WebhookListSchema);
  }

  /** `POST /v1/webhooks` (admin): the signing secret is in the answer, and only there. */
  createWebhook(body: Body<typeof WebhookCreateSchema>) {
    return this.http.json('POST', '/v1/webhooks', WebhookCreatedSchema, { body });
  }

  /** `GET /v1/webhooks/:id/deliveries` (admin), newest first. */
  listWebhookDeliveries(endpointId: string, query: QueryOf<WebhookDeliveryQuery> = {}) {
    return this.http.json('GET', `/v1/webhooks/${id(endpointId)}/deliveries`, WebhookDeliveryListSchema, {
      query,
    });
  }

  /** `GET /v1/accounts` (admin). */
  listAccounts() {
    return this.http.json('GET', '/v1/accounts', AccountListSchema);
  }

  /** Writes whose answer the caller does not read (it reloads what it shows instead). */
  post(path: string, body?: unknown): Promise<void> {
    return this.http.send('POST', path, { body });
  }

  put(path: string, body: unknown): Promise<void> {
    return this.http.send('PUT', path, { body });
  }

  patch(path: string, body: unknown): Promise<void> {
    return this.http.send('PATCH', path, { body });
  }

  delete(path: string): Promise<void> {
    return this.http.send('DELETE', path);
  }

  /** `GET /health/`: liveness without a key. Resolves to the HTTP status. */
  health(): Promise<number> {
    return this.http.status('/health/');
  }

  /** Status of an authenticated GET, for diagnostics (`doctor`): 200, 401, 403, … */
  probe(path: string): Promise<number> {
    return this.http.status(path);
  }
}
