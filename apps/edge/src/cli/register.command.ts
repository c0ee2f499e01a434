import path from 'node:path';
import { ApiClient } from '../client/api-client.js';
import { openFrames } from '../camera/open-frames.js';
import { requireApiKey, type EdgeConfig } from '../config/edge-config.js';
import { LIVE_FLAG_OPTIONS, LIVE_FLAGS_HELP, startLiveOutputs } from '../live/live-outputs.js';
import { captureEnrollmentSamples } from '../register/camera-enrollment.js';
import { EnrollmentChallenge } from '../register/enrollment-challenge.js';
import { formatEnrollmentSummary, type SummaryRow } from '../register/enrollment-summary.js';
import {
  candidatesFromCsv,
  candidatesFromFolder,
  type EnrollmentCandidate,
} from '../register/enrollment-sources.js';
import { enrollPerson } from '../register/person-enrollment.js';
import { embedPhotos } from '../register/photo-embedder.js';
import { ProgressBar } from '../register/progress-bar.js';
import { CliError, EXIT_CODES } from './cli-error.js';
import { numberFlag, parseCommand, type Command, type CommandContext } from './command.js';
import { loadServerMatchedPipeline } from './load-pipeline.js';
import { SOURCE_FLAG_OPTIONS, SOURCE_FLAGS_HELP, frameSourceOptions } from './source-flags.js';

const USAGE = `Usage:
  attendance register --name NAME [--external-id ID] PHOTO...     one person from photo files
  attendance register --folder DIR [--max-photos N]                 bulk: DIR/<name or id>/photo*.jpg
  attendance register --csv FILE                                    bulk: rows of id,name,photo[;photo…]
  attendance register --camera --name NAME [--samples 5]            capture from the camera

Options:
  --name NAME            display name (single person)
  --external-id ID       employee id (single person; bulk folders use the folder name)
  --role ROLE            role for everyone enrolled (default employee)
  --max-photos N         use at most N photos per person (bulk folder)
  --samples N            camera: samples to capture (default 5)
  --sample-interval MS   camera: time between samples (default 600)
  --capture-timeout S    camera: give up after S seconds (default 60)
  --no-challenge         camera: skip the head-turn liveness check (on by default: turn your head left
                         or right when asked, then look back, before the samples are taken)
  --challenge-direction left|right
                         camera: fixed turn direction for scripted setups (default random each attempt)

Prints a summary (enrolled, duplicates, refused with reason, failed); exits 1 when anyone was not enrolled.

${SOURCE_FLAGS_HELP}

${LIVE_FLAGS_HELP}`;

const OPTIONS = {
  name: { type: 'string' },
  'external-id': { type: 'string' },
  role: { type: 'string' },
  folder: { type: 'string' },
  csv: { type: 'string' },
  'max-photos': { type: 'string' },
  camera: { type: 'boolean' },
  'no-challenge': { type: 'boolean' },
  'challenge-direction': { type: 'string' },
  samples: { type: 'string' },
  'sample-interval': { type: 'string' },
  'capture-timeout': { type: 'string' },
  ...SOURCE_FLAG_OPTIONS,
  ...LIVE_FLAG_OPTIONS,
} as const;

/** `attendance register`: enrollment from photos, folders, CSV files or the camera. */
export const registerCommand: Command = {
  name: 'register',
  summary: 'enroll people from photos, a bulk folder, a CSV file or the camera',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: OPTIONS, usage: USAGE, allowPositionals: true }, context);
    if (parsed === null) return EXIT_CODES.ok;
    const { values, positionals, config } = parsed;
    const role = values.role ?? 'employee';
    const client = new ApiClient({
      baseUrl: config.serverUrl,
      apiKey: requireApiKey(config),
      timeoutMs: Math.max(config.requestTimeoutMs, 15_000),
    });
    if (values.camera === true) return registerFromCamera(values, config, client, context);

    const candidates = selectCandidates(values, positionals, context.cwd);
    const pipeline = await loadServerMatchedPipeline(config, context.log, client);
    const rows: SummaryRow[] = [];
    const progress = new ProgressBar(candidates.length);
    try {
      for (const candidate of candidates) {
        if (context.signal.aborted) break;
        const { embeddings, refused } = await embedPhotos(pipeline, candidate.photos);
        const outcome = await enrollPerson(
          client,
          { name: candidate.name, externalId: candidate.externalId, role, model: pipeline.modelId },
          embeddings,
        );
        rows.push({ name: candidate.name, outcome, templates: embeddings.length, refusedPhotos: refused });
        progress.tick(`${candidate.name}: ${outcome.kind}`);
      }
    } finally {
      await pipeline.dispose();
    }
    context.stdout.write(`${formatEnrollmentSummary(rows)}\n`);
    const allEnrolled =
      rows.length === candidates.length && rows.every((row) => row.outcome.kind === 'enrolled');
    return allEnrolled ? EXIT_CODES.ok : EXIT_CODES.failure;
  },
};

function selectCandidates(
  values: { name?: string; 'external-id'?: string; folder?: string; csv?: string; 'max-photos'?: string },
  positionals: string[],
  cwd: string,
): EnrollmentCandidate[] {
  const modes = [values.folder, values.csv, positionals.length > 0 ? 'photos' : undefined].filter(
    (mode) => mode !== undefined,
  );
  if (modes.length !== 1) {
    throw new CliError('usage', `give exactly one of --folder, --csv, --camera or photo files\n\n${USAGE}`);
  }
  if (values.folder !== undefined) {
    const max = values['max-photos'] === undefined ? null : numberFlag(values['max-photos'], 'max-photos', 0);
    const candidates = candidatesFromFolder(path.resolve(cwd, values.folder), max);
    if (candidates.length === 0) throw new CliError('usage', `no person folders in ${values.folder}`);
    return candidates;
  }
  if (values.csv !== undefined) return candidatesFromCsv(path.resolve(cwd, values.csv));
  if (values.name === undefined) throw new CliError('usage', '--name is required with photo files');
  return [
    {
      name: values.name,
      externalId: values['external-id'] ?? null,
      photos: positionals.map((photo) => path.resolve(cwd, photo)),
    },
  ];
}

async function registerFromCamera(
  values: Record<string, string | boolean | undefined>,
  config: EdgeConfig,
  client: ApiClient,
  context: CommandContext,
): Promise<number> {
  const name = values['name'];
  if (typeof name !== 'string') throw new CliError('usage', '--name is required with --camera');
  const pipeline = await loadServerMatchedPipeline(config, context.log, client);
  const outputs = await startLiveOutputs(values, config, context.log);
  try {
    const { frames, description } = await openFrames(frameSourceOptions(values, config, context));
    context.log('info', `capturing from ${description}; look at the camera, turn your head slightly`);
    const direction = values['challenge-direction'];
    if (direction !== undefined && direction !== 'left' && direction !== 'right') {
      throw new CliError('usage', '--challenge-direction must be left or right');
    }
    const challenge =
      values['no-challenge'] === true
        ? null
        : new EnrollmentChallenge({
            identityThreshold: pipeline.defaultThreshold,
            ...(direction !== undefined ? { direction } : {}),
            onInstruction: (text) => context.log('info', text),
          });
    const samples = await captureEnrollmentSamples({
      pipeline,
      frames,
      samples: numberFlag(values['samples'], 'samples', 5),
      intervalMs: numberFlag(values['sample-interval'], 'sample-interval', 600),
      timeoutMs: numberFlag(values['capture-timeout'], 'capture-timeout', 60) * 1000,
      samePersonSimilarity: pipeline.defaultThreshold,
      challenge,
      live: outputs.live,
      preview: outputs.preview,
      log: context.log,
      signal: context.signal,
    });
    const externalId = values['external-id'];
    const outcome = await enrollPerson(
      client,
      {
        name,
        externalId: typeof externalId === 'string' ? externalId : null,
        role: typeof values['role'] === 'string' ? values['role'] : 'employee',
        model: pipeline.modelId,
      },
      samples,
    );
    context.stdout.write(
      `${formatEnrollmentSummary([{ name, outcome, templates: samples.length, refusedPhotos: [] }])}\n`,
    );
    return outcome.kind === 'enrolled' ? EXIT_CODES.ok : EXIT_CODES.failure;
  } finally {
    await outputs.close();
    await pipeline.dispose();
  }
}
