import { ModelConfigSchema, ReadinessSchema, type ModelConfig, type Readiness } from '@attendance/protocol';
import { BUILTIN_PACKS } from '@attendance/vision';
import { t } from '../i18n/i18n.js';
import { el, replaceChildren } from '../shared/dom.js';
import { RenderedView } from './rendered-view.js';
import { table } from './table.js';

const chip = (status: string) =>
  el(
    'span',
    {
      class: `chip ${status === 'up' || status === 'ok' ? 'ok' : status === 'degraded' ? 'warn' : 'bad'}`,
      'data-state': status,
    },
    t(`status.states.${status}`),
  );

/** System status from `/health/ready` (503 still carries the report) and the model files' check. */
export class StatusView extends RenderedView {
  private models: ModelConfig | null = null;
  private ready: Readiness | null = null;
  private httpStatus = 0;

  protected async load(): Promise<void> {
    const config: unknown = await fetch('/ui/api/config', { credentials: 'same-origin' })
      .then((r) => r.json())
      .catch(() => null);
    const models = ModelConfigSchema.safeParse(config);
    this.models = models.success ? models.data : null;
    const response = await fetch('/health/ready', { credentials: 'same-origin' });
    this.httpStatus = response.status;
    const parsed = ReadinessSchema.safeParse(await response.json().catch(() => null));
    this.ready = parsed.success ? parsed.data : null;
  }

  protected render(): void {
    const ready = this.ready;
    if (!ready) {
      replaceChildren(
        this.root,
        el('h2', {}, t('status.title')),
        el('p', { class: 'error' }, t('status.unavailable', { status: this.httpStatus })),
      );
      return;
    }
    const card = (title: string, ...body: (Node | string)[]) =>
      el('div', { class: 'card' }, el('span', { class: 'muted' }, title), el('strong', {}, ...body));
    const name = (text: string) => el('span', { translate: 'no' }, ` ${text}`);
    replaceChildren(
      this.root,
      el('h2', {}, t('status.title'), ' ', chip(ready.status)),
      this.modelAlert(),
      el(
        'div',
        { class: 'status-grid' },
        card(t('status.database'), chip(ready.database.status), name(ready.database.driver)),
        card(t('status.cache'), chip(ready.cache.status), name(ready.cache.backend)),
        card(
          t('status.migrations'),
          t('status.migrationCounts', {
            applied: ready.migrations.applied,
            pending: ready.migrations.pending,
          }),
        ),
        card(t('status.latestMigration'), el('span', { translate: 'no' }, ready.migrations.latest ?? '—')),
        card(t('status.version'), el('span', { translate: 'no' }, ready.version)),
        this.modelCard(),
      ),
      // The cache backend's own explanation, from the server (in English, like its logs).
      el('p', { class: 'muted', translate: 'no' }, ready.cache.reason),
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
      el('span', { class: 'muted' }, t('status.faceModels')),
      el(
        'strong',
        {},
        chip(state === 'ok' ? 'ok' : 'down'),
        state === 'ok' ? '' : ` ${t(`status.states.${state}`)} · `,
        el('span', { translate: 'no' }, ` ${models?.pack ?? ''}`),
      ),
      el('span', { class: 'small', translate: 'no' }, models?.model?.id ?? '—'),
      el('span', { class: 'muted small', translate: 'no' }, files),
      models && models.liveness !== 'ok'
        ? el(
            'span',
            { class: 'small', 'data-liveness': models.liveness },
            t('status.kioskLiveness', { state: t(`status.states.${models.liveness}`) }),
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
      t('status.modelAlert', {
        problem: models.problem ?? t('status.modelProblem'),
        fix: models.fix ?? t('status.seeLog'),
      }),
    );
  }
}

/** Every built-in model pack with its licence: `open-256` is the one fit for work use. */
function packLicences(): HTMLElement {
  const rows = Object.values(BUILTIN_PACKS).map((pack) =>
    el(
      'tr',
      { 'data-pack': pack.name },
      el('td', { translate: 'no' }, pack.name),
      el('td', { translate: 'no' }, `${pack.detector} + ${pack.recognizer}`),
      el(
        'td',
        {},
        el(
          'span',
          { class: `chip ${pack.licenceClean ? 'ok' : 'warn'}` },
          t(pack.licenceClean ? 'status.licenceClean' : 'status.restricted'),
        ),
      ),
      el('td', { class: 'muted', translate: 'no' }, pack.licence),
    ),
  );
  return el(
    'div',
    { id: 'pack-licences' },
    el('h3', {}, t('status.packsTitle')),
    table(
      ['pack', 'models', 'use', 'licence'].map((key) => t(`status.${key}`)),
      rows,
    ),
  );
}
