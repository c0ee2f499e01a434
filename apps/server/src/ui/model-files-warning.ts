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
  const files = status.files.filter((file) => file.problem !== null);
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
