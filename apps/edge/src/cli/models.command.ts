import { BUILTIN_PACKS, isBuiltinPack, packOfModelId, type ModelPack } from '@attendance/vision';
import { ensurePack, loadVisionConfig, type DownloadProgress } from '@attendance/vision/node';
import { ApiClient } from '../client/api-client.js';
import { ApiError, NetworkError, describeError } from '@attendance/api-client';
import { requireApiKey } from '../config/edge-config.js';
import { downloadLocalPack } from '../models/pack-download.js';
import { reEnrollmentReport, type ReEnrollmentReport } from '../models/re-enrollment.js';
import {
  calibrationLine,
  DEFAULT_PACK,
  downloadLine,
  inspectPack,
  licenceLines,
  PACK_NAMES,
  presenceLine,
} from '../models/model-packs-report.js';
import { mirrored } from '../models/pack-files.js';
import { EdgeError, EXIT_CODES } from '../errors.js';
import { parseCommand, type Command } from './command.js';
import { loadPipeline } from '../pipeline/load-pipeline.js';

const USAGE = `Usage:
  attendance models list               every pack: licence, source of each file, downloadable, calibrated,
                                       whether its files are present
  attendance models download PACK      fetch a pack from its official sources (resumable, sha256-verified):
                                       open-256 (Intel's IR converted to ONNX here), open-sface-128,
                                       buffalo_l, buffalo_s, buffalo_sc
  attendance models verify [PACK...]   hash each pack file and check it is the expected model
  attendance models status             the recognizer in use, and the people the server has no template of
                                       it for (to re-enroll after a change of model; needs an API key)

Options of download:
  --mirror URL   fetch from a mirror laid out <URL>/<host>/<path> of the official URLs

Local packs live in MODELS_DIR; InsightFace packs are cached in $XDG_CACHE_HOME/smart-attendance/models.
InsightFace weights are for non-commercial research only; open-256 and open-sface-128 are licence-clean.`;

const INDENT = ''.padEnd(4);

/** One progress line per file on stderr, rewritten in place. */
function progressPrinter(stream: NodeJS.WritableStream) {
  let last = '';
  return {
    update(url: string, { receivedBytes, totalBytes }: DownloadProgress) {
      const name = url.slice(url.lastIndexOf('/') + 1);
      const percent = totalBytes ? ` ${((100 * receivedBytes) / totalBytes).toFixed(0)}%` : '';
      const total = totalBytes ? ` / ${(totalBytes / 1e6).toFixed(1)}` : '';
      last = `${name}: ${(receivedBytes / 1e6).toFixed(1)}${total} MB${percent}`;
      stream.write(`\r${last}   `);
    },
    done() {
      if (last) stream.write('\n');
      last = '';
    },
  };
}

/** `attendance models`: list, download and verify model packs. */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'list, download and verify model packs; who needs re-enrollment',
  async run(argv, context) {
    const parsed = parseCommand(
      argv,
      { options: { mirror: { type: 'string' } }, usage: USAGE, allowPositionals: true },
      context,
    );
    if (parsed === null) return EXIT_CODES.ok;
    const [action, ...names] = parsed.positionals;
    const dirs = {
      modelsDir: parsed.config.modelsDir,
      // The pipeline reads the cache location from the process environment: list and download do the same.
      cacheDir: loadVisionConfig().cacheDir,
    };
    const out = (line: string) => context.stdout.write(`${line}\n`);
    switch (action) {
      case 'list': {
        out(`models directory: ${dirs.modelsDir}   download cache: ${dirs.cacheDir}`);
        for (const name of PACK_NAMES) {
          const pack = BUILTIN_PACKS[name];
          const files = await inspectPack(pack, dirs, false);
          const tags = [pack.source, ...(name === DEFAULT_PACK ? ['default'] : [])].join(', ');
          out(`\n${name} (${tags}): ${pack.detector} + ${pack.recognizer}`);
          for (const line of [
            ...licenceLines(pack),
            downloadLine(pack),
            calibrationLine(pack),
            presenceLine(files),
          ]) {
            out(`${INDENT}${line}`);
          }
          for (const file of files) {
            const role = `${file.role}${file.optional ? ' (optional)' : ''}`;
            out(
              `${INDENT}  ${file.present ? 'present' : 'missing'}  ${role.padEnd(21)} ${file.file}  — ${file.origin}`,
            );
          }
        }
        return EXIT_CODES.ok;
      }
      case 'download': {
        const name = names[0];
        if (name === undefined || !isBuiltinPack(name)) {
          throw new EdgeError('usage', `name a pack: ${PACK_NAMES.join(', ')}`);
        }
        const pack: ModelPack = BUILTIN_PACKS[name];
        const mirror = parsed.values.mirror;
        const progress = progressPrinter(process.stderr);
        if (pack.source === 'local') {
          if (!pack.sources) {
            throw new EdgeError(
              'usage',
              `${name} has no official download source: copy its files (${pack.detector}, ${pack.recognizer}) into ${dirs.modelsDir}`,
            );
          }
          out(`${name}: into ${dirs.modelsDir}`);
          const result = await downloadLocalPack(pack, {
            modelsDir: dirs.modelsDir,
            mirror,
            out: (line) => {
              progress.done();
              out(line);
            },
            onProgress: (url, p) => progress.update(url, p),
          });
          progress.done();
          if (result.missingRequired.length > 0) {
            throw new EdgeError(
              'network',
              `${name} is not complete: ${result.missingRequired.join(', ')} missing (see above); run again to resume`,
            );
          }
          const optional = result.missingOptional.length
            ? ` (without the optional ${result.missingOptional.join(', ')}: liveness stays off)`
            : '';
          out(`${name} ready in ${dirs.modelsDir}${optional}`);
          return EXIT_CODES.ok;
        }
        try {
          const dir = await ensurePack(
            { ...pack, url: mirrored(pack.url, mirror) },
            { cacheDir: dirs.cacheDir, onProgress: (p) => progress.update(pack.url, p) },
          );
          progress.done();
          out(`${name} ready in ${dir}`);
          return EXIT_CODES.ok;
        } catch (error) {
          progress.done();
          throw new EdgeError('network', `download of ${name} failed: ${(error as Error).message}`);
        }
      }
      case 'verify': {
        const selected =
          names.length > 0 ? names : PACK_NAMES.filter((n) => BUILTIN_PACKS[n].source === 'local');
        let problems = 0;
        for (const name of selected) {
          if (!isBuiltinPack(name)) throw new EdgeError('usage', `unknown pack ${name}`);
          for (const file of await inspectPack(BUILTIN_PACKS[name], dirs, true)) {
            const ok = (file.present || file.optional) && file.identified !== 'unknown';
            if (!ok) problems += 1;
            const state = !file.present
              ? file.optional
                ? 'not installed (optional)'
                : 'MISSING'
              : `${file.identified ?? ''}`;
            out(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(18)} ${file.role.padEnd(10)} ${file.path}  ${state}`);
          }
        }
        return problems === 0 ? EXIT_CODES.ok : EXIT_CODES.model;
      }
      case 'status': {
        const pipeline = await loadPipeline(parsed.config, context.log);
        const { modelId } = pipeline;
        await pipeline.dispose();
        const client = new ApiClient({
          baseUrl: parsed.config.serverUrl,
          apiKey: requireApiKey(parsed.config),
          timeoutMs: parsed.config.requestTimeoutMs,
        });
        let report: ReEnrollmentReport;
        try {
          report = await reEnrollmentReport(client, modelId);
        } catch (error) {
          if (error instanceof NetworkError) throw new EdgeError('network', error.message);
          throw error instanceof ApiError ? new EdgeError('failure', describeError(error)) : error;
        }
        const pack = packOfModelId(modelId);
        out(`recognizer in use: ${modelId}${pack ? ` (pack ${pack.name})` : ''}`);
        const { missing, activePeople } = report;
        if (missing.length === 0) {
          out(`all ${activePeople} active people have a template of this model`);
          return EXIT_CODES.ok;
        }
        out(
          `${missing.length} of ${activePeople} active people have no template of this model and are not ` +
            'recognised until re-enrolled (attendance register, or photos in the dashboard):',
        );
        for (const person of missing) {
          out(`  ${person.id}  ${person.name}${person.external_id ? `  (${person.external_id})` : ''}`);
        }
        return EXIT_CODES.ok;
      }
      case undefined:
      default:
        throw new EdgeError('usage', USAGE);
    }
  },
};
