import type { PersonRef } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, localDay, replaceChildren } from '../shared/dom.js';
import { barChart } from './bar-chart.js';
import { formatDuration } from './duration.js';
import { exportLinks } from './export-links.js';
import { failureText } from './rendered-view.js';
import { personSelect } from './pickers.js';
import { FilterDraft, toolbarForm } from './toolbar-form.js';

/** One person's month (`GET /v1/attendance/timesheet`): hours present per day as bars, and the totals. */
export class TimesheetPanel {
  readonly element = el('section', { id: 'timesheet' });
  private personId = '';
  private month = localDay().slice(0, 7);
  private readonly draft = new FilterDraft();

  constructor(private readonly api: ApiClient) {}

  render(people: readonly PersonRef[]): void {
    this.personId ||= people[0]?.id ?? '';
    const person = personSelect(people, this.personId);
    const month = el('input', { type: 'month', name: 'month', value: this.month, required: true });
    const result = el('div', { id: 'timesheet-result' });
    const form = toolbarForm(
      [
        [t('days.person'), person],
        [t('reports.month'), month],
      ],
      () => {
        this.personId = person.value;
        this.month = month.value;
        void this.load(result);
      },
      { draft: this.draft },
    );
    replaceChildren(this.element, el('h3', {}, t('reports.timesheet')), form, result);
    if (this.personId) void this.load(result);
  }

  private async load(result: HTMLElement): Promise<void> {
    try {
      const sheet = await this.api.timesheet({
        person_id: this.personId,
        month: this.month,
      });
      const totals = sheet.totals;
      replaceChildren(
        result,
        exportLinks('/v1/attendance/timesheet/export', { person_id: this.personId, month: this.month }),
        el(
          'p',
          { 'data-totals': '' },
          t('reports.totals', {
            present: totals.days_present,
            late: totals.late_count,
            absent: totals.absent_days,
            hours: formatDuration(totals.present_seconds),
          }),
        ),
      );
      barChart(result, {
        label: t('reports.presencePerDay'),
        x: sheet.days.map((day) => Number(day.date.slice(8, 10))),
        y: sheet.days.map((day) => Math.round((day.present_seconds / 3600) * 10) / 10),
        yLabel: t('reports.hours'),
        formatX: (value) => String(value),
      });
    } catch (failure) {
      replaceChildren(result, el('p', { class: 'error', role: 'alert' }, failureText(failure)));
    }
  }
}
