import type { AnalyzedFace } from '@attendance/vision';

/** Draws face boxes over the video (green when the face passed the quality checks, amber otherwise). */
export function drawFaces(
  canvas: HTMLCanvasElement,
  faces: AnalyzedFace[],
  width: number,
  height: number,
): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, width, height);
  context.lineWidth = Math.max(2, width / 320);
  for (const face of faces) {
    const [x1, y1, x2, y2] = face.box;
    context.strokeStyle = face.quality.ok ? '#2ea043' : '#d29922';
    context.strokeRect(x1, y1, x2 - x1, y2 - y1);
  }
}
