import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalise } from './synthetic.js';

/**
 * Real embeddings of every photo in ../shared/faces, computed once by the edge's `attendance embed` (the
 * vision package's Node pipeline, faceplugin-512) into `real-faces.jsonl` (see bench/scale/embed-real-faces.sh).
 * Identity = the photo's folder (lfw-dev/people/<name>, orl/sN, bbt/<name>); every stranger photo and every
 * face of a group photo is its own identity. The last photo of each identity with ≥ 2 photos is held out
 * as a probe; all other faces are enrolled.
 */
export interface RealFaces {
  /** Enrolled identities, each with its templates. */
  gallery: { key: string; templates: Float32Array[] }[];
  /** Held-out photos: the gallery index of their identity and the embedding. */
  probes: { person: number; embedding: Float32Array }[];
}

interface EmbedLine {
  file: string;
  embedding?: number[];
  score?: number;
}

export function loadRealFaces(jsonl: string): RealFaces {
  if (!existsSync(jsonl)) throw new Error(`${jsonl} missing: run bench/scale/embed-real-faces.sh first`);
  const best = new Map<string, EmbedLine>();
  const groupFaces: EmbedLine[] = [];
  for (const line of readFileSync(jsonl, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const face = JSON.parse(line) as EmbedLine;
    if (!face.embedding) continue;
    if (identityOf(face.file) === null) {
      groupFaces.push(face);
      continue;
    }
    const current = best.get(face.file);
    if (!current || (face.score ?? 0) > (current.score ?? 0)) best.set(face.file, face);
  }
  const byIdentity = new Map<string, Float32Array[]>();
  for (const face of [...best.values()].sort((a, b) => a.file.localeCompare(b.file))) {
    const key = identityOf(face.file) ?? face.file;
    const list = byIdentity.get(key) ?? [];
    list.push(normalise(Float32Array.from(face.embedding ?? [])));
    byIdentity.set(key, list);
  }
  const gallery: RealFaces['gallery'] = [];
  const probes: RealFaces['probes'] = [];
  for (const [key, embeddings] of byIdentity) {
    const held = embeddings.length >= 2 ? embeddings.pop() : undefined;
    if (held) probes.push({ person: gallery.length, embedding: held });
    gallery.push({ key, templates: embeddings });
  }
  groupFaces.forEach((face, i) => {
    gallery.push({
      key: `group:${path.basename(face.file)}:${i}`,
      templates: [normalise(Float32Array.from(face.embedding ?? []))],
    });
  });
  return { gallery, probes };
}

/** Identity of a photo from its path; null for group photos (every face is someone else). */
function identityOf(file: string): string | null {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('faces');
  const rel = parts.slice(at + 1);
  if (rel[0] === 'lfw-dev' && rel[1] === 'people') return `lfw:${rel[2]}`;
  if (rel[0] === 'lfw-dev' && rel[1] === 'strangers') return `stranger:${rel[2]}`;
  if (rel[0] === 'orl' && rel.length === 3) return `orl:${rel[1]}`;
  if (rel[0] === 'bbt' && rel.length === 3) return `bbt:${rel[1]}`;
  return null;
}
