import { describe, expect, it } from 'vitest';
import { parseCameraSource } from './camera-source.js';
import { buildFfmpegArgs, buildProbeArgs } from './ffmpeg-args.js';
import { RawFrameAssembler } from './raw-frame-assembler.js';

const linux = { platform: 'linux' as const, isDirectory: (p: string) => p === 'photos' };

describe(parseCameraSource.name, () => {
  it('recognises webcams, streams, folders and files', () => {
    expect(parseCameraSource('webcam:0', linux)).toEqual({ kind: 'v4l2', device: '/dev/video0' });
    expect(parseCameraSource('/dev/video3', linux)).toEqual({ kind: 'v4l2', device: '/dev/video3' });
    expect(parseCameraSource('webcam:0', { ...linux, platform: 'darwin' })).toEqual({
      kind: 'avfoundation',
      device: '0',
    });
    expect(parseCameraSource('dshow:video=Integrated Camera', linux).kind).toBe('dshow');
    expect(parseCameraSource('rtsp://cam/stream', linux)).toEqual({ kind: 'url', url: 'rtsp://cam/stream' });
    expect(parseCameraSource('photos', linux)).toEqual({ kind: 'images', dir: 'photos' });
    expect(parseCameraSource('door.mp4', linux)).toEqual({ kind: 'file', path: 'door.mp4' });
  });
});

describe(buildFfmpegArgs.name, () => {
  it('decodes to raw rgb24 on stdout with fps cap, mirror and letterboxed size', () => {
    const args = buildFfmpegArgs(
      { kind: 'v4l2', device: '/dev/video0' },
      { fps: 10, mirror: true, size: { width: 640, height: 480 }, realtime: false },
    );
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual([
      '-f',
      'v4l2',
      '-i',
      '/dev/video0',
    ]);
    expect(args[args.indexOf('-vf') + 1]).toMatch(/^fps=10,hflip,scale=640:480:/);
    expect(args.slice(-5)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  });

  it('reads files at native speed only when asked, and probes the same input', () => {
    const file = { kind: 'file' as const, path: 'door.mp4' };
    const base = { fps: null, mirror: false, size: { width: 320, height: 240 } };
    expect(buildFfmpegArgs(file, { ...base, realtime: true })).toContain('-re');
    expect(buildFfmpegArgs(file, { ...base, realtime: false })).not.toContain('-re');
    expect(buildFfmpegArgs(file, { ...base, realtime: false }).join(' ')).not.toContain('hflip');
    expect(buildProbeArgs(file).at(-1)).toBe('door.mp4');
  });
});

describe(RawFrameAssembler.name, () => {
  it('cuts arbitrary chunks into whole frames', () => {
    const sut = new RawFrameAssembler(2, 1); // 6 bytes per frame
    expect(sut.push(Uint8Array.from([1, 2, 3, 4]))).toEqual([]);
    const frames = sut.push(Uint8Array.from([5, 6, 7, 8, 9, 10, 11, 12, 13]));
    expect(frames.map((f) => Array.from(f))).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    expect(sut.pendingBytes).toBe(1);
  });
});
