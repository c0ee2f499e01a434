import type { AttendanceReport, Group, PersonDay, PersonRef, ServerEvent } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, localDay, replaceChildren } from '../shared/dom.js';
import { arrivalsByHour } from './arrivals.js';
import { barChart } from './bar-chart.js';
import { DayChangeReload, nearDays } from './day-change-reload.js';
import { formatDuration } from './duration.js';
import { exportLinks } from './export-links.js';
import { groupPicker } from './pickers.js';
import { failureText, RenderedView } from './rendered-view.js';
import { table } from './table.js';
import { TimesheetPanel } from './timesheet-panel.js';
import { FilterDraft, toolbarForm } from './toolbar-form.js';

const PAGE = 500;
/** Arrivals are drawn from at most this many person-days (20 pages). */
const MAX_DAYS = 10_000;

const hourIn = (zone: string) => (iso: string) =>
  Number(new Date(iso).toLocaleString('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone: zone }));

/**
 * Reports: a group's period (`GET /v1/attendance/report`: days present, late, absent, hours per person) with
 * the arrivals over the day as bars, and one person's month (timesheet). The period is reloaded live when one
 * of its days changes.
 */
export class ReportsView extends RenderedView {
  private groups: Group[] = [];
  private people: PersonRef[] = [];
  private groupId = '';
  private from = `${localDay().slice(0, 7)}-01`;
  private to = localDay();
  private report: AttendanceReport | null = null;
  private seenDays: PersonDay[] = [];
  private failure = '';
  private readonly timesheet: TimesheetPanel;
  private readonly live: DayChangeReload;
  private readonly draft = new FilterDraft();

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
    this.timesheet = new TimesheetPanel(api);
    const shows = ({ date }: { date: string }) => nearDays(date, this.from, this.to);
    this.live = new DayChangeReload(root, shows, () => this.refresh());
  }

  onEvent(event: ServerEvent): void {
    this.live.onEvent(event);
  }

  protected async load(): Promise<void> {
    try {
      const query = { from: this.from, to: this.to, group_id: this.groupId || undefined };
      const [groups, people, report] = await Promise.all([
        this.api.listGroups(),
        this.api.listPeople({ active: 'true', limit: 500 }),
        this.api.attendanceReport({ ...query, limit: 10_000 }),
      ]);
      Object.assign(this, { groups: groups.items, people: people.items, report, failure: '' });
      this.seenDays = [];
      for (let offset = 0; offset < MAX_DAYS; offset += PAGE) {
        const page = await this.api.listAttendanceDays({
          ...query,
          seen: 'true',
          limit: PAGE,
          offset,
        });
        this.seenDays.push(...page.items);
        if (offset + PAGE >= page.total) break;
      }
    } catch (failure) {
      this.failure = failureText(failure);
    }
  }

  protected render(): void {
    const chart = el('div', { id: 'arrivals-chart' });
    replaceChildren(
      this.root,
      el('h2', {}, t('reports.title')),
      this.filters(),
      exportLinks('/v1/attendance/report/export', {
        from: this.from,
        to: this.to,
        group_id: this.groupId || undefined,
      }),
      this.failure ? el('p', { class: 'error', role: 'alert' }, this.failure) : null,
      el('h3', {}, t('reports.arrivals')),
      chart,
      this.report ? this.reportTable(this.report) : null,
      this.timesheet.element,
    );
    barChart(chart, {
      label: t('reports.arrivals'),
      x: Array.from({ length: 24 }, (_, hour) => hour),
      // Each arrival at its hour on its own clock: 09:00 in New York and 09:00 in Berlin are both 9h.
      y: arrivalsByHour(this.seenDays, (day) => hourIn(day.time_zone)(day.first_in)),
      yLabel: t('reports.people'),
      formatX: (hour) => `${String(hour).padStart(2, '0')}h`,
    });
    this.timesheet.render(this.people);
  }

  private filters(): HTMLFormElement {
    const from = el('input', { type: 'date', name: 'from', value: this.from, required: true });
    const to = el('input', { type: 'date', name: 'to', value: this.to, required: true });
    const picker = groupPicker(this.groups, this.groupId, (groupId) => {
      this.groupId = groupId;
    });
    return toolbarForm(
      [picker, [t('days.from'), from], [t('days.to'), to]],
      () => {
        Object.assign(this, { from: from.value, to: to.value });
        void this.refresh();
      },
      { attributes: { id: 'report-form' }, draft: this.draft },
    );
  }

  private reportTable(report: AttendanceReport): HTMLTableElement {
    const headers = ['person', 'daysPresent', 'late', 'leftEarly', 'absent', 'leave', 'hours'];
    return table(
      headers.map((key) => t(`reports.columns.${key}`)),
      report.items.map((row) =>
        el(
          'tr',
          { 'data-person': row.person.id },
          el('td', { translate: 'no' }, row.person.name),
          el('td', { 'data-days-present': row.days_present }, row.days_present),
          el('td', {}, row.late_count),
          el('td', {}, row.left_early_count),
          el('td', {}, row.absent_days),
          el('td', {}, row.leave_days + row.holiday_days),
          el('td', {}, formatDuration(row.present_seconds)),
        ),
      ),
      { id: 'report-table' },
    );
  }
}
