import { CALIBRATED_THRESHOLDS } from '@attendance/protocol';
import { ARCFACE_PIXELS, IMAGENET_PIXELS, RAW_BGR_PIXELS, SCRFD_PIXELS } from './pixel-normalization.js';
import {
  modelIdOf,
  type DetectorSpec,
  type LivenessSpec,
  type ModelSpec,
  type RecognizerSpec,
} from './model-spec.js';

const INSIGHTFACE_LICENCE = 'InsightFace pretrained models: non-commercial research only';

const MINIVISION_LICENCE = 'Apache-2.0 (minivision Silent-Face-Anti-Spoofing)';

const miniFasNet = (name: string, cropScale: number): LivenessSpec => ({
  kind: 'liveness',
  name,
  cropScale,
  pixels: RAW_BGR_PIXELS,
  realClass: 1,
  licence: MINIVISION_LICENCE,
});

/**
 * A known recognizer with its threshold from the one table the server, the edge and the web app read
 * (`CALIBRATED_THRESHOLDS` in @attendance/protocol, by model id `<name>@<sha256 prefix>`).
 */
function withCalibratedThreshold(
  spec: Omit<RecognizerSpec, 'defaultThreshold'>,
  sha256: string,
): RecognizerSpec {
  const modelId = modelIdOf(spec.name, sha256);
  const threshold = CALIBRATED_THRESHOLDS[modelId];
  if (threshold === undefined) throw new Error(`${modelId} has no entry in CALIBRATED_THRESHOLDS`);
  return { ...spec, defaultThreshold: threshold };
}

const scrfd = (name: string): DetectorSpec => ({
  kind: 'detector',
  name,
  type: 'scrfd',
  pixels: SCRFD_PIXELS,
  licence: INSIGHTFACE_LICENCE,
});

/** The hand-made ONNX conversion of Intel's FP16 IR (the test fixture in `../shared/models`). */
export const INTEL_REID_ONNX_SHA256 = '20c1601d158e8ae7c51c2630bd521680b20de4427219ca23cd36fdef61bf445b';
/** The ONNX file this project's IR converter writes from Intel's OMZ 2023.0 FP16 IR (deterministic). */
export const INTEL_REID_CONVERTED_SHA256 = 'c7bd373448f24bef68cda452e69648fb32e5c35c60cea33fb570c1585a3cf791';
const FACEPLUGIN_SHA256 = '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581';
const MOBILEFACENET_SHA256 = 'e72a5710cce378dc46472b6b845cb90647634f2738d8c3e581735cf195b9866f';
/** OpenCV Zoo `face_recognition_sface_2021dec.onnx` (its Git LFS object id). */
export const SFACE_2021DEC_SHA256 = '0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79';

const INTEL_REID_0095 = withCalibratedThreshold(
  {
    kind: 'recognizer',
    name: 'intel-reid-0095-256',
    pixels: RAW_BGR_PIXELS,
    template: 'intel-128',
    dim: 256,
    licence: 'Apache-2.0 (Intel Open Model Zoo face-reidentification-retail-0095)',
  },
  INTEL_REID_ONNX_SHA256,
);

/**
 * Model files recognised by their sha256, so a path alone is enough. Thresholds: see README "Thresholds".
 * Calling conventions are those verified in `shared/models/README.md`.
 */
export const KNOWN_MODELS: Readonly<Record<string, ModelSpec>> = {
  '5e4447f50245bbd7966bd6c0fa52938c61474a04ec7def48753668a9d8b4ea3a': scrfd('scrfd-500m'),
  '041f73f47371333d1d17a6fee6c8ab4e6aecabefe398ff32cca4e2d5eaee0af9': scrfd('scrfd-2.5g'),
  ebafce4e3c118d6554634be5c27ab333b4c047a9a8c3faf1d7cf93101c22f0f0: {
    kind: 'detector',
    name: 'yunet',
    type: 'yunet',
    pixels: RAW_BGR_PIXELS,
    licence: 'MIT (opencv_zoo)',
  },
  [FACEPLUGIN_SHA256]: withCalibratedThreshold(
    {
      kind: 'recognizer',
      name: 'faceplugin-512',
      pixels: { channelOrder: 'rgb', mean: [127, 127, 127], std: [128, 128, 128] },
      template: 'arcface-112',
      dim: 512,
      licence: 'npm faceplugin-face-recognition-js says MIT; model provenance undisclosed',
    },
    FACEPLUGIN_SHA256,
  ),
  [MOBILEFACENET_SHA256]: withCalibratedThreshold(
    {
      kind: 'recognizer',
      name: 'mobilefacenet-128',
      pixels: IMAGENET_PIXELS,
      template: 'arcface-112',
      dim: 128,
      flipAugment: true,
      licence: 'none stated (weights of foamliu/MobileFaceNet): research/evaluation only',
    },
    MOBILEFACENET_SHA256,
  ),
  [INTEL_REID_ONNX_SHA256]: INTEL_REID_0095,
  // What `attendance models download open-256` converts from Intel's IR (same weights, identical embeddings).
  [INTEL_REID_CONVERTED_SHA256]: { ...INTEL_REID_0095, embeddingsOf: INTEL_REID_ONNX_SHA256 },
  [SFACE_2021DEC_SHA256]: withCalibratedThreshold(
    {
      kind: 'recognizer',
      name: 'sface-128',
      // OpenCV FaceRecognizerSF: blobFromImage(aligned, 1, 112×112, mean 0, swapRB) → RGB, raw 0–255.
      pixels: { channelOrder: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] },
      template: 'arcface-112',
      dim: 128,
      // The table holds OpenCV's published cosine threshold for SFace; not calibrated on this project's photos.
      calibrated: false,
      licence: 'Apache-2.0 (OpenCV Zoo face_recognition_sface)',
    },
    SFACE_2021DEC_SHA256,
  ),
  '7886c41bcbcc1be00cf8700eddbd8cbd4b1ad138e69010790de2a57a3b01d7e5': miniFasNet('minifasnet-v2-2.7', 2.7),
  e67aedf72df3e1912dbf6baa5f7406b8b30c3cb43234170a70dd9d143fea358e: miniFasNet('minifasnet-v1se-4.0', 4),
};

/** InsightFace `w600k_*` recognizers (buffalo packs): ArcFace preprocessing, RGB, (x − 127.5) / 127.5. */
export function insightfaceRecognizer(name: string): RecognizerSpec {
  return {
    kind: 'recognizer',
    name,
    pixels: ARCFACE_PIXELS,
    template: 'arcface-112',
    dim: 512,
    // Not calibrated here (no internet to fetch the weights): the original system's cut-off (cosine 0.5).
    defaultThreshold: 0.5,
    licence: INSIGHTFACE_LICENCE,
  };
}

export function insightfaceDetector(name: string): DetectorSpec {
  return scrfd(name);
}
