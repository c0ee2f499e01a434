/**
 * Built-in model packs: a detector + recognizer pair. Local packs read files from a models directory
 * (tests: `../shared/models`); remote packs are InsightFace's official zips, downloaded and cached by
 * `@attendance/vision/node`.
 * @module
 */

interface PackLicensing {
  /** Licence of every file, for people deciding whether they may deploy the pack. */
  licence: string;
  /** True when every weight file carries a permissive licence (MIT / Apache-2.0): fit for work use. */
  licenceClean: boolean;
}

/** Where a local pack's file comes from upstream, for `attendance models download` where internet exists. */
export interface UpstreamFile {
  /** File name inside the models directory. */
  file: string;
  /** Direct download of this exact file, or null when upstream publishes another format. */
  url: string | null;
  /** sha256 of the file this project knows (the download is verified against it). */
  sha256: string;
  /** What upstream publishes and how to turn it into this file when `url` is null. */
  note: string;
}

export interface LocalPack extends PackLicensing {
  source: 'local';
  name: string;
  /** File names inside the models directory. */
  detector: string;
  recognizer: string;
  /** Passive-liveness model pair (MiniFASNet 2.7× and 4.0×) inside the models directory. */
  liveness?: readonly [string, string];
  /** Upstream sources of the pack's files. */
  upstream?: readonly UpstreamFile[];
  /** Model id of the known recognizer file (what the server stores), to show a pack's licence by model id. */
  recognizerModelId: string;
}

export interface RemotePack extends PackLicensing {
  source: 'remote';
  name: string;
  url: string;
  /** sha256 of the archive when known; otherwise the zip's own CRC-32s are the integrity check. */
  sha256: string | null;
  /** Entry names (basenames) inside the archive. */
  detector: string;
  recognizer: string;
}

export type ModelPack = LocalPack | RemotePack;

const INSIGHTFACE_RELEASE = 'https://github.com/deepinsight/insightface/releases/download/v0.7';
const INSIGHTFACE_LICENCE = 'InsightFace pretrained models: non-commercial research only';
const MINIFASNET_LICENCE = 'MiniFASNet liveness pair: Apache-2.0 (minivision)';

/** Upstream of the licence-clean pack's files (sha256 of the files verified in `../shared/models`). */
const OPEN_256_UPSTREAM: readonly UpstreamFile[] = [
  {
    file: 'face_detection_yunet_2026may.onnx',
    url: 'https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/face_detection_yunet_2026may.onnx',
    sha256: 'ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0',
    note: 'opencv_zoo publishes the ONNX file itself (MIT)',
  },
  {
    file: 'face-reidentification-retail-0095_fp16.onnx',
    url: null,
    sha256: '20c1601d158e8ae7c51c2630bd521680b20de4427219ca23cd36fdef61bf445b',
    note:
      "Intel's Open Model Zoo publishes OpenVINO IR (face-reidentification-retail-0095/FP16/*.xml + .bin, Apache-2.0), " +
      'not ONNX: convert it to ONNX and put it in the models directory (a different conversion needs a <file>.json manifest)',
  },
  {
    file: 'antispoof/2.7_80x80_MiniFASNetV2.onnx',
    url: null,
    sha256: '7886c41bcbcc1be00cf8700eddbd8cbd4b1ad138e69010790de2a57a3b01d7e5',
    note: "minivision's Silent-Face-Anti-Spoofing publishes PyTorch weights (.pth, Apache-2.0): export to ONNX",
  },
  {
    file: 'antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx',
    url: null,
    sha256: 'e67aedf72df3e1912dbf6baa5f7406b8b30c3cb43234170a70dd9d143fea358e',
    note: "minivision's Silent-Face-Anti-Spoofing publishes PyTorch weights (.pth, Apache-2.0): export to ONNX",
  },
];

/** The MiniFASNet pair (Apache-2.0) as laid out in a models directory (`../shared/models/antispoof/`). */
export const DEFAULT_LIVENESS_MODELS = [
  'antispoof/2.7_80x80_MiniFASNetV2.onnx',
  'antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx',
] as const;

export const BUILTIN_PACKS = {
  /** The default: 512-d like the original system (SCRFD-500M + faceplugin 512-d). */
  'faceplugin-512': {
    source: 'local',
    name: 'faceplugin-512',
    detector: 'det_500m.onnx',
    recognizer: 'faceplugin_fr_feature_512d.onnx',
    recognizerModelId: 'faceplugin-512@87aacdfe',
    liveness: DEFAULT_LIVENESS_MODELS,
    licence: `detector: ${INSIGHTFACE_LICENCE}; recognizer: MIT per its npm package, provenance undisclosed; ${MINIFASNET_LICENCE}`,
    licenceClean: false,
  },
  'mobilefacenet-128': {
    source: 'local',
    name: 'mobilefacenet-128',
    detector: 'det_500m.onnx',
    recognizer: 'mobilefacenet_128d.onnx',
    recognizerModelId: 'mobilefacenet-128@e72a5710',
    liveness: DEFAULT_LIVENESS_MODELS,
    licence: `detector: ${INSIGHTFACE_LICENCE}; recognizer: none stated (research/evaluation only); ${MINIFASNET_LICENCE}`,
    licenceClean: false,
  },
  /**
   * Licence-clean, recommended for deployments at work: YuNet (MIT) + Intel face-reidentification-retail-0095
   * (Apache-2.0) + the MiniFASNet liveness pair (Apache-2.0).
   */
  'open-256': {
    source: 'local',
    name: 'open-256',
    detector: 'face_detection_yunet_2026may.onnx',
    recognizer: 'face-reidentification-retail-0095_fp16.onnx',
    recognizerModelId: 'intel-reid-0095-256@20c1601d',
    liveness: DEFAULT_LIVENESS_MODELS,
    upstream: OPEN_256_UPSTREAM,
    licence: `YuNet: MIT (opencv_zoo); face-reidentification-retail-0095: Apache-2.0 (Intel Open Model Zoo); ${MINIFASNET_LICENCE}`,
    licenceClean: true,
  },
  buffalo_l: {
    source: 'remote',
    name: 'buffalo_l',
    url: `${INSIGHTFACE_RELEASE}/buffalo_l.zip`,
    sha256: null,
    detector: 'det_10g.onnx',
    recognizer: 'w600k_r50.onnx',
    licence: INSIGHTFACE_LICENCE,
    licenceClean: false,
  },
  buffalo_s: {
    source: 'remote',
    name: 'buffalo_s',
    url: `${INSIGHTFACE_RELEASE}/buffalo_s.zip`,
    sha256: null,
    detector: 'det_500m.onnx',
    recognizer: 'w600k_mbf.onnx',
    licence: INSIGHTFACE_LICENCE,
    licenceClean: false,
  },
  buffalo_sc: {
    source: 'remote',
    name: 'buffalo_sc',
    url: `${INSIGHTFACE_RELEASE}/buffalo_sc.zip`,
    sha256: null,
    detector: 'det_500m.onnx',
    recognizer: 'w600k_mbf.onnx',
    licence: INSIGHTFACE_LICENCE,
    licenceClean: false,
  },
} as const satisfies Record<string, ModelPack>;

export type BuiltinPackName = keyof typeof BUILTIN_PACKS;

export const DEFAULT_PACK: BuiltinPackName = 'faceplugin-512';

export function isBuiltinPack(name: string): name is BuiltinPackName {
  return Object.hasOwn(BUILTIN_PACKS, name);
}

/**
 * The built-in local pack whose recognizer has this model id (the id the server stores with embeddings),
 * e.g. for a status page to show the licence of the model in use.
 * @example packOfModelId('intel-reid-0095-256@20c1601d')?.licenceClean // true
 */
export function packOfModelId(modelId: string): ModelPack | undefined {
  return Object.values(BUILTIN_PACKS).find(
    (pack) => pack.source === 'local' && pack.recognizerModelId === modelId,
  );
}
