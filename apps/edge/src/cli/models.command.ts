import { BUILTIN_PACKS, isBuiltinPack, type ModelPack } from '@attendance/vision';
import { ensurePack, loadVisionConfig } from '@attendance/vision/node';
import { downloadUpstreamFiles } from '../models/upstream-download.js';
import { inspectPack, licenceLines, PACK_NAMES } from '../models/model-packs-report.js';
import { CliError, EXIT_CODES } from './cli-error.js';
import { parseCommand, type Command } from './command.js';

const USAGE = `Usage:
  attendance models list               built-in packs, their licences and whether their files are here
  attendance models download PACK      download an InsightFace pack (buffalo_l, buffalo_s, buffalo_sc), or
                                       the upstream files of a local pack (open-256) into MODELS_DIR
  attendance models verify [PACK...]   hash each pack file and check it is the expected model

Local packs read files from MODELS_DIR; downloaded packs are cached in $XDG_CACHE_HOME/smart-attendance/models.
InsightFace weights are for non-commercial research only; open-256 is the licence-clean pack.`;

/** `attendance models`: list, download and verify model packs. */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'list, download and verify model packs',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: {}, usage: USAGE, allowPositionals: true }, context);
    if (parsed === null) return EXIT_CODES.ok;
    const [action, ...names] = parsed.positionals;
    const dirs = { modelsDir: parsed.config.modelsDir, cacheDir: loadVisionConfig().cacheDir };
    const out = (line: string) => context.stdout.write(`${line}\n`);
    switch (action) {
      case 'list': {
        for (const name of PACK_NAMES) {
          const pack = BUILTIN_PACKS[name];
          const files = await inspectPack(pack, dirs, false);
          const here = files.every((file) => file.present) ? 'available' : 'missing files';
          const liveness =
            pack.source === 'local' && pack.liveness ? ` + liveness ${pack.liveness.join(', ')}` : '';
          out(
            `${name.padEnd(18)} ${pack.source.padEnd(6)} ${here.padEnd(13)} ${pack.detector} + ${pack.recognizer}${liveness}`,
          );
          for (const line of licenceLines(pack)) out(`${''.padEnd(18)} ${line}`);
        }
        return EXIT_CODES.ok;
      }
      case 'download': {
        const name = names[0];
        if (name === undefined || !isBuiltinPack(name)) {
          throw new CliError('usage', `name a pack: ${PACK_NAMES.join(', ')}`);
        }
        const pack: ModelPack = BUILTIN_PACKS[name];
        if (pack.source === 'local') {
          if (!pack.upstream) {
            out(`${name} is a local pack: its files are read from ${dirs.modelsDir}`);
            return EXIT_CODES.ok;
          }
          const missing = await downloadUpstreamFiles(pack.upstream, dirs.modelsDir, out);
          return missing === 0 ? EXIT_CODES.ok : EXIT_CODES.model;
        }
        try {
          const dir = await ensurePack(pack, {
            cacheDir: dirs.cacheDir,
            onProgress: ({ receivedBytes, totalBytes }) => {
              const percent = totalBytes ? ` ${((100 * receivedBytes) / totalBytes).toFixed(0)}%` : '';
              process.stderr.write(`\r${name}: ${(receivedBytes / 1e6).toFixed(1)} MB${percent}   `);
            },
          });
          process.stderr.write('\n');
          out(`${name} ready in ${dir}`);
          return EXIT_CODES.ok;
        } catch (error) {
          throw new CliError('network', `download of ${name} failed: ${(error as Error).message}`);
        }
      }
      case 'verify': {
        const selected =
          names.length > 0 ? names : PACK_NAMES.filter((n) => BUILTIN_PACKS[n].source === 'local');
        let problems = 0;
        for (const name of selected) {
          if (!isBuiltinPack(name)) throw new CliError('usage', `unknown pack ${name}`);
          for (const file of await inspectPack(BUILTIN_PACKS[name], dirs, true)) {
            const ok = file.present && file.identified !== 'unknown';
            if (!ok) problems += 1;
            const state = !file.present ? 'MISSING' : `${file.identified ?? ''}`;
            out(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(18)} ${file.role.padEnd(10)} ${file.path}  ${state}`);
          }
        }
        return problems === 0 ? EXIT_CODES.ok : EXIT_CODES.model;
      }
      case undefined:
      default:
        throw new CliError('usage', USAGE);
    }
  },
};
