import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SettingsCache, TunedSettings } from '../runtime/session-tuning.js';

/** Entries kept; the oldest go first (models and runtime versions come and go). */
const MAX_ENTRIES = 64;

interface CacheFile {
  version: 1;
  entries: Record<string, TunedSettings & { savedAt: string }>;
}

/**
 * ONNX Runtime settings chosen on this machine, as a small JSON file (default
 * `$XDG_CACHE_HOME/smart-attendance/onnxruntime-settings.json`). A missing or unreadable file is an empty
 * cache; writes go through a temporary file and a rename, so a crash never leaves half a file.
 */
export class SettingsCacheFile implements SettingsCache {
  constructor(readonly path: string) {}

  async get(key: string): Promise<TunedSettings | undefined> {
    const entry = (await this.read()).entries[key];
    if (!entry) return undefined;
    const { savedAt: _savedAt, ...tuned } = entry;
    return tuned;
  }

  async set(key: string, value: TunedSettings): Promise<void> {
    const file = await this.read();
    delete file.entries[key];
    file.entries[key] = { ...value, savedAt: new Date().toISOString() };
    const keys = Object.keys(file.entries);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete file.entries[old];
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`);
    await rename(temporary, this.path);
  }

  private async read(): Promise<CacheFile> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as Partial<CacheFile>;
      if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object') {
        return { version: 1, entries: parsed.entries };
      }
    } catch {
      // Missing or corrupt: start afresh (the next measurement rewrites it).
    }
    return { version: 1, entries: {} };
  }
}
