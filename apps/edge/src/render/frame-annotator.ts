import { drawText, measureText, strokeBox, type Rgb, type RgbFrame } from './rgb-raster.js';

/** Overlay colours, as the original: green = recorded/known, red = unknown/refused, yellow = pending. */
export const OVERLAY_COLORS = {
  green: [0, 200, 0],
  red: [230, 20, 20],
  yellow: [255, 210, 0],
  white: [255, 255, 255],
  black: [0, 0, 0],
} as const satisfies Record<string, Rgb>;

export type OverlayColor = 'green' | 'red' | 'yellow';

export interface FaceOverlay {
  readonly box: readonly [number, number, number, number];
  readonly color: OverlayColor;
  /** Upper-cased when drawn, e.g. `ADA LOVELACE (RECORDED)`, `UNKNOWN`, `TOO DARK`. */
  readonly label: string;
}

/**
 * Draws face boxes with labels and optional banner lines (status, errors) onto the frame in place.
 * Labels sit above the box, or inside it when the box touches the top edge.
 */
export function annotateFrame(
  frame: RgbFrame,
  faces: readonly FaceOverlay[],
  banners: readonly { text: string; color: OverlayColor | 'white' }[] = [],
): void {
  const scale = frame.width >= 960 ? 2 : 1;
  const thickness = Math.max(2, Math.round(frame.width / 320));
  for (const face of faces) {
    const color = OVERLAY_COLORS[face.color];
    strokeBox(frame, face.box, color, thickness);
    const label = face.label.toUpperCase();
    const size = measureText(label, scale);
    const above = face.box[1] - size.height - 3 * scale;
    const y = above >= 0 ? above : face.box[1] + thickness + scale;
    const x = Math.max(scale, Math.min(face.box[0], frame.width - size.width - scale));
    drawText(frame, label, { x, y }, { color: OVERLAY_COLORS.black, scale, background: color });
  }
  let y = 2 * scale;
  for (const banner of banners) {
    drawText(
      frame,
      banner.text.toUpperCase(),
      { x: 2 * scale, y },
      { color: OVERLAY_COLORS[banner.color], scale, background: OVERLAY_COLORS.black },
    );
    y += measureText('X', scale).height + 3 * scale;
  }
}
