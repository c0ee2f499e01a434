/**
 * Built-in model packs: a detector + recognizer pair. Local packs read files from a models directory
 * (tests: `../shared/models`); remote packs are InsightFace's official zips, downloaded and cached by
 * `@attendance/vision/node`.
 * @module
 */
import { INTEL_REID_CONVERTED_SHA256, SFACE_2021DEC_SHA256 } from './known-models.js';

interface PackLicensing {
  /** Licence of every file, for people deciding whether they may deploy the pack. */
  licence: string;
  /** True when every weight file carries a permissive licence (MIT / Apache-2.0): fit for work use. */
  licenceClean: boolean;
}

/** A file fetched as is from a pinned URL (a fixed commit or release, never a moving branch). */
export interface UrlSource {
  kind: 'url';
  url: string;
}

/** Intel's OpenVINO IR pair (`.xml` + `.bin`, each pinned by URL and sha256), converted to ONNX here. */
export interface OpenVinoIrSource {
  kind: 'openvino-ir';
  xml: { url: string; sha256: string };
  bin: { url: string; sha256: string };
  /** ONNX names given to the graph's input and output (the pack's calling convention). */
  inputNames: readonly string[];
  outputNames: readonly string[];
}

/** No official file to download: what the user does by hand. */
export interface ManualSource {
  kind: 'manual';
  instructions: string;
}

/** One file of a local pack: where it comes from and the sha256 the result must have. */
export interface PackFileSource {
  role: 'detector' | 'recognizer' | 'liveness';
  /** Path inside the models directory. */
  file: string;
  /** sha256 of the file in the models directory (for a conversion: of the converted file). */
  sha256: string;
  /** Publisher, place and licence, as `attendance models list` prints it. */
  origin: string;
  source: UrlSource | OpenVinoIrSource | ManualSource;
  /** The pack works without it (liveness stays off until it is installed). */
  optional?: boolean;
}

export interface LocalPack extends PackLicensing {
  source: 'local';
  name: string;
  /** File names inside the models directory. */
  detector: string;
  recognizer: string;
  /** Passive-liveness model pair (MiniFASNet 2.7× and 4.0×) inside the models directory. */
  liveness?: readonly [string, string];
  /** Where each file comes from; absent when the pack has no official source (not downloadable). */
  sources?: readonly PackFileSource[];
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

const OPENCV_ZOO_COMMIT = '47534e27c9851bb1128ccc0102f1145e27f23f98';
const OPENCV_ZOO = `https://github.com/opencv/opencv_zoo/raw/${OPENCV_ZOO_COMMIT}/models`;
const OMZ_2023_FP16 =
  'https://storage.openvinotoolkit.org/repositories/open_model_zoo/2023.0/models_bin/1/face-reidentification-retail-0095/FP16';

const YUNET_SOURCE: PackFileSource = {
  role: 'detector',
  file: 'face_detection_yunet_2026may.onnx',
  sha256: 'ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0',
  origin: `OpenCV Zoo (github opencv/opencv_zoo at ${OPENCV_ZOO_COMMIT.slice(0, 8)}), MIT`,
  source: { kind: 'url', url: `${OPENCV_ZOO}/face_detection_yunet/face_detection_yunet_2026may.onnx` },
};

const MINIFASNET_INSTRUCTIONS =
  "optional: minivision's Silent-Face-Anti-Spoofing publishes these weights only as PyTorch .pth (Apache-2.0), " +
  'and no stable ONNX export of exactly those weights is published; export resources/anti_spoof_models/' +
  '2.7_80x80_MiniFASNetV2.pth and 4_0_0_80x80_MiniFASNetV1SE.pth with torch.onnx.export (input 1×3×80×80) and ' +
  'put them here (an export other than the known one needs a <file>.json manifest {"kind":"liveness",...}). ' +
  'Without them the pack works with liveness off.';

const MINIFASNET_SOURCES: readonly PackFileSource[] = [
  {
    role: 'liveness',
    file: 'antispoof/2.7_80x80_MiniFASNetV2.onnx',
    sha256: '7886c41bcbcc1be00cf8700eddbd8cbd4b1ad138e69010790de2a57a3b01d7e5',
    origin: 'Minivision Silent-Face-Anti-Spoofing (PyTorch weights, exported to ONNX by hand), Apache-2.0',
    source: { kind: 'manual', instructions: MINIFASNET_INSTRUCTIONS },
    optional: true,
  },
  {
    role: 'liveness',
    file: 'antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx',
    sha256: 'e67aedf72df3e1912dbf6baa5f7406b8b30c3cb43234170a70dd9d143fea358e',
    origin: 'Minivision Silent-Face-Anti-Spoofing (PyTorch weights, exported to ONNX by hand), Apache-2.0',
    source: { kind: 'manual', instructions: MINIFASNET_INSTRUCTIONS },
    optional: true,
  },
];

/** The licence-clean pack's files: YuNet and Intel's IR are downloaded (the IR converted here), liveness by hand. */
const OPEN_256_SOURCES: readonly PackFileSource[] = [
  YUNET_SOURCE,
  {
    role: 'recognizer',
    file: 'face-reidentification-retail-0095_fp16.onnx',
    sha256: INTEL_REID_CONVERTED_SHA256,
    origin:
      "Intel Open Model Zoo 2023.0 FP16 OpenVINO IR (Intel's model storage), converted to ONNX here, Apache-2.0",
    source: {
      kind: 'openvino-ir',
      xml: {
        url: `${OMZ_2023_FP16}/face-reidentification-retail-0095.xml`,
        sha256: 'ce53d2c9c08c0bd1c1660fb8a5b6d0e3e4ec19eb92f1036d2d83a85e83082dce',
      },
      bin: {
        url: `${OMZ_2023_FP16}/face-reidentification-retail-0095.bin`,
        sha256: '241229ca3d206321868d46ce74a3c0b06c49cea58db7dc70b2e842ff287545d1',
      },
      inputNames: ['input'],
      outputNames: ['embedding'],
    },
  },
  ...MINIFASNET_SOURCES,
];

const OPEN_SFACE_SOURCES: readonly PackFileSource[] = [
  YUNET_SOURCE,
  {
    role: 'recognizer',
    file: 'face_recognition_sface_2021dec.onnx',
    sha256: SFACE_2021DEC_SHA256,
    origin: `OpenCV Zoo (github opencv/opencv_zoo at ${OPENCV_ZOO_COMMIT.slice(0, 8)}), Apache-2.0`,
    source: { kind: 'url', url: `${OPENCV_ZOO}/face_recognition_sface/face_recognition_sface_2021dec.onnx` },
  },
  ...MINIFASNET_SOURCES,
];

/** The MiniFASNet pair (Apache-2.0) as laid out in a models directory (`../shared/models/antispoof/`). */
export const DEFAULT_LIVENESS_MODELS = [
  'antispoof/2.7_80x80_MiniFASNetV2.onnx',
  'antispoof/4_0_0_80x80_MiniFASNetV1SE.onnx',
] as const;

export const BUILTIN_PACKS = {
  /** 512-d like the original system (SCRFD-500M + faceplugin 512-d); provenance undisclosed, not downloadable. */
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
   * The default. Licence-clean: YuNet (MIT) + Intel face-reidentification-retail-0095 (Apache-2.0) + the
   * optional MiniFASNet liveness pair (Apache-2.0).
   */
  'open-256': {
    source: 'local',
    name: 'open-256',
    detector: 'face_detection_yunet_2026may.onnx',
    recognizer: 'face-reidentification-retail-0095_fp16.onnx',
    recognizerModelId: 'intel-reid-0095-256@20c1601d',
    liveness: DEFAULT_LIVENESS_MODELS,
    sources: OPEN_256_SOURCES,
    licence: `YuNet: MIT (opencv_zoo); face-reidentification-retail-0095: Apache-2.0 (Intel Open Model Zoo); ${MINIFASNET_LICENCE}`,
    licenceClean: true,
  },
  /**
   * Licence-clean, downloadable in one command: YuNet (MIT) + OpenCV Zoo SFace 128-d (Apache-2.0). Its
   * threshold is OpenCV's published 0.363, not calibrated here.
   */
  'open-sface-128': {
    source: 'local',
    name: 'open-sface-128',
    detector: 'face_detection_yunet_2026may.onnx',
    recognizer: 'face_recognition_sface_2021dec.onnx',
    recognizerModelId: 'sface-128@0ba9fbfa',
    liveness: DEFAULT_LIVENESS_MODELS,
    sources: OPEN_SFACE_SOURCES,
    licence: `YuNet: MIT (opencv_zoo); SFace: Apache-2.0 (opencv_zoo); ${MINIFASNET_LICENCE}`,
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

/**
 * The pack of new installs: licence-clean and downloadable (`attendance models download open-256`). The one
 * setting the server, edge, dashboard and kiosk read; an installation can still choose any other pack.
 */
export const DEFAULT_PACK: BuiltinPackName = 'open-256';

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
