import { ReadinessSchema, type Readiness } from '@attendance/protocol';
import { BUILTIN_PACKS } from '@attendance/vision';
import { el, replaceChildren } from '../shared/dom.js';
import { table } from './table.js';

const chip = (status: string) =>
  el(
    'span',
    { class: `chip ${status === 'up' || status === 'ok' ? 'ok' : status === 'degraded' ? 'warn' : 'bad'}` },
    status,
  );

/** System status from `/health/ready` (503 still carries the report). */
export class StatusView {
  private browserModels = '—';

  constructor(private readonly root: HTMLElement) {}

  async show(): Promise<void> {
    const config = await fetch('/ui/api/config', { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<{ model_files?: { detector: string; recognizer: string } }>)
      .catch(() => ({ model_files: undefined }));
    this.browserModels = config.model_files
      ? `${config.model_files.detector} + ${config.model_files.recognizer}`
      : '—';
    const response = await fetch('/health/ready', { credentials: 'same-origin' });
    const parsed = ReadinessSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      replaceChildren(
        this.root,
        el('h2', {}, 'Status'),
        el('p', { class: 'error' }, `Status unavailable (HTTP ${response.status})`),
      );
      return;
    }
    this.render(parsed.data);
  }

  private render(ready: Readiness): void {
    const card = (title: string, ...body: (Node | string)[]) =>
      el('div', { class: 'card' }, el('span', { class: 'muted' }, title), el('strong', {}, ...body));
    replaceChildren(
      this.root,
      el('h2', {}, 'Status ', chip(ready.status)),
      el(
        'div',
        { class: 'status-grid' },
        card('Database', chip(ready.database.status), ` ${ready.database.driver}`),
        card('Cache', chip(ready.cache.status), ` ${ready.cache.backend}`),
        card('Migrations', `${ready.migrations.applied} applied, ${ready.migrations.pending} pending`),
        card('Latest migration', ready.migrations.latest ?? '—'),
        card('Server version', ready.version),
        card('Browser face models', this.browserModels),
      ),
      el('p', { class: 'muted' }, ready.cache.reason),
      packLicences(),
    );
  }
}

/** Every built-in model pack with its licence: `open-256` is the one fit for work use. */
function packLicences(): HTMLElement {
  const rows = Object.values(BUILTIN_PACKS).map((pack) =>
    el(
      'tr',
      { 'data-pack': pack.name },
      el('td', {}, pack.name),
      el('td', {}, `${pack.detector} + ${pack.recognizer}`),
      el(
        'td',
        {},
        el(
          'span',
          { class: `chip ${pack.licenceClean ? 'ok' : 'warn'}` },
          pack.licenceClean ? 'licence-clean' : 'restricted',
        ),
      ),
      el('td', { class: 'muted' }, pack.licence),
    ),
  );
  return el(
    'div',
    { id: 'pack-licences' },
    el('h3', {}, 'Model packs and licences'),
    table(['Pack', 'Models', 'Use', 'Licence'], rows),
  );
}
