import type { Logger } from 'pino';
import type { ModelFilesCheck } from './model-files-check.js';

/**
 * At startup: one loud warning when the dashboard's and kiosk's model files are missing or wrong, naming
 * the files and the fix (the server itself serves the API without them; the browser pages cannot run).
 */
export async function warnAboutModelFiles(
  check: ModelFilesCheck,
  logger: Pick<Logger, 'warn' | 'info'>,
): Promise<void> {
  const status = await check.status();
  const files = status.files.filter((file) => file.problem !== null && file.role !== 'liveness');
  const liveness = status.files.filter((file) => file.problem !== null && file.role === 'liveness');
  if (liveness.length > 0) {
    logger.warn(
      { modelsDir: status.modelsDir, files: liveness.map((file) => `${file.file}: ${file.problem ?? ''}`) },
      `kiosk liveness models unusable in ${status.modelsDir} (${liveness.map((file) => file.file).join(', ')}): ` +
        'kiosks run only with liveness off until they are installed (`npx attendance models list` says how)',
    );
  }
  if (status.status === 'ok') {
    logger.info(
      { pack: status.pack, model: status.model?.id, modelsDir: status.modelsDir },
      'face models ready for the dashboard and kiosk',
    );
    return;
  }
  logger.warn(
    {
      pack: status.pack,
      modelsDir: status.modelsDir,
      files: files.map((file) => `${file.file}: ${file.problem ?? ''}`),
      fix: status.fix,
    },
    `${status.problem ?? 'face model files unusable'}. The dashboard's enrollment and the kiosk cannot run ` +
      `until fixed: ${status.fix ?? ''}`,
  );
}
