import { intersectionOverUnion, type Box } from './box-geometry.js';

export interface TrackerOptions {
  /** Minimum IoU for a detection to continue a track (0.3: a face moves less than that between frames). */
  readonly minIou: number;
  /** A track survives this many frames without a detection (brief occlusion, a missed detection). */
  readonly maxMissedFrames: number;
  /** Prefix of track ids, so ids of different agent runs never collide. */
  readonly idPrefix: string;
}

/** Something the tracker can follow: a box, optionally with an appearance embedding (unit length). */
export interface TrackInput {
  readonly box: Box;
  readonly embedding?: Float32Array | null;
}

export interface TrackState {
  readonly id: string;
  box: Box;
  /** Running appearance of the track (mean of unit embeddings), used to notice an identity switch. */
  appearance: Float32Array | null;
  appearanceCount: number;
  missedFrames: number;
  hits: number;
}

export interface TrackerUpdate {
  /** Track id for each input, in input order. */
  readonly trackIds: string[];
  /** Tracks that ended in this update (gone for too long, or replaced after an identity switch). */
  readonly ended: string[];
}

/**
 * Greedy IoU tracker with an optional appearance gate: a detection continues the track it overlaps most,
 * unless its embedding is clearly a different person (cosine below `minAppearanceSimilarity`), which
 * happens when one person steps out and the next steps into the same spot between two frames.
 */
export class IouTracker {
  private readonly tracks = new Map<string, TrackState>();
  private nextId = 1;

  constructor(
    private readonly options: TrackerOptions,
    private readonly minAppearanceSimilarity: number | null = null,
  ) {}

  /** Live tracks (including those briefly missed). */
  get active(): readonly TrackState[] {
    return [...this.tracks.values()];
  }

  update(inputs: readonly TrackInput[]): TrackerUpdate {
    const candidates: { track: TrackState; input: number; iou: number }[] = [];
    for (const track of this.tracks.values()) {
      inputs.forEach((input, index) => {
        const iou = intersectionOverUnion(track.box, input.box);
        if (iou >= this.options.minIou) candidates.push({ track, input: index, iou });
      });
    }
    candidates.sort((a, b) => b.iou - a.iou);

    const trackIds: string[] = new Array<string>(inputs.length).fill('');
    const matched = new Set<string>();
    const ended: string[] = [];
    for (const { track, input } of candidates) {
      if (matched.has(track.id) || trackIds[input] !== '') continue;
      const detection = inputs[input];
      if (detection === undefined) continue;
      matched.add(track.id);
      if (this.isDifferentPerson(track, detection.embedding)) {
        this.tracks.delete(track.id);
        ended.push(track.id);
        continue;
      }
      this.continueTrack(track, detection);
      trackIds[input] = track.id;
    }
    inputs.forEach((input, index) => {
      if (trackIds[index] === '') trackIds[index] = this.startTrack(input).id;
    });
    for (const track of this.tracks.values()) {
      if (matched.has(track.id) || trackIds.includes(track.id)) continue;
      track.missedFrames += 1;
      if (track.missedFrames > this.options.maxMissedFrames) {
        this.tracks.delete(track.id);
        ended.push(track.id);
      }
    }
    return { trackIds, ended };
  }

  /**
   * Checks a face embedded after association against its track's appearance: the same person adds to the
   * appearance; somebody else ends the track and starts a new one on the same box (an IoU tracker hands a
   * box to another person when two cross, or when one steps into the place the other just left).
   * @returns the id of the track that holds the face now, and the id of the track that ended, if any.
   */
  confirmAppearance(trackId: string, embedding: Float32Array): { trackId: string; ended: string | null } {
    const track = this.tracks.get(trackId);
    if (!track) return { trackId, ended: null };
    if (!this.isDifferentPerson(track, embedding)) {
      addAppearance(track, embedding);
      return { trackId, ended: null };
    }
    this.tracks.delete(trackId);
    return { trackId: this.startTrack({ box: track.box, embedding }).id, ended: trackId };
  }

  private isDifferentPerson(track: TrackState, embedding: Float32Array | null | undefined): boolean {
    if (this.minAppearanceSimilarity === null || !embedding || track.appearance === null) {
      return false;
    }
    return cosine(track.appearance, embedding) < this.minAppearanceSimilarity;
  }

  private continueTrack(track: TrackState, input: TrackInput): void {
    track.box = input.box;
    track.missedFrames = 0;
    track.hits += 1;
    if (input.embedding) addAppearance(track, input.embedding);
  }

  private startTrack(input: TrackInput): TrackState {
    const track: TrackState = {
      id: `${this.options.idPrefix}${this.nextId++}`,
      box: input.box,
      appearance: null,
      appearanceCount: 0,
      missedFrames: 0,
      hits: 1,
    };
    if (input.embedding) addAppearance(track, input.embedding);
    this.tracks.set(track.id, track);
    return track;
  }
}

function addAppearance(track: TrackState, embedding: Float32Array): void {
  if (track.appearance === null) {
    track.appearance = Float32Array.from(embedding);
    track.appearanceCount = 1;
    return;
  }
  const n = track.appearanceCount;
  for (let i = 0; i < embedding.length; i++) {
    track.appearance[i] = ((track.appearance[i] ?? 0) * n + (embedding[i] ?? 0)) / (n + 1);
  }
  track.appearanceCount = n + 1;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
