import i18next from 'i18next';
import { en, type Messages } from './locales/en.js';
import { es } from './locales/es.js';

/**
 * The web app's translations (i18next, resources bundled into the build: no request, no CDN). A new
 * language is one file in `locales/` typed as {@link Messages} (a missing key is a compile error) and one
 * line here; docs/dashboard.md#languages says how.
 */
export const LANGUAGES = {
  en: { name: 'English', messages: en },
  es: { name: 'Español', messages: es },
} as const satisfies Record<string, { name: string; messages: Messages }>;
export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = 'attendance.language';
const isLanguage = (value: string | null | undefined): value is Language =>
  !!value && Object.hasOwn(LANGUAGES, value);

/** The saved choice, else the first of the browser's languages we have, else English. */
function initialLanguage(): Language {
  // Unit tests of pure kiosk logic run without a browser: English.
  if (typeof localStorage === 'undefined' || typeof navigator === 'undefined') return 'en';
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages) {
    const base = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

void i18next.init({
  lng: initialLanguage(),
  fallbackLng: 'en',
  initAsync: false,
  showSupportNotice: false,
  // Text goes into the page through textContent, never as HTML: nothing to escape here.
  interpolation: { escapeValue: false },
  resources: Object.fromEntries(
    Object.entries(LANGUAGES).map(([code, language]) => [code, { translation: language.messages }]),
  ),
});
if (typeof document !== 'undefined') document.documentElement.lang = i18next.language;

/** A translated string, e.g. `t('live.cameras')` or `t('tiles.stats', { fps: '4.0', … })`. */
export function t(key: string, params?: Record<string, string | number>): string {
  return i18next.t(key, params);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** Switches the language, remembers it in this browser and re-translates every localized element. */
export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  translateTree(document.body);
  for (const listener of listeners) listener(language);
}

const listeners = new Set<(language: Language) => void>();

/** For views that build text no attribute can describe (they re-render on a switch). */
export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const ATTRIBUTES = ['title', 'alt', 'placeholder', 'aria-label'] as const;

/**
 * Gives `element` the text of `key` and remembers key and parameters on it (`data-i18n`,
 * `data-i18n-args`), so a language switch re-translates it in place. `attribute` targets an attribute
 * instead of the text.
 */
export function localize(
  element: Element,
  key: string,
  params?: Record<string, string | number>,
  attribute?: (typeof ATTRIBUTES)[number],
): void {
  const name = attribute ? `data-i18n-${attribute}` : 'data-i18n';
  element.setAttribute(name, key);
  if (params) element.setAttribute(`${name}-args`, JSON.stringify(params));
  else element.removeAttribute(`${name}-args`);
  apply(element, name, attribute);
}

/** A `<span>` showing the text of `key`, kept translated on a language switch (labels, headings built once). */
export function localizedText(key: string, params?: Record<string, string | number>): HTMLSpanElement {
  const span = document.createElement('span');
  localize(span, key, params);
  return span;
}

/** Translates every element under `root` that carries `data-i18n` / `data-i18n-<attribute>` (static HTML too). */
export function translateTree(root: ParentNode): void {
  for (const element of root.querySelectorAll('[data-i18n]')) apply(element, 'data-i18n');
  for (const attribute of ATTRIBUTES) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      apply(element, `data-i18n-${attribute}`, attribute);
    }
  }
}

function apply(element: Element, name: string, attribute?: string): void {
  const key = element.getAttribute(name);
  if (!key) return;
  const rawArgs = element.getAttribute(`${name}-args`);
  const text = t(key, rawArgs ? (JSON.parse(rawArgs) as Record<string, string | number>) : undefined);
  if (attribute) element.setAttribute(attribute, text);
  else element.textContent = text;
}
