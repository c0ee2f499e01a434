import path from 'node:path';
import { decodeImageFile } from '@attendance/vision/node';
import { EXIT_CODES } from '../errors.js';
import { parseCommand, type Command } from './command.js';
import { loadPipeline } from '../pipeline/load-pipeline.js';

const USAGE = `Usage: attendance embed [--models-dir DIR] [--detector FILE] [--recognizer FILE] FILES...

Prints one JSON line per detected face:
  {"file","model","dim","embedding":[..],"box":[x1,y1,x2,y2],"score","landmarks","quality"}
and {"file","faces":0} for an image without a face. Faces are embedded even when they fail the
quality checks (see "quality.ok"). Models are loaded once. Exit 0 unless an input could not be read.
Relative paths are relative to the directory the command was run from (also through npm).`;

/** `attendance embed`: embeddings as JSON lines, for scripting and evaluating the pipeline. */
export const embedCommand: Command = {
  name: 'embed',
  summary: 'print face embeddings of image files as JSON lines',
  async run(argv, context) {
    const parsed = parseCommand(argv, { options: {}, usage: USAGE, allowPositionals: true }, context);
    if (parsed === null) return EXIT_CODES.ok;
    if (parsed.positionals.length === 0) {
      process.stderr.write(`${USAGE}\n`);
      return EXIT_CODES.usage;
    }
    const pipeline = await loadPipeline(parsed.config, context.log);
    let unreadable = 0;
    try {
      for (const file of parsed.positionals) {
        if (context.signal.aborted) break;
        let image;
        try {
          image = await decodeImageFile(path.resolve(context.cwd, file));
        } catch (error) {
          unreadable += 1;
          context.log('error', `${file}: cannot read image (${(error as Error).message})`);
          continue;
        }
        const faces = await pipeline.analyze(image, { embed: 'all' });
        if (faces.length === 0) {
          context.stdout.write(`${JSON.stringify({ file, faces: 0 })}\n`);
          continue;
        }
        for (const face of faces) {
          const line = {
            file,
            model: pipeline.modelId,
            dim: pipeline.dim,
            embedding: face.embedding === null ? null : Array.from(face.embedding, round6),
            box: face.box.map(round2),
            score: round6(face.score),
            landmarks: face.landmarks.map(([x, y]) => [round2(x), round2(y)]),
            quality: face.quality,
          };
          context.stdout.write(`${JSON.stringify(line)}\n`);
        }
      }
    } finally {
      await pipeline.dispose();
    }
    return unreadable > 0 ? EXIT_CODES.failure : EXIT_CODES.ok;
  },
};

const round2 = (value: number) => Math.round(value * 100) / 100;
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
