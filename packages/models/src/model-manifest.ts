import { z } from 'zod';
import { IMAGENET_PIXELS, RAW_BGR_PIXELS, SCRFD_PIXELS } from './pixel-normalization.js';
import type { DetectorSpec, LivenessSpec, ModelSpec, RecognizerSpec } from './model-spec.js';

const PixelsSchema = z.strictObject({
  channelOrder: z.enum(['rgb', 'bgr']),
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
});

const DetectorManifestSchema = z.strictObject({
  kind: z.literal('detector'),
  type: z.enum(['scrfd', 'yunet']),
  name: z.string().min(1).optional(),
  pixels: PixelsSchema.optional(),
  licence: z.string().optional(),
});

const RecognizerManifestSchema = z.strictObject({
  kind: z.literal('recognizer'),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,60}$/),
  pixels: PixelsSchema.default(IMAGENET_PIXELS as z.infer<typeof PixelsSchema>),
  template: z.enum(['arcface-112', 'intel-128']).default('arcface-112'),
  dim: z.number().int().positive(),
  defaultThreshold: z.number().min(-1).max(1),
  licence: z.string().default('unknown'),
});

const LivenessManifestSchema = z.strictObject({
  kind: z.literal('liveness'),
  name: z.string().min(1),
  cropScale: z.number().positive(),
  pixels: PixelsSchema.default(RAW_BGR_PIXELS as z.infer<typeof PixelsSchema>),
  realClass: z.number().int().min(0).default(1),
  licence: z.string().default('unknown'),
});

/**
 * A small JSON file describing a model file we don't recognise by hash (`<model>.onnx.json` beside it).
 * @example {"kind":"recognizer","name":"my-arcface","pixels":{"channelOrder":"rgb","mean":[127.5,127.5,127.5],"std":[127.5,127.5,127.5]},"dim":512,"defaultThreshold":0.45}
 */
export const ModelManifestSchema = z.discriminatedUnion('kind', [
  DetectorManifestSchema,
  RecognizerManifestSchema,
  LivenessManifestSchema,
]);
export type ModelManifest = z.input<typeof ModelManifestSchema>;

/** Default spec for a detector of a known architecture when only its type is given. */
export function detectorSpecForType(
  type: DetectorSpec['type'],
  name?: string,
  licence = 'unknown',
): DetectorSpec {
  return {
    kind: 'detector',
    name: name ?? type,
    type,
    pixels: type === 'yunet' ? RAW_BGR_PIXELS : SCRFD_PIXELS,
    licence,
  };
}

/** Validates a manifest (throws a readable error) and turns it into a full spec. */
export function specFromManifest(json: unknown, source: string): ModelSpec {
  const parsed = ModelManifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid model manifest ${source}: ${z.prettifyError(parsed.error)}`);
  const manifest = parsed.data;
  if (manifest.kind === 'detector') {
    const spec = detectorSpecForType(manifest.type, manifest.name, manifest.licence);
    return manifest.pixels ? { ...spec, pixels: manifest.pixels } : spec;
  }
  if (manifest.kind === 'liveness') {
    const spec: LivenessSpec = { ...manifest };
    return spec;
  }
  const spec: RecognizerSpec = { ...manifest };
  return spec;
}
