import { ModelConfigSchema, ReadinessSchema, type ModelConfig, type Readiness } from '@attendance/protocol';
import { BUILTIN_PACKS } from '@attendance/vision';
import { el, replaceChildren } from '../shared/dom.js';
import { table } from './table.js';

const chip = (status: string) =>
  el(
    'span',
    { class: `chip ${status === 'up' || status === 'ok' ? 'ok' : status === 'degraded' ? 'warn' : 'bad'}` },
    status,
  );

/** System status from `/health/ready` (503 still carries the report) and the model files' check. */
export class StatusView {
  private models: ModelConfig | null = null;

  constructor(private readonly root: HTMLElement) {}

  async show(): Promise<void> {
    const config: unknown = await fetch('/ui/api/config', { credentials: 'same-origin' })
      .then((r) => r.json())
      .catch(() => null);
    const models = ModelConfigSchema.safeParse(config);
    this.models = models.success ? models.data : null;
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
      this.modelAlert(),
      el(
        'div',
        { class: 'status-grid' },
        card('Database', chip(ready.database.status), ` ${ready.database.driver}`),
        card('Cache', chip(ready.cache.status), ` ${ready.cache.backend}`),
        card('Migrations', `${ready.migrations.applied} applied, ${ready.migrations.pending} pending`),
        card('Latest migration', ready.migrations.latest ?? '—'),
        card('Server version', ready.version),
        this.modelCard(),
      ),
      el('p', { class: 'muted' }, ready.cache.reason),
      packLicences(),
    );
  }

  /** The face models card: green when the files are usable, red naming the files at fault otherwise. */
  private modelCard(): HTMLElement {
    const models = this.models;
    const state = models?.status ?? 'unknown';
    const files = models?.files.map((file) => file.file).join(' + ') ?? '—';
    return el(
      'div',
      { class: `card${state === 'ok' ? '' : ' card-bad'}`, id: 'model-status', 'data-status': state },
      el('span', { class: 'muted' }, 'Face models'),
      el(
        'strong',
        {},
        chip(state === 'ok' ? 'ok' : 'down'),
        ` ${state === 'ok' ? '' : `${state} · `}${models?.pack ?? ''}`,
      ),
      el('span', { class: 'small' }, models?.model?.id ?? '—'),
      el('span', { class: 'muted small' }, files),
      models && models.liveness !== 'ok'
        ? el(
            'span',
            { class: 'small', 'data-liveness': models.liveness },
            `kiosk liveness models: ${models.liveness}`,
          )
        : false,
    );
  }

  /** Missing or wrong model files: what is wrong and the command that fixes it, above everything else. */
  private modelAlert(): HTMLElement | false {
    const models = this.models;
    if (!models || models.status === 'ok') return false;
    return el(
      'p',
      { class: 'error alert', role: 'alert', id: 'model-alert' },
      `${models.problem ?? 'Face model files unusable'}. The kiosk and photo enrollment cannot run. To fix: ${
        models.fix ?? 'see the server log'
      }.`,
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
