/**
 * Built-in model packs: a detector + recognizer pair. Local packs read files from a models directory
 * (tests: `../shared/models`); remote packs are InsightFace's official zips, downloaded and cached by
 * `@attendance/vision/node`.
 * @module
 */

export interface LocalPack {
  source: 'local';
  name: string;
  /** File names inside the models directory. */
  detector: string;
  recognizer: string;
  licence: string;
}

export interface RemotePack {
  source: 'remote';
  name: string;
  url: string;
  /** sha256 of the archive when known; otherwise the zip's own CRC-32s are the integrity check. */
  sha256: string | null;
  /** Entry names (basenames) inside the archive. */
  detector: string;
  recognizer: string;
  licence: string;
}

export type ModelPack = LocalPack | RemotePack;

const INSIGHTFACE_RELEASE = 'https://github.com/deepinsight/insightface/releases/download/v0.7';
const INSIGHTFACE_LICENCE = 'InsightFace pretrained models: non-commercial research only';

export const BUILTIN_PACKS = {
  /** The default: 512-d like the original system (SCRFD-500M + faceplugin 512-d). */
  'faceplugin-512': {
    source: 'local',
    name: 'faceplugin-512',
    detector: 'det_500m.onnx',
    recognizer: 'faceplugin_fr_feature_512d.onnx',
    licence: `detector: ${INSIGHTFACE_LICENCE}; recognizer: MIT per its npm package, provenance undisclosed`,
  },
  'mobilefacenet-128': {
    source: 'local',
    name: 'mobilefacenet-128',
    detector: 'det_500m.onnx',
    recognizer: 'mobilefacenet_128d.onnx',
    licence: `detector: ${INSIGHTFACE_LICENCE}; recognizer: none stated (research/evaluation only)`,
  },
  /** Licence-clean: YuNet (MIT) + Intel face-reidentification-retail-0095 (Apache-2.0). */
  'open-256': {
    source: 'local',
    name: 'open-256',
    detector: 'face_detection_yunet_2026may.onnx',
    recognizer: 'face-reidentification-retail-0095_fp16.onnx',
    licence: 'YuNet: MIT; face-reidentification-retail-0095: Apache-2.0',
  },
  buffalo_l: {
    source: 'remote',
    name: 'buffalo_l',
    url: `${INSIGHTFACE_RELEASE}/buffalo_l.zip`,
    sha256: null,
    detector: 'det_10g.onnx',
    recognizer: 'w600k_r50.onnx',
    licence: INSIGHTFACE_LICENCE,
  },
  buffalo_s: {
    source: 'remote',
    name: 'buffalo_s',
    url: `${INSIGHTFACE_RELEASE}/buffalo_s.zip`,
    sha256: null,
    detector: 'det_500m.onnx',
    recognizer: 'w600k_mbf.onnx',
    licence: INSIGHTFACE_LICENCE,
  },
  buffalo_sc: {
    source: 'remote',
    name: 'buffalo_sc',
    url: `${INSIGHTFACE_RELEASE}/buffalo_sc.zip`,
    sha256: null,
    detector: 'det_500m.onnx',
    recognizer: 'w600k_mbf.onnx',
    licence: INSIGHTFACE_LICENCE,
  },
} as const satisfies Record<string, ModelPack>;

export type BuiltinPackName = keyof typeof BUILTIN_PACKS;

export const DEFAULT_PACK: BuiltinPackName = 'faceplugin-512';

export function isBuiltinPack(name: string): name is BuiltinPackName {
  return Object.hasOwn(BUILTIN_PACKS, name);
}
