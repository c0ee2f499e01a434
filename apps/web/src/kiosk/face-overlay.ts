import type { AnalyzedFace } from '@attendance/vision';

/** Green only after liveness and recognition succeeded; red for a refusal; amber while checking. */
export type BoxColor = 'green' | 'red' | 'amber';

const STROKE: Record<BoxColor, string> = { green: '#2ea043', red: '#f85149', amber: '#d29922' };

/** Draws face boxes over the video: the current visitor's colour, amber for anyone else. */
export function drawFaces(
  canvas: HTMLCanvasElement,
  faces: AnalyzedFace[],
  width: number,
  height: number,
  visitorColor: BoxColor = 'amber',
): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, width, height);
  context.lineWidth = Math.max(2, width / 320);
  const largestWidth = Math.max(0, ...faces.map((f) => f.box[2] - f.box[0]));
  for (const face of faces) {
    const [x1, y1, x2, y2] = face.box;
    const isVisitor = x2 - x1 === largestWidth;
    context.strokeStyle = STROKE[isVisitor ? visitorColor : 'amber'];
    context.strokeRect(x1, y1, x2 - x1, y2 - y1);
  }
}
