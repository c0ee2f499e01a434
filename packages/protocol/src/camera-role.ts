import { z } from 'zod';

/**
 * Which way a camera sees people go: `entry` (in only), `exit` (out only), or `both` (one camera at a
 * door used both ways; a day is then measured from the first to the last sighting).
 */
export const CAMERA_ROLES = ['entry', 'exit', 'both'] as const;
export type CameraRole = (typeof CAMERA_ROLES)[number];

/** An attendance event's direction, copied from its camera's role when it was recorded. */
export const EVENT_DIRECTIONS = ['in', 'out', 'both'] as const;
export type EventDirection = (typeof EVENT_DIRECTIONS)[number];

/** `PUT /v1/cameras/:id/role`. */
export const CameraRoleInputSchema = z.strictObject({
  role: z.enum(CAMERA_ROLES).describe('What the camera sees: entry, exit or both (direction unknown)'),
});
export type CameraRoleInput = z.infer<typeof CameraRoleInputSchema>;

export const CAMERA_NAME_MAX = 80;
export const CAMERA_LOCATION_MAX = 120;

/**
 * `PATCH /v1/cameras/:id`: how people call the camera. An omitted field stays as it is, `null` clears it;
 * text is trimmed, and an empty string clears it too.
 */
export const CameraDetailsInputSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .max(CAMERA_NAME_MAX)
      .nullable()
      .optional()
      .describe('Display name, e.g. "Main entrance"'),
    location: z
      .string()
      .trim()
      .max(CAMERA_LOCATION_MAX)
      .nullable()
      .optional()
      .describe('Where the camera hangs, e.g. "Building B, level 2"'),
  })
  .refine((details) => details.name !== undefined || details.location !== undefined, 'nothing to update');
export type CameraDetailsInput = z.infer<typeof CameraDetailsInputSchema>;
