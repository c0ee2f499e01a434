import { describe, expect, it } from 'vitest';
import { decodeLiveFrame, LiveMessageSchema, type LiveMessage } from '@attendance/protocol';
import type { FrameSink } from '../../src/relay/frame-sink.js';
import { RelayHub } from '../../src/relay/relay-hub.js';

/** An in-memory socket: records what was sent; `autoComplete=false` models a viewer that never reads. */
class RecordingSink implements FrameSink {
  readonly frames: { cameraId: string; jpeg: string }[] = [];
  readonly messages: LiveMessage[] = [];
  readonly pending: (() => void)[] = [];
  closedWith: number | null = null;
  bufferedAmount = 0;

  constructor(private readonly autoComplete = true) {}

  send(data: Uint8Array | string, done: (error?: Error) => void): void {
    if (typeof data === 'string') {
      this.messages.push(LiveMessageSchema.parse(JSON.parse(data)));
      done();
      return;
    }
    const frame = decodeLiveFrame(data);
    if (!frame) throw new Error('malformed frame');
    this.frames.push({ cameraId: frame.cameraId, jpeg: new TextDecoder().decode(frame.jpeg) });
    if (this.autoComplete) done();
    else this.pending.push(() => done());
  }

  close(code: number): void {
    this.closedWith = code;
  }

  eventTypes(): string[] {
    return this.messages.map((m) => m.type).filter((t) => t !== 'relay.status');
  }
}

const jpeg = (text: string) => new TextEncoder().encode(text);

describe(RelayHub.name, () => {
  it('routes frames per camera and tags them with the camera id for viewers of all cameras', () => {
    const sut = new RelayHub();
    const doorViewer = new RecordingSink();
    const allViewer = new RecordingSink();
    sut.connectViewer(doorViewer, { kind: 'camera', cameraId: 'door' });
    sut.connectViewer(allViewer, { kind: 'all' });
    const door = sut.connectPublisher('door', () => undefined);
    const hall = sut.connectPublisher('hall', () => undefined);

    door.publish(jpeg('d1'));
    hall.publish(jpeg('h1'));
    door.publish(jpeg('d2'));

    expect(doorViewer.frames).toEqual([
      { cameraId: 'door', jpeg: 'd1' },
      { cameraId: 'door', jpeg: 'd2' },
    ]);
    expect(allViewer.frames.map((f) => `${f.cameraId}:${f.jpeg}`)).toEqual(['door:d1', 'hall:h1', 'door:d2']);
  });

  it('keeps only the latest frame for a stalled viewer and never holds back the others', () => {
    const sut = new RelayHub({ maxFramesInFlight: 2 });
    const stalled = new RecordingSink(false);
    const healthy = new RecordingSink();
    const stalledHandle = sut.connectViewer(stalled, { kind: 'all' });
    sut.connectViewer(healthy, { kind: 'all' });
    const camera = sut.connectPublisher('door', () => undefined);

    for (let i = 0; i < 100; i++) camera.publish(jpeg(`f${i}`));

    expect(healthy.frames).toHaveLength(100);
    expect(stalled.frames.map((f) => f.jpeg)).toEqual(['f0', 'f1']);
    // f2…f98 were each replaced by a newer frame while waiting in the one-slot mailbox.
    expect(stalledHandle.viewer.framesDropped).toBe(97);
    expect(sut.cameraStatuses()[0]?.dropped).toBe(97);

    stalled.pending.shift()?.();
    expect(stalled.frames.map((f) => f.jpeg)).toEqual(['f0', 'f1', 'f99']);
  });

  it('announces cameras going online and offline, and a replaced publisher stays online', () => {
    const sut = new RelayHub();
    const viewer = new RecordingSink();
    sut.connectViewer(viewer, { kind: 'all' });
    let replaced = 0;
    const first = sut.connectPublisher('door', () => replaced++);
    const second = sut.connectPublisher('door', () => replaced++);
    first.disconnect();
    first.publish(jpeg('stale'));

    expect(replaced).toBe(1);
    expect(sut.isPublishing('door')).toBe(true);
    expect(viewer.frames).toEqual([]);
    second.disconnect();

    expect(viewer.eventTypes()).toEqual(['camera.online', 'camera.offline']);
    expect(sut.cameraStatuses()).toMatchObject([{ camera_id: 'door', online: false }]);
  });

  it('sends typed events only to viewers watching the event camera', () => {
    const sut = new RelayHub();
    const doorViewer = new RecordingSink();
    const hallViewer = new RecordingSink();
    sut.connectViewer(doorViewer, { kind: 'camera', cameraId: 'door' });
    sut.connectViewer(hallViewer, { kind: 'camera', cameraId: 'hall' });

    sut.publish({ v: 1, type: 'face.unknown', payload: { camera_id: 'door', similarity: 0.2, at: 'now' } });

    expect(doorViewer.eventTypes()).toEqual(['face.unknown']);
    expect(hallViewer.eventTypes()).toEqual([]);
  });

  it('measures the frame rate over its window', () => {
    let now = 0;
    const sut = new RelayHub({ fpsWindowMs: 1000, now: () => now });
    const camera = sut.connectPublisher('door', () => undefined);
    for (let i = 0; i < 25; i++) {
      now += 40;
      camera.publish(jpeg('x'));
    }
    expect(sut.cameraStatuses()[0]?.fps).toBe(25);
    now += 2000;
    expect(sut.cameraStatuses()[0]?.fps).toBe(0);
  });

  it('disconnects a viewer whose socket is hopelessly behind instead of buffering more', () => {
    const sut = new RelayHub({ maxBufferedBytes: 1000 });
    const viewer = new RecordingSink();
    sut.connectViewer(viewer, { kind: 'all' });
    viewer.bufferedAmount = 5000;

    sut.publish({ v: 1, type: 'camera.online', payload: { camera_id: 'x', at: 'now' } });

    expect(viewer.closedWith).toBe(1013);
    expect(viewer.eventTypes()).toEqual([]);
  });
});

describe('RelayHub across instances (what the Redis bridge feeds in and takes out)', () => {
  it('forwards local frames and events to the uplink, never remote ones (no echo between instances)', () => {
    const hub = new RelayHub();
    const up = { frames: [] as string[], events: [] as string[] };
    hub.attachUplink({
      frame: (cameraId, data) => up.frames.push(`${cameraId}:${new TextDecoder().decode(data)}`),
      event: (event) => up.events.push(event.type),
      viewersChanged: () => undefined,
    });
    const publisher = hub.connectPublisher('door', () => undefined);
    publisher.publish(jpeg('local'));
    hub.receiveRemoteFrame('yard', jpeg('remote'));
    hub.receiveRemoteEvent({ v: 1, type: 'camera.online', payload: { camera_id: 'yard', at: 'now' } });
    publisher.disconnect();
    expect(up.frames).toEqual(['door:local']);
    expect(up.events).toEqual(['camera.online', 'camera.offline']);
    expect(hub.localCameraIds()).toEqual([]);
  });

  it('says what its viewers watch, and tells the uplink each time a viewer comes or goes', () => {
    const hub = new RelayHub();
    const changes: string[] = [];
    hub.attachUplink({
      frame: () => undefined,
      event: () => undefined,
      viewersChanged: () => changes.push(JSON.stringify(hub.watchedCameras())),
    });
    expect(hub.watchedCameras()).toEqual([]);
    const door = hub.connectViewer(new RecordingSink(), { kind: 'camera', cameraId: 'door' });
    const yard = hub.connectViewer(new RecordingSink(), { kind: 'camera', cameraId: 'yard' });
    const grid = hub.connectViewer(new RecordingSink(), { kind: 'all' });
    grid.disconnect();
    door.disconnect();
    yard.disconnect();
    expect(changes).toEqual(['["door"]', '["door","yard"]', '"all"', '["door","yard"]', '["yard"]', '[]']);
  });

  it('shows a remote camera to local viewers, online while its instance reports it, offline once it stops', () => {
    let now = 1_000_000;
    const hub = new RelayHub({ now: () => now, remoteCameraTtlMs: 5000 });
    const sink = new RecordingSink();
    hub.connectViewer(sink, { kind: 'all' });
    hub.receiveRemoteEvent({ v: 1, type: 'camera.online', payload: { camera_id: 'yard', at: 'now' } });
    hub.receiveRemoteFrame('yard', jpeg('f1'));
    expect(sink.frames).toEqual([{ cameraId: 'yard', jpeg: 'f1' }]);
    expect(sink.eventTypes()).toEqual(['camera.online']);
    expect(hub.cameraStatuses()).toMatchObject([{ camera_id: 'yard', online: true, frames: 1 }]);
    // Remote cameras do not count against this instance's publisher limit.
    expect(hub.publisherCount).toBe(0);

    now += 4000;
    hub.receiveRemotePresence(['yard']);
    now += 4000;
    expect(hub.cameraStatuses()[0]?.online).toBe(true);
    // Its instance crashed: no presence, no frames, no camera.offline. It expires after the TTL.
    now += 1001;
    expect(hub.cameraStatuses()[0]?.online).toBe(false);

    hub.receiveRemoteFrame('yard', jpeg('f2'));
    expect(hub.cameraStatuses()[0]?.online).toBe(true);
    hub.receiveRemoteEvent({ v: 1, type: 'camera.offline', payload: { camera_id: 'yard', at: 'now' } });
    expect(hub.cameraStatuses()[0]?.online).toBe(false);
  });
});
