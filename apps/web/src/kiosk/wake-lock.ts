/**
 * Keeps the kiosk's screen on while it runs (Screen Wake Lock). The browser releases the lock whenever the
 * page is hidden, so it is requested again each time the page becomes visible. Where the API is missing
 * or refused, the kiosk runs anyway and says so in `data-wake-lock` on `target`.
 */
export function keepScreenOn(target: HTMLElement): void {
  const acquire = async () => {
    if (document.visibilityState !== 'visible') return;
    if (!('wakeLock' in navigator)) {
      target.dataset.wakeLock = 'unsupported';
      return;
    }
    try {
      const lock = await navigator.wakeLock.request('screen');
      target.dataset.wakeLock = 'held';
      lock.addEventListener('release', () => {
        target.dataset.wakeLock = 'released';
      });
    } catch (error) {
      target.dataset.wakeLock = 'refused';
      console.warn('screen wake lock refused', error);
    }
  };
  document.addEventListener('visibilitychange', () => void acquire());
  void acquire();
}
