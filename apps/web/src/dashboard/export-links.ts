import { EXPORT_FORMATS } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';

/**
 * "Download CSV" and "Download XLSX" for a server export route (`…/export?format=`): plain links, so the
 * browser downloads the file the server names (in local time, the time zone in the column headers).
 */
export function exportLinks(path: string, query: Record<string, string | undefined>): HTMLElement {
  const href = (format: string) => {
    const params = new URLSearchParams({ format });
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
    return `${path}?${params.toString()}`;
  };
  return el(
    'p',
    { class: 'toolbar exports' },
    ...EXPORT_FORMATS.map((format) =>
      el(
        'a',
        { class: 'button', href: href(format), download: '', 'data-format': format },
        t(`exports.${format}`),
      ),
    ),
  );
}
