import { KNOWN_MODELS } from './known-models.js';
import type { ModelSpec } from './model-spec.js';

/** Hex sha256 of model bytes (WebCrypto: works in browsers and Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Browsers expose crypto.subtle only in secure contexts (https or localhost).
  if (!(globalThis.crypto as { subtle?: unknown } | undefined)?.subtle) {
    throw new Error(
      'WebCrypto is unavailable (serve the page over https or from localhost) to identify model files',
    );
  }
  // The DOM typings refuse views that might be backed by a SharedArrayBuffer: hash a plain copy.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ResolveSpecInput {
  role: ModelSpec['kind'];
  sha256: string;
  /** File name or URL, for error messages. */
  source: string;
  /** Spec from a manifest, a pack or flags: wins over the hash lookup. */
  override?: ModelSpec | undefined;
}

/** The spec of a model file: explicit override, else recognised by sha256, else a descriptive error. */
export function resolveModelSpec({ role, sha256, source, override }: ResolveSpecInput): ModelSpec {
  const spec = override ?? KNOWN_MODELS[sha256];
  if (!spec) {
    throw new Error(
      `unknown ${role} model ${source} (sha256 ${sha256}): describe it with a manifest (${source}.json) or pass its type`,
    );
  }
  if (spec.kind !== role) throw new Error(`${source} is a ${spec.kind} model, not a ${role}`);
  return spec;
}
