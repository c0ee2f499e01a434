import type { Board, BoardEntry, BoardState, Group, ServerEvent } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatTime, replaceChildren } from '../shared/dom.js';
import { DayChangeReload, nearDays } from './day-change-reload.js';
import { formatDuration } from './duration.js';
import { groupPicker } from './pickers.js';
import { failureText, RenderedView } from './rendered-view.js';

/** The board's columns, in the order a front desk reads them; `off` (not expected, not seen) is left out. */
const SHOWN_STATES: readonly Exclude<BoardState, 'off'>[] = [
  'present',
  'late',
  'not_yet_in',
  'absent',
  'on_leave',
];

/**
 * Today's board (`GET /v1/attendance/board`): who is present, late, not yet in, absent or on leave, for
 * everyone or one group. Reloaded whenever the server says today's board changed (live socket), while the
 * page is open.
 */
export class BoardView extends RenderedView {
  private board: Board | null = null;
  private groups: Group[] = [];
  private groupId = '';
  private failure = '';
  private readonly live: DayChangeReload;

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
    const shows = ({ date }: { date: string }) =>
      !this.board || nearDays(date, this.board.date, this.board.date);
    this.live = new DayChangeReload(root, shows, () => this.refresh());
  }

  onEvent(event: ServerEvent): void {
    this.live.onEvent(event);
  }

  protected async load(): Promise<void> {
    try {
      const [board, groups] = await Promise.all([
        this.api.attendanceBoard({ group_id: this.groupId }),
        this.api.listGroups(),
      ]);
      this.board = board;
      this.groups = groups.items;
      this.failure = '';
    } catch (failure) {
      this.failure = failureText(failure);
    }
  }

  protected render(): void {
    const board = this.board;
    const picker = groupPicker(this.groups, this.groupId, (groupId) => {
      this.groupId = groupId;
      void this.refresh();
    });
    replaceChildren(
      this.root,
      el('h2', {}, t('board.title'), ' ', board ? el('span', { class: 'muted' }, board.date) : null),
      el('div', { class: 'toolbar' }, picker),
      this.failure ? el('p', { class: 'error', role: 'alert' }, this.failure) : null,
      board ? this.columns(board) : null,
    );
  }

  private columns(board: Board): HTMLElement {
    return el(
      'div',
      { class: 'board', id: 'board' },
      ...SHOWN_STATES.map((state) => {
        const people = board.people.filter((entry) => entry.state === state);
        return el(
          'section',
          { class: `board-column ${state}`, 'data-state': state },
          el(
            'h3',
            {},
            t(`board.states.${state}`),
            ' ',
            el('span', { class: 'chip', 'data-count': state }, board.counts[state]),
          ),
          el(
            'ul',
            { class: 'feed small' },
            ...people.map((entry) => this.person(entry, entry.time_zone ?? board.time_zone)),
          ),
        );
      }),
    );
  }

  private person(entry: BoardEntry, zone: string): HTMLLIElement {
    const details = [
      entry.first_in ? t('board.in', { time: formatTime(entry.first_in, zone) }) : null,
      entry.last_out && !entry.inside ? t('board.out', { time: formatTime(entry.last_out, zone) }) : null,
      entry.present_seconds > 0 ? formatDuration(entry.present_seconds) : null,
    ].filter((part): part is string => part !== null);
    return el(
      'li',
      { 'data-person': entry.person.id },
      el('strong', { translate: 'no' }, entry.person.name),
      entry.inside ? el('span', { class: 'chip online' }, t('board.inside')) : null,
      details.length > 0 ? el('div', { class: 'meta' }, details.join(' · ')) : null,
    );
  }
}
