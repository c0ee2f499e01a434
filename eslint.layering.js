/**
 * Import boundaries between layers, kept apart from the style rules so a test can run them alone
 * (test/lint/layering.test.ts).
 */
const TESTS = ['**/*.test.ts', '**/test/**', '**/*.fixture.ts'];

export const layering = [
  {
    // The edge's building blocks are used by the CLI, never the other way round.
    files: ['apps/edge/src/{camera,register,live,doctor}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)cli/',
              message:
                'camera/, register/, live/ and doctor/ must not import from cli/ (the CLI imports them).',
            },
          ],
        },
      ],
    },
  },
  {
    // The wire contract is shared with the browser: zod and nothing else.
    files: ['packages/protocol/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/)',
              message: '@attendance/protocol imports only zod (and its own modules).',
            },
          ],
        },
      ],
    },
  },
  {
    // The API client runs in the edge (Node) and in the browser: the wire contract, zod and global fetch only.
    files: ['packages/api-client/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|@attendance/protocol$|\\.{1,2}/)',
              message: '@attendance/api-client imports only zod, @attendance/protocol and its own modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // The vision core runs in Node and in the browser: runtimes, native modules and Node APIs live in
    // src/node and src/web only.
    files: ['packages/vision/src/**/*.ts'],
    ignores: ['packages/vision/src/node/**', 'packages/vision/src/web/**', ...TESTS],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(onnxruntime-node|onnxruntime-web|sharp)$|^node:|(^|/)(node|web)(/|$)',
              message:
                'The vision core imports no runtime: onnxruntime-node/-web, sharp and node: APIs belong in src/node or src/web.',
            },
          ],
        },
      ],
    },
  },
];
