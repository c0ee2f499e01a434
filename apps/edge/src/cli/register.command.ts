import path from 'node:path';
import type { Person } from '@attendance/protocol';
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
import { addTemplates, findPerson } from '../register/existing-person.js';
import { enrollPerson } from '../register/person-enrollment.js';
import { embedPhotos } from '../register/photo-embedder.js';
import { ProgressBar } from '../register/progress-bar.js';
import { EdgeError, EXIT_CODES } from '../errors.js';
import { numberFlag, parseCommand, type Command, type CommandContext } from './command.js';
import { loadServerMatchedPipeline } from '../pipeline/load-pipeline.js';
import { SOURCE_FLAG_OPTIONS, SOURCE_FLAGS_HELP, frameSourceOptions } from './source-flags.js';

const USAGE = `Usage:
  attendance register --name NAME [--external-id ID] PHOTO...     one person from photo files
  attendance register --add --person ID PHOTO...                   more photos for an enrolled person
  attendance register --folder DIR [--max-photos N]                 bulk: DIR/<name or id>/photo*.jpg
  attendance register --csv FILE [--max-photos N]                   bulk: rows of id,name,photo[;photo…]
  attendance register --camera --name NAME [--samples 5]            capture from the camera
  attendance register --camera --add --person ID                    more camera samples for an enrolled person

Options:
  --name NAME            display name (single person)
  --external-id ID       employee id (single person; bulk folders use the folder name)
  --add --person ID      add templates to an enrolled person, named by the server's person id or by
                         external (employee) id, instead of creating one
  --role ROLE            role for everyone enrolled (default employee)
  --max-photos N         take the first N photos of each person that pass the quality checks (photos
                         refused on the way are reported; later photos are not read)
  --samples N            camera: samples to capture (default 5)
  --sample-interval MS   camera: time between samples (default 600)
  --capture-timeout S    camera: give up after S seconds (default 60)
  --no-challenge         camera: skip the head-turn liveness check (on by default: turn your head left
                         or right when asked, then look back, before the samples are taken)
  --challenge-direction left|right
                         camera: fixed turn direction for scripted setups (default random each attempt)

Photos are padded and detected at their own size, so tight face crops (badge photos) enroll. Every refused
photo is listed with the check it failed, its measured value and the limit (set by the shared quality
flags, attendance --help). Prints a summary (enrolled, duplicates, refused with reason, failed; photos
used and refused by cause); exits 1 when anyone was not enrolled.

${SOURCE_FLAGS_HELP}

${LIVE_FLAGS_HELP}`;

const OPTIONS = {
  name: { type: 'string' },
  'external-id': { type: 'string' },
  role: { type: 'string' },
  folder: { type: 'string' },
  csv: { type: 'string' },
  'max-photos': { type: 'string' },
  add: { type: 'boolean' },
  person: { type: 'string' },
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
    const target = await existingPersonTarget(values, client);
    if (values.camera === true) return registerFromCamera(values, config, client, target, context);

    const candidates = target
      ? candidatesToAdd(target, positionals, context.cwd)
      : selectCandidates(values, positionals, context.cwd);
    const maxPhotos =
      values['max-photos'] === undefined ? null : positiveInteger(values['max-photos'], 'max-photos');
    const pipeline = await loadServerMatchedPipeline(config, context.log, client);
    const rows: SummaryRow[] = [];
    const progress = new ProgressBar(candidates.length);
    try {
      for (const candidate of candidates) {
        if (context.signal.aborted) break;
        const { embeddings, refused, unused } = await embedPhotos(pipeline, candidate.photos, maxPhotos);
        const outcome = target
          ? await addTemplates(client, target, pipeline.modelId, embeddings)
          : await enrollPerson(
              client,
              { name: candidate.name, externalId: candidate.externalId, role, model: pipeline.modelId },
              embeddings,
            );
        rows.push({
          name: candidate.name,
          outcome,
          templates: embeddings.length,
          refusedPhotos: refused,
          unusedPhotos: unused,
        });
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

/** With `--add --person ID`: the enrolled person to add templates to (looked up before any model loads). */
async function existingPersonTarget(
  values: { add?: boolean; person?: string; folder?: string; csv?: string; name?: string },
  client: ApiClient,
): Promise<Person | null> {
  if (values.add !== true) {
    if (values.person !== undefined) {
      throw new EdgeError('usage', '--person goes with --add (add templates to that person)');
    }
    return null;
  }
  if (values.person === undefined) {
    throw new EdgeError('usage', '--add needs --person ID (person id or external id)');
  }
  if (values.folder !== undefined || values.csv !== undefined || values.name !== undefined) {
    throw new EdgeError('usage', '--add takes photo files or --camera, not --folder, --csv or --name');
  }
  return findPerson(client, values.person);
}

function candidatesToAdd(person: Person, positionals: string[], cwd: string): EnrollmentCandidate[] {
  if (positionals.length === 0) {
    throw new EdgeError('usage', `--add needs photo files (or --camera)\n\n${USAGE}`);
  }
  return [
    {
      name: person.name,
      externalId: person.external_id,
      photos: positionals.map((photo) => path.resolve(cwd, photo)),
    },
  ];
}

function positiveInteger(value: string, name: string): number {
  const number = numberFlag(value, name, 1);
  if (!Number.isInteger(number)) {
    throw new EdgeError('usage', `--${name} must be a whole number (got "${value}")`);
  }
  return number;
}

function selectCandidates(
  values: { name?: string; 'external-id'?: string; folder?: string; csv?: string },
  positionals: string[],
  cwd: string,
): EnrollmentCandidate[] {
  const modes = [values.folder, values.csv, positionals.length > 0 ? 'photos' : undefined].filter(
    (mode) => mode !== undefined,
  );
  if (modes.length !== 1) {
    throw new EdgeError('usage', `give exactly one of --folder, --csv, --camera or photo files\n\n${USAGE}`);
  }
  if (values.folder !== undefined) {
    const candidates = candidatesFromFolder(path.resolve(cwd, values.folder));
    if (candidates.length === 0) throw new EdgeError('usage', `no person folders in ${values.folder}`);
    return candidates;
  }
  if (values.csv !== undefined) return candidatesFromCsv(path.resolve(cwd, values.csv));
  if (values.name === undefined) throw new EdgeError('usage', '--name is required with photo files');
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
  target: Person | null,
  context: CommandContext,
): Promise<number> {
  const name = target?.name ?? values['name'];
  if (typeof name !== 'string') throw new EdgeError('usage', '--name is required with --camera');
  const pipeline = await loadServerMatchedPipeline(config, context.log, client);
  const outputs = await startLiveOutputs(values, config, context.log);
  try {
    const { frames, description } = await openFrames(frameSourceOptions(values, config, context));
    context.log('info', `capturing from ${description}; look at the camera, turn your head slightly`);
    const direction = values['challenge-direction'];
    if (direction !== undefined && direction !== 'left' && direction !== 'right') {
      throw new EdgeError('usage', '--challenge-direction must be left or right');
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
    const outcome = target
      ? await addTemplates(client, target, pipeline.modelId, samples)
      : await enrollPerson(
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
