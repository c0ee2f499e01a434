import { formatReport, type CheckResult } from '../doctor/doctor-check.js';
import { checkModels } from '../doctor/model-check.js';
import {
  checkCameraSource,
  checkCudaLibraries,
  checkFfmpeg,
  checkOnnxRuntime,
} from '../doctor/runtime-checks.js';
import { checkServer } from '../doctor/server-check.js';
import { EXIT_CODES } from '../errors.js';
import { parseCommand, type Command } from './command.js';

const USAGE = `Usage: attendance doctor [--skip-server] [--skip-models]

Checks that this configuration will work: ONNX Runtime and its execution providers, loading the
configured models on the requested provider and running one inference, CUDA/cuDNN libraries (when
--provider cuda), ffmpeg and the camera source, server reachability and API key validity.
Exit code: 0 when everything works, otherwise that of the first failed check
(70 model, 69 server unreachable, 78 configuration such as a wrong key, 1 other).`;

const OPTIONS = { 'skip-server': { type: 'boolean' }, 'skip-models': { type: 'boolean' } } as const;

/** `attendance doctor`: the original's test_gpu, done honestly. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check runtime, models, GPU libraries, ffmpeg, camera, server and API key',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: OPTIONS, usage: USAGE }, context);
    if (parsed === null) return EXIT_CODES.ok;
    const { values, config, env } = parsed;
    const results: CheckResult[] = [await checkOnnxRuntime()];
    if (values['skip-models'] !== true) results.push(...(await checkModels(config)));
    results.push(await checkCudaLibraries(config, env), await checkFfmpeg(config));
    results.push(checkCameraSource(config, context.cwd));
    if (values['skip-server'] !== true) results.push(...(await checkServer(config)));
    context.stdout.write(`${formatReport(results)}\n`);
    const failed = results.find((result) => result.status === 'fail');
    return failed === undefined ? EXIT_CODES.ok : EXIT_CODES[failed.exitCode ?? 'failure'];
  },
};
