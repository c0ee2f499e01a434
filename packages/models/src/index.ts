/**
 * `@attendance/models`: the model catalogue shared by server, edge and browser — built-in packs and their
 * sources, model files known by sha256 with their calling conventions, pixel normalisations and manifests.
 * Data and pure functions only, so the server can reason about models without an inference runtime. The
 * default models directory (Node only) is the `./models-dir` entry.
 * @module
 */
export * from './model-spec.js';
export * from './known-models.js';
export * from './model-packs.js';
export * from './model-manifest.js';
export * from './model-catalog.js';
export * from './pixel-normalization.js';
