import { el } from '../shared/dom.js';
import {
  currentLanguage,
  LANGUAGES,
  localize,
  onLanguageChange,
  setLanguage,
  type Language,
} from './i18n.js';

/**
 * A select of the languages, each named in itself (so `translate="no"`: the names never change). Changing
 * it switches the whole page at once.
 */
export function languageSwitcher(): HTMLElement {
  const select = el(
    'select',
    { name: 'language', class: 'language', translate: 'no' },
    ...Object.entries(LANGUAGES).map(([code, language]) =>
      el('option', { value: code, selected: code === currentLanguage() }, language.name),
    ),
  );
  localize(select, 'language.label', undefined, 'aria-label');
  localize(select, 'language.label', undefined, 'title');
  select.addEventListener('change', () => setLanguage(select.value as Language));
  // A page may show more than one switcher (the kiosk's setup and footer): they agree.
  onLanguageChange((language) => {
    select.value = language;
  });
  return select;
}
