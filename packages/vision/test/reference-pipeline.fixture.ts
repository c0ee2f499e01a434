import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';

// A deliberately plain face pipeline written from the published conventions alone (InsightFace's SCRFD
// `detect` and `norm_crop`, OpenCV's `resize` / `warpAffine` pixel conventions), sharing no code with
// src/: the yardstick the still-photo path is measured against. Slow and straightforward on purpose.

export interface Picture {
  width: number;
  height: number;
  /** RGB, row-major. */
  data: Uint8Array;
}
export type Landmarks = [number, number][];
export interface RefFace {
  box: [number, number, number, number];
  score: number;
  landmarks: Landmarks;
}

const ARCFACE_112: Landmarks = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/** sharp for JPEG/PNG; binary PGM (ORL) by hand, grey copied to R, G and B. */
export async function decodePicture(path: string): Promise<Picture> {
  const bytes = await readFile(path);
  if (bytes[0] === 0x50 && bytes[1] === 0x35) {
    const header = bytes.subarray(0, 64).toString('latin1');
    const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header) as RegExpExecArray;
    const [width, height] = [Number(match[1]), Number(match[2])];
    const grey = bytes.subarray(match[0].length, match[0].length + width * height);
    const data = new Uint8Array(width * height * 3);
    grey.forEach((value, i) => data.fill(value, 3 * i, 3 * i + 3));
    return { width, height, data };
  }
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Bilinear sample at (x, y) in pixel-index coordinates (pixel centres on integers), black outside. */
function sample(image: Picture, x: number, y: number, channel: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  let sum = 0;
  for (const [dx, dy] of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const) {
    const [px, py] = [x0 + dx, y0 + dy];
    if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
    const weight = (dx ? x - x0 : 1 - (x - x0)) * (dy ? y - y0 : 1 - (y - y0));
    sum += weight * (image.data[(py * image.width + px) * 3 + channel] as number);
  }
  return sum;
}

/** `cv2.resize(..., INTER_LINEAR)`: source = (dst + 0.5) / scale − 0.5, clamped to the edge pixels. */
function resize(image: Picture, width: number, height: number): Picture {
  const data = new Uint8Array(width * height * 3);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const x = Math.min(image.width - 1, Math.max(0, ((u + 0.5) * image.width) / width - 0.5));
      const y = Math.min(image.height - 1, Math.max(0, ((v + 0.5) * image.height) / height - 0.5));
      for (let c = 0; c < 3; c++) {
        data[(v * width + u) * 3 + c] = Math.round(sample(image, x, y, c));
      }
    }
  }
  return { width, height, data };
}

function iou(a: RefFace['box'], b: RefFace['box']): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (r: RefFace['box']) => (r[2] - r[0]) * (r[3] - r[1]);
  return (w * h) / (area(a) + area(b) - w * h);
}

/**
 * Least-squares similarity (Umeyama, 2-D) from `from` onto `to`, as `[a, −b, tx, b, a, ty]`: with the points
 * as complex numbers, to ≈ s·from + t, s = Σ conj(f̄)·t̄ / Σ |f̄|² over the centred points.
 */
export function umeyama(from: Landmarks, to: Landmarks): number[] {
  const mean = (points: Landmarks, k: 0 | 1) => points.reduce((sum, p) => sum + p[k], 0) / points.length;
  const [fx, fy, tx, ty] = [mean(from, 0), mean(from, 1), mean(to, 0), mean(to, 1)];
  let [re, im, norm] = [0, 0, 0];
  from.forEach(([x, y], i) => {
    const [u, v] = [(to[i] as [number, number])[0] - tx, (to[i] as [number, number])[1] - ty];
    const [p, q] = [x - fx, y - fy];
    re += p * u + q * v;
    im += p * v - q * u;
    norm += p * p + q * q;
  });
  const [a, b] = [re / norm, im / norm];
  return [a, -b, tx - a * fx + b * fy, b, a, ty - b * fx - a * fy];
}

/** `cv2.warpAffine(image, M, (112, 112), borderValue=0)`: every output pixel samples M⁻¹·(u, v). */
export function warpTo112(image: Picture, m: number[]): Picture {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const det = a * e - b * d;
  const data = new Uint8Array(112 * 112 * 3);
  for (let v = 0; v < 112; v++) {
    for (let u = 0; u < 112; u++) {
      const x = (e * (u - c) - b * (v - f)) / det;
      const y = (a * (v - f) - d * (u - c)) / det;
      for (let ch = 0; ch < 3; ch++) data[(v * 112 + u) * 3 + ch] = Math.round(sample(image, x, y, ch));
    }
  }
  return { width: 112, height: 112, data };
}

export class ReferencePipeline {
  private constructor(
    private readonly detector: ort.InferenceSession,
    private readonly recognizer: ort.InferenceSession,
  ) {}

  static async load(modelsDir: string): Promise<ReferencePipeline> {
    const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, logSeverityLevel: 3 };
    return new ReferencePipeline(
      await ort.InferenceSession.create(join(modelsDir, 'det_500m.onnx'), options),
      await ort.InferenceSession.create(join(modelsDir, 'mobilefacenet_128d.onnx'), options),
    );
  }

  /** InsightFace `SCRFD.detect` at 640×640: fit inside, pad bottom/right, (x − 127.5) / 128, RGB. */
  async detect(image: Picture, size = 640): Promise<RefFace[]> {
    const ratio = image.height / image.width;
    const [width, height] = ratio > 1 ? [Math.floor(size / ratio), size] : [size, Math.floor(size * ratio)];
    const scale = height / image.height;
    const resized = resize(image, width, height);
    const input = new Float32Array(3 * size * size).fill(-127.5 / 128);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          input[c * size * size + y * size + x] =
            ((resized.data[(y * width + x) * 3 + c] as number) - 127.5) / 128;
        }
      }
    }
    const out = await this.detector.run({ 'input.1': new ort.Tensor('float32', input, [1, 3, size, size]) });
    const data = this.detector.outputNames.map((name) => (out[name] as ort.Tensor).data as Float32Array);
    const faces: RefFace[] = [];
    [8, 16, 32].forEach((stride, level) => {
      const [scores, boxes, points] = [data[level], data[level + 3], data[level + 6]] as [
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const columns = size / stride;
      for (let i = 0; i < scores.length; i++) {
        if ((scores[i] as number) < 0.5) continue;
        const cell = Math.floor(i / 2); // two anchors per cell
        const [cx, cy] = [(cell % columns) * stride, Math.floor(cell / columns) * stride];
        const at = (array: Float32Array, k: number) => (array[k] as number) * stride;
        faces.push({
          score: scores[i] as number,
          box: [
            (cx - at(boxes, 4 * i)) / scale,
            (cy - at(boxes, 4 * i + 1)) / scale,
            (cx + at(boxes, 4 * i + 2)) / scale,
            (cy + at(boxes, 4 * i + 3)) / scale,
          ],
          landmarks: [0, 1, 2, 3, 4].map((k) => [
            (cx + at(points, 10 * i + 2 * k)) / scale,
            (cy + at(points, 10 * i + 2 * k + 1)) / scale,
          ]),
        });
      }
    });
    const kept: RefFace[] = [];
    for (const face of faces.sort((a, b) => b.score - a.score)) {
      if (kept.every((other) => iou(face.box, other.box) <= 0.4)) kept.push(face);
    }
    return kept;
  }

  /**
   * Faces of a photo: {@link detect} on the photo, or, where that finds none (a tight crop such as ORL's or
   * the bbt crops, which the detector needs to see with background around), on the photo inside a black
   * border of a quarter of its longer side.
   */
  async detectPhoto(image: Picture): Promise<RefFace[]> {
    const faces = await this.detect(image);
    if (faces.length) return faces;
    const margin = Math.round(Math.max(image.width, image.height) / 4);
    const [width, height] = [image.width + 2 * margin, image.height + 2 * margin];
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < image.height; y++) {
      const row = image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3);
      data.set(row, ((y + margin) * width + margin) * 3);
    }
    return (await this.detect({ width, height, data })).map((face) => ({
      ...face,
      box: face.box.map((v) => v - margin) as RefFace['box'],
      landmarks: face.landmarks.map(([x, y]) => [x - margin, y - margin]),
    }));
  }

  /** InsightFace `norm_crop`: the 5 landmarks onto the ArcFace 112×112 template. */
  align(image: Picture, landmarks: Landmarks): Picture {
    return warpTo112(image, umeyama(landmarks, ARCFACE_112));
  }

  /** MobileFaceNet-128: RGB, ImageNet mean/std; `flip` adds the mirrored face's embedding before L2. */
  async embed(aligned: Picture, flip = false): Promise<Float32Array> {
    const [mean, std] = [
      [0.485, 0.456, 0.406],
      [0.229, 0.224, 0.225],
    ];
    const run = async (mirror: boolean) => {
      const input = new Float32Array(3 * 112 * 112);
      for (let y = 0; y < 112; y++) {
        for (let x = 0; x < 112; x++) {
          const source = (y * 112 + (mirror ? 111 - x : x)) * 3;
          for (let c = 0; c < 3; c++) {
            const value = (aligned.data[source + c] as number) / 255;
            input[c * 112 * 112 + y * 112 + x] = (value - (mean[c] as number)) / (std[c] as number);
          }
        }
      }
      const out = await this.recognizer.run({ input: new ort.Tensor('float32', input, [1, 3, 112, 112]) });
      return (out[this.recognizer.outputNames[0] as string] as ort.Tensor).data as Float32Array;
    };
    const embedding = Float32Array.from(await run(false));
    if (flip) (await run(true)).forEach((value, i) => (embedding[i] = (embedding[i] as number) + value));
    const norm = Math.hypot(...embedding);
    return embedding.map((value) => value / norm);
  }

  async release(): Promise<void> {
    await Promise.all([this.detector.release(), this.recognizer.release()]);
  }
}
