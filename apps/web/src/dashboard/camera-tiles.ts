import { readFrameOverlay, type CameraLiveStatus, type ServerEventOf } from '@attendance/protocol';
import { formatNumber } from '../i18n/format.js';
import { localize, onLanguageChange } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';
import type { CameraNames } from './camera-names.js';
import { drawFrameOverlay } from './frame-overlay-view.js';

interface Tile {
  root: HTMLElement;
  image: HTMLImageElement;
  overlay: HTMLElement;
  title: HTMLElement;
  place: HTMLElement;
  state: HTMLElement;
  stats: HTMLElement;
  objectUrl: string | null;
}

/** One tile per camera (named as on the Cameras page): the latest annotated frame, online state and frame rate. */
export class CameraTiles {
  private readonly tiles = new Map<string, Tile>();
  /** The relay's latest word on each camera, for the Cameras page. */
  private readonly statuses = new Map<string, CameraLiveStatus>();

  constructor(
    private readonly container: HTMLElement,
    private readonly names: CameraNames,
  ) {
    // The rates are written in the language's number notation: rewrite them at once on a switch.
    onLanguageChange(() => this.update([...this.statuses.values()]));
    names.onChange(() => {
      for (const [cameraId, tile] of this.tiles) this.name(cameraId, tile);
    });
  }

  showFrame(cameraId: string, jpeg: Uint8Array): void {
    const tile = this.tile(cameraId);
    // Revoke the previous frame's URL or every frame would stay in memory.
    if (tile.objectUrl) URL.revokeObjectURL(tile.objectUrl);
    tile.objectUrl = URL.createObjectURL(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
    tile.image.src = tile.objectUrl;
    // Boxes and names come beside the picture as data (frames of older agents have none).
    drawFrameOverlay(tile.overlay, readFrameOverlay(jpeg));
    this.setState(tile, true);
  }

  update(cameras: CameraLiveStatus[]): void {
    for (const camera of cameras) {
      this.statuses.set(camera.camera_id, camera);
      const tile = this.tile(camera.camera_id);
      this.setState(tile, camera.online);
      localize(tile.stats, 'tiles.stats', {
        fps: formatNumber(camera.fps, 1),
        frames: formatNumber(camera.frames),
        dropped: formatNumber(camera.dropped),
        viewers: formatNumber(camera.viewers),
      });
      tile.root.dataset.fps = String(camera.fps);
    }
  }

  /** Every camera the relay has reported, with its online state and last frame time. */
  liveStatuses(): ReadonlyMap<string, CameraLiveStatus> {
    return this.statuses;
  }

  setOnline(event: ServerEventOf<'camera.online'> | ServerEventOf<'camera.offline'>): void {
    const known = this.statuses.get(event.payload.camera_id);
    if (known) known.online = event.type === 'camera.online';
    this.setState(this.tile(event.payload.camera_id), event.type === 'camera.online');
  }

  private setState(tile: Tile, online: boolean): void {
    localize(tile.state, online ? 'tiles.online' : 'tiles.offline');
    tile.state.className = `chip ${online ? 'online' : 'offline'}`;
    tile.root.dataset.online = String(online);
  }

  private tile(cameraId: string): Tile {
    let tile = this.tiles.get(cameraId);
    if (tile) return tile;
    if (this.tiles.size === 0) this.container.replaceChildren();
    const image = el('img');
    const state = el('span', { class: 'chip' }, '…');
    const overlay = el('div', { class: 'frame-overlay', translate: 'no' });
    const stats = el('footer');
    localize(stats, 'tiles.waiting');
    const title = el('strong', { class: 'camera-name', translate: 'no' });
    const place = el('small', { class: 'camera-place muted', translate: 'no' });
    const root = el(
      'article',
      { class: 'tile', 'data-camera': cameraId },
      el('header', {}, el('div', { class: 'camera-title' }, title, place), state),
      el('div', { class: 'frame' }, image, overlay),
      stats,
    );
    tile = { root, image, overlay, title, place, state, stats, objectUrl: null };
    this.name(cameraId, tile);
    this.tiles.set(cameraId, tile);
    const ordered = [...this.tiles.keys()].sort();
    this.container.insertBefore(
      root,
      this.tiles.get(ordered[ordered.indexOf(cameraId) + 1] ?? '')?.root ?? null,
    );
    return tile;
  }

  /** The name where one is set, with the location and the id beneath; else the bare id. */
  private name(cameraId: string, tile: Tile): void {
    const label = this.names.label(cameraId);
    tile.title.textContent = label;
    tile.place.textContent = [this.names.location(cameraId), label === cameraId ? null : cameraId]
      .filter(Boolean)
      .join(' · ');
    tile.place.hidden = tile.place.textContent === '';
    localize(tile.image, 'tiles.alt', { camera: label }, 'alt');
  }
}
