import type { FrameOverlay } from '@attendance/protocol';
import { el } from '../shared/dom.js';

const percent = (value: number, of: number) => `${((value / of) * 100).toFixed(3)}%`;

/**
 * Draws a frame's boxes and labels over its picture as HTML, positioned in percent of the frame, so they
 * scale with the tile and the names render in any script with the browser's fonts. Text only ever goes in
 * through textContent. `null` (no overlay data) clears it.
 */
export function drawFrameOverlay(container: HTMLElement, overlay: FrameOverlay | null): void {
  // Cameras repeat the same boxes frame after frame: rebuild only when something changed.
  const signature = overlay ? JSON.stringify(overlay) : '';
  if (container.dataset.signature === signature) return;
  container.dataset.signature = signature;
  if (!overlay) {
    container.replaceChildren();
    return;
  }
  const { width, height } = overlay;
  const faces = overlay.faces.map((face) => {
    const [x1, y1, x2, y2] = face.box;
    const box = el(
      'div',
      { class: `face-box ${face.color}`, 'data-color': face.color },
      el('span', { class: 'face-label' }, face.label),
    );
    box.style.left = percent(Math.max(0, x1), width);
    box.style.top = percent(Math.max(0, y1), height);
    box.style.width = percent(Math.max(0, x2 - x1), width);
    box.style.height = percent(Math.max(0, y2 - y1), height);
    return box;
  });
  const banners = el(
    'div',
    { class: 'banners' },
    ...overlay.banners.map((text) => el('div', { class: 'banner' }, text)),
  );
  container.replaceChildren(...faces, banners);
}
