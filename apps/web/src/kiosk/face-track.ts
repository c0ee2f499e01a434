type Box = readonly [number, number, number, number];

const MIN_IOU = 0.3;
/** A face missing for longer than this starts a new visitor. */
const MAX_GAP_MS = 1000;

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * The kiosk follows one face (the largest) from frame to frame: the same id while its box keeps
 * overlapping, a new id when the face jumps or disappears for a moment. The head-turn challenge requires
 * one id from start to end, so a photo swapped in mid-challenge is a different track.
 */
export class FaceTrack {
  private box: Box | null = null;
  private seenAt = 0;
  private sequence = 0;

  /** The track id of this frame's face, or null when no face is seen. */
  update(box: Box | null, timeMs: number): string | null {
    if (box === null) {
      if (timeMs - this.seenAt > MAX_GAP_MS) this.box = null;
      return null;
    }
    const continues =
      this.box !== null && timeMs - this.seenAt <= MAX_GAP_MS && iou(this.box, box) >= MIN_IOU;
    if (!continues) this.sequence++;
    this.box = box;
    this.seenAt = timeMs;
    return `kiosk-${this.sequence}`;
  }
}
