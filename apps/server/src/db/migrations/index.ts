import { initialSchema } from './202611280000_initial-schema.js';
import { auditLog } from './202611280100_audit-log.js';
import { liveness } from './202611280200_liveness.js';
import { halfvecIndex } from './202611280300_halfvec-index.js';
import { cameraRoles } from './202612060100_camera-roles.js';
import { groupsSchedules } from './202612060101_groups-schedules.js';
import { integrations } from './202612060200_integrations.js';
import { accounts } from './202612060300_accounts.js';
import { devices } from './202612060301_devices.js';
import { attendanceCorrections } from './202612071000_attendance-corrections.js';
import { mqttPublisher } from './202612072000_mqtt-publisher.js';
import { accountOidc } from './202612075000_account-oidc.js';
import { attendanceEventTimeIndex } from './202612081000_attendance-event-time-index.js';
import { cameraNameLocation } from './202612083000_camera-name-location.js';
import { groupTimeZone } from './202612090000_group-time-zone.js';
import { indexPrecision } from './202612100000_index-precision.js';
import type { Migration } from './migration.js';

/** All migrations, oldest (smallest id) first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  auditLog,
  liveness,
  halfvecIndex,
  cameraRoles,
  groupsSchedules,
  integrations,
  accounts,
  devices,
  attendanceCorrections,
  mqttPublisher,
  accountOidc,
  attendanceEventTimeIndex,
  cameraNameLocation,
  groupTimeZone,
  indexPrecision,
];
