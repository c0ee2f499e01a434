import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layering } from '../../eslint.layering.js';

const linter = new Linter({ configType: 'flat' });
const config = [{ languageOptions: { parser: tseslint.parser } }, ...layering];

/** The layering errors ESLint reports for `source` as if it were the file at `filePath`. */
function violations(filePath: string, source: string): string[] {
  return linter
    .verify(source, config, { filename: filePath })
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layering rules (eslint.layering.js)', () => {
  it('edge camera/, register/, live/ and doctor/ may not import from cli/', () => {
    for (const folder of ['camera', 'register', 'live', 'doctor']) {
      expect(
        violations(`apps/edge/src/${folder}/x.ts`, "import { a } from '../cli/command.js';"),
      ).toHaveLength(1);
      expect(violations(`apps/edge/src/${folder}/x.ts`, "import { a } from '../errors.js';")).toEqual([]);
    }
    expect(violations('apps/edge/src/cli/x.ts', "import { a } from '../camera/camera-agent.js';")).toEqual(
      [],
    );
  });

  it('packages/protocol imports only zod and its own modules', () => {
    const file = 'packages/protocol/src/x.ts';
    expect(violations(file, "import { z } from 'zod';\nimport { a } from './errors.js';")).toEqual([]);
    expect(violations(file, "import fs from 'node:fs';")).toHaveLength(1);
    expect(violations(file, "import { a } from '@attendance/models';")).toHaveLength(1);
    expect(violations(file, "import { a } from 'zod-extra';")).toHaveLength(1);
  });

  it('packages/api-client imports only zod, the protocol and its own modules (it runs in the browser too)', () => {
    const file = 'packages/api-client/src/x.ts';
    expect(
      violations(
        file,
        "import { z } from 'zod';\nimport { a } from '@attendance/protocol';\nimport { b } from './errors.js';",
      ),
    ).toEqual([]);
    expect(violations(file, "import http from 'node:http';")).toHaveLength(1);
    expect(violations(file, "import { a } from '@attendance/vision';")).toHaveLength(1);
    expect(violations(file, "import { a } from '@attendance/models';")).toHaveLength(1);
  });

  it('the vision core imports no runtime, native module, Node API or node/ web/ module', () => {
    const core = 'packages/vision/src/detect/x.ts';
    for (const specifier of [
      'onnxruntime-node',
      'onnxruntime-web',
      'sharp',
      'node:fs',
      '../node/index.js',
      '../web/onnx-runtime.js',
    ]) {
      expect(violations(core, `import { a } from '${specifier}';`), specifier).toHaveLength(1);
    }
    expect(violations(core, "import type { Tensor } from 'onnxruntime-common';")).toEqual([]);
    expect(violations(core, "import { a } from '../image/letterbox.js';")).toEqual([]);
    expect(violations('packages/vision/src/node/x.ts', "import { a } from 'onnxruntime-node';")).toEqual([]);
  });
});
