import type { ApiKeyScope } from '@attendance/protocol';
import { loadDisplayTimeZone } from '../i18n/format.js';
import { localize, translateTree } from '../i18n/i18n.js';
import { languageSwitcher } from '../i18n/language-switcher.js';
import { ApiClient } from '../shared/api-client.js';
import { byId } from '../shared/dom.js';
import { LiveSocket } from '../shared/live-socket.js';
import { AccountsView } from './accounts-view.js';
import { ApiKeysView } from './api-keys-view.js';
import { BoardView } from './board-view.js';
import { CalendarView } from './calendar-view.js';
import { CameraNames } from './camera-names.js';
import { CameraTiles } from './camera-tiles.js';
import { CamerasView } from './cameras-view.js';
import { DaysView } from './days-view.js';
import { DevicesView } from './devices-view.js';
import { GroupsView } from './groups-view.js';
import { HistoryView } from './history-view.js';
import { showLogin } from './login-view.js';
import { PeopleView } from './people-view.js';
import { ReportsView } from './reports-view.js';
import { SpoofView } from './spoof-view.js';
import { StatusView } from './status-view.js';
import { TodayFeed } from './today-feed.js';
import { WebhooksView } from './webhooks-view.js';

type ViewName =
  | 'live'
  | 'board'
  | 'days'
  | 'reports'
  | 'people'
  | 'history'
  | 'spoofing'
  | 'status'
  | 'cameras'
  | 'devices'
  | 'keys'
  | 'accounts'
  | 'groups'
  | 'calendar'
  | 'webhooks';

const api = new ApiClient();

translateTree(document.body);
byId('live-state').before(languageSwitcher());

async function start(): Promise<void> {
  const session = await api.loadSession();
  if (!session) {
    showLogin(api, () => void start());
    return;
  }
  byId('login-view').hidden = true;
  const logout = byId<HTMLButtonElement>('logout');
  logout.hidden = false;
  logout.onclick = () => void api.logout().then(() => location.reload());

  await loadDisplayTimeZone();
  const cameraNames = new CameraNames();
  await cameraNames.load(api);
  const tiles = new CameraTiles(byId('camera-tiles'), cameraNames);
  const today = new TodayFeed(
    api,
    byId('today-feed'),
    byId('unknown-feed'),
    byId('today-count'),
    cameraNames,
  );
  const board = new BoardView(api, byId('board-view'));
  const days = new DaysView(api, byId('days-view'));
  const reports = new ReportsView(api, byId('reports-view'));
  const people = new PeopleView(api, byId('people-view'));
  const history = new HistoryView(api, byId('history-view'), cameraNames);
  const status = new StatusView(byId('status-view'));
  const cameras = new CamerasView(api, byId('cameras-view'), () => tiles.liveStatuses(), cameraNames);
  const devices = new DevicesView(api, byId('devices-view'));
  const keys = new ApiKeysView(api, byId('keys-view'));
  const accounts = new AccountsView(api, byId('accounts-view'));
  const groups = new GroupsView(api, byId('groups-view'));
  const calendar = new CalendarView(api, byId('calendar-view'));
  const webhooks = new WebhooksView(api, byId('webhooks-view'));
  const spoofing = new SpoofView(api, byId('spoofing-view'), byId('spoof-badge'), cameraNames);
  const liveState = byId('live-state');
  liveState.hidden = false;

  new LiveSocket({
    onFrame: (cameraId, jpeg) => tiles.showFrame(cameraId, jpeg),
    onMessage: (message) => {
      if (message.type === 'relay.status') tiles.update(message.payload.cameras);
      else if (message.type === 'camera.online' || message.type === 'camera.offline') {
        tiles.setOnline(message);
      } else {
        today.onEvent(message);
        spoofing.onEvent(message);
        board.onEvent(message);
        days.onEvent(message);
        reports.onEvent(message);
      }
    },
    onState: (state) => {
      localize(liveState, `connection.${state}`);
      liveState.className = `chip ${state}`;
    },
  }).start();

  const views: Record<ViewName, { element: HTMLElement; show?: () => Promise<void> }> = {
    live: { element: byId('live-view') },
    board: { element: byId('board-view'), show: () => board.show() },
    days: { element: byId('days-view'), show: () => days.show() },
    reports: { element: byId('reports-view'), show: () => reports.show() },
    people: { element: byId('people-view'), show: () => people.show() },
    history: { element: byId('history-view'), show: () => history.show() },
    spoofing: { element: byId('spoofing-view'), show: () => spoofing.show() },
    status: { element: byId('status-view'), show: () => status.show() },
    cameras: { element: byId('cameras-view'), show: () => cameras.show() },
    devices: { element: byId('devices-view'), show: () => devices.show() },
    keys: { element: byId('keys-view'), show: () => keys.show() },
    accounts: { element: byId('accounts-view'), show: () => accounts.show() },
    groups: { element: byId('groups-view'), show: () => groups.show() },
    calendar: { element: byId('calendar-view'), show: () => calendar.show() },
    webhooks: { element: byId('webhooks-view'), show: () => webhooks.show() },
  };
  const select = (name: ViewName) => {
    for (const [key, view] of Object.entries(views)) view.element.hidden = key !== name;
    for (const button of document.querySelectorAll<HTMLButtonElement>('#nav button')) {
      button.classList.toggle('active', button.dataset.view === name);
    }
    void views[name].show?.();
  };
  for (const button of document.querySelectorAll<HTMLButtonElement>('#nav button')) {
    // Pages of admin-only routes are not offered to other roles (the API refuses them anyway).
    const scope = button.dataset.scope as ApiKeyScope | undefined;
    button.hidden = scope !== undefined && !api.hasScope(scope);
    button.onclick = () => select(button.dataset.view as ViewName);
  }
  // Shown only once its buttons are wired: a click while the time zone and camera names load would be lost.
  byId('nav').hidden = false;
  select('live');
  // After the pages are wired: a click on the navigation while today's list loads must not be lost.
  await today.load();
}

void start();
