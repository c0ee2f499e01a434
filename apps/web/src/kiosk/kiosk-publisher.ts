import type { AnalyzedFace } from '@attendance/vision';

const MAX_FPS = 4;
const JPEG_QUALITY = 0.7;

/**
 * Publishes the kiosk's annotated view to the live relay (`/v1/live/publish`, authenticated by the session
 * cookie of the kiosk's edge key), so the dashboard shows it like any camera. Best effort and never
 * queues: a frame is skipped while the previous one is still being encoded or sent.
 */
export class KioskPublisher {
  private socket: WebSocket | null = null;
  private busy = false;
  private lastSentAt = 0;
  private readonly canvas = document.createElement('canvas');

  constructor(private readonly cameraId: string) {
    this.connect();
  }

  offer(video: HTMLVideoElement, faces: AnalyzedFace[], width: number, height: number): void {
    const now = performance.now();
    const socket = this.socket;
    if (this.busy || !socket || socket.readyState !== WebSocket.OPEN || socket.bufferedAmount > 0) return;
    if (now - this.lastSentAt < 1000 / MAX_FPS) return;
    this.lastSentAt = now;
    this.canvas.width = width;
    this.canvas.height = height;
    const context = this.canvas.getContext('2d');
    if (!context) return;
    this.busy = true;
    context.drawImage(video, 0, 0, width, height);
    context.lineWidth = Math.max(2, width / 320);
    for (const face of faces) {
      const [x1, y1, x2, y2] = face.box;
      context.strokeStyle = face.quality.ok ? '#2ea043' : '#d29922';
      context.strokeRect(x1, y1, x2 - x1, y2 - y1);
    }
    this.canvas.toBlob(
      (blob) => {
        this.busy = false;
        if (blob && socket.readyState === WebSocket.OPEN) socket.send(blob);
      },
      'image/jpeg',
      JPEG_QUALITY,
    );
  }

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/v1/live/publish?camera_id=${encodeURIComponent(this.cameraId)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('close', () => {
      this.socket = null;
      setTimeout(() => this.connect(), 5000);
    });
  }
}
