import { ApiClient } from '../client/api-client.js';
import { runCameraAgent } from '../camera/camera-agent.js';
import { openFrames } from '../camera/open-frames.js';
import { TrackLivenessGate } from '../camera/track-liveness.js';
import { DEFAULT_POLICY } from '../camera/track-recognizer.js';
import { requireApiKey } from '../config/edge-config.js';
import { LIVE_FLAG_OPTIONS, LIVE_FLAGS_HELP, startLiveOutputs } from '../live/live-outputs.js';
import { OfflineQueue } from '../queue/offline-queue.js';
import { EXIT_CODES } from '../errors.js';
import { numberFlag, parseCommand, type Command } from './command.js';
import { loadLiveness, loadServerMatchedPipeline } from '../pipeline/load-pipeline.js';
import { SOURCE_FLAG_OPTIONS, SOURCE_FLAGS_HELP, frameSourceOptions } from './source-flags.js';

const USAGE = `Usage: attendance camera [--source SRC] [options]

The edge agent: reads frames, checks quality, detects and tracks faces, fuses a few frames per person
and asks the server who it is (one request per person, not per frame). Events that cannot be delivered
wait in a durable offline queue under EDGE_DATA_DIR and are replayed, in order, when the server is back.

Recognition:
  --fuse-frames N       good frames fused into one probe (default ${DEFAULT_POLICY.framesToFuse})
  --result-ttl S        ask again about a recognised person after S seconds (default ${DEFAULT_POLICY.knownTtlMs / 1000})
  --unknown-ttl S       ask again about an unknown face after S seconds (default ${DEFAULT_POLICY.unknownTtlMs / 1000})
  --stats-interval S    print FPS, per-stage timings and counts every S seconds (default 10)
  --drain-timeout S     at the end of a file, wait up to S seconds for queued events (default 30)

Liveness (anti-spoofing, the shared --liveness flags: attendance --help): passive MiniFASNet score averaged over
each track's frames. warn: identify anyway, report the spoof attempt. enforce: identify only faces judged
real, show a red box with the reason (spoof / come closer), report spoof attempts to the server.

${SOURCE_FLAGS_HELP}

${LIVE_FLAGS_HELP}`;

const OPTIONS = {
  'fuse-frames': { type: 'string' },
  'result-ttl': { type: 'string' },
  'unknown-ttl': { type: 'string' },
  'stats-interval': { type: 'string' },
  'drain-timeout': { type: 'string' },
  ...SOURCE_FLAG_OPTIONS,
  ...LIVE_FLAG_OPTIONS,
} as const;

/**
 * `attendance camera`: the edge agent. Exit 0 when the source ended (or Ctrl-C) with every event
 * delivered; 69 when events are still queued; 1 when the server refused requests (e.g. 401).
 */
export const cameraCommand: Command = {
  name: 'camera',
  summary: 'run the edge agent on a webcam, IP camera, video file or image folder',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: OPTIONS, usage: USAGE }, context);
    if (parsed === null) return EXIT_CODES.ok;
    const { values, config } = parsed;
    const client = new ApiClient({
      baseUrl: config.serverUrl,
      apiKey: requireApiKey(config),
      timeoutMs: config.requestTimeoutMs,
    });
    const fuse = Math.round(numberFlag(values['fuse-frames'], 'fuse-frames', DEFAULT_POLICY.framesToFuse));
    const policy = {
      ...DEFAULT_POLICY,
      framesToFuse: fuse,
      bestOfSamples: fuse,
      knownTtlMs: numberFlag(values['result-ttl'], 'result-ttl', DEFAULT_POLICY.knownTtlMs / 1000) * 1000,
      unknownTtlMs:
        numberFlag(values['unknown-ttl'], 'unknown-ttl', DEFAULT_POLICY.unknownTtlMs / 1000) * 1000,
    };
    const sourceOptions = frameSourceOptions(values, config, context);
    const queue = OfflineQueue.open(config.dataDir);
    const pipeline = await loadServerMatchedPipeline(config, context.log, client);
    const checker =
      config.livenessMode === 'off'
        ? null
        : await loadLiveness(config, context.log).catch(async (error: unknown) => {
            await pipeline.dispose();
            throw error;
          });
    const outputs = await startLiveOutputs(values, config, context.log);
    try {
      const { frames, description } = await openFrames(sourceOptions);
      context.log('info', `camera ${config.cameraId}: reading ${description}; server ${config.serverUrl}`);
      const summary = await runCameraAgent({
        pipeline,
        frames,
        client,
        queue,
        cameraId: config.cameraId,
        policy,
        liveness:
          checker && config.livenessMode !== 'off'
            ? {
                checker,
                gate: new TrackLivenessGate({
                  mode: config.livenessMode,
                  threshold: checker.threshold,
                  checkedBy: checker.modelNames.join('+').slice(0, 64),
                }),
              }
            : null,
        appearanceGate: pipeline.defaultThreshold,
        live: outputs.live,
        preview: outputs.preview,
        jpegQuality: outputs.jpegQuality,
        statsIntervalMs: numberFlag(values['stats-interval'], 'stats-interval', 10) * 1000,
        drainTimeoutMs: numberFlag(values['drain-timeout'], 'drain-timeout', 30) * 1000,
        retryIntervalMs: 1000,
        log: context.log,
        signal: context.signal,
      });
      if (summary.stillQueued > 0) {
        context.log(
          'warn',
          `${summary.stillQueued} event(s) still queued in ${config.dataDir}; they are sent on the next run`,
        );
        return EXIT_CODES.network;
      }
      if (summary.errors > 0) {
        context.log('error', `${summary.errors} identify request(s) were refused by the server (see above)`);
        return EXIT_CODES.failure;
      }
      return EXIT_CODES.ok;
    } finally {
      await outputs.close();
      await pipeline.dispose();
      await checker?.dispose();
    }
  },
};
