import { el } from '../shared/dom.js';
import { currentLanguage, LANGUAGES, localize, setLanguage, type Language } from './i18n.js';

/**
 * A select of the languages, each named in itself (so `translate="no"`: the names never change). Changing
 * it switches the whole page at once.
 */
export function languageSwitcher(): HTMLElement {
  const select = el(
    'select',
    { id: 'language', name: 'language', translate: 'no' },
    ...Object.entries(LANGUAGES).map(([code, language]) =>
      el('option', { value: code, selected: code === currentLanguage() }, language.name),
    ),
  );
  localize(select, 'language.label', undefined, 'aria-label');
  localize(select, 'language.label', undefined, 'title');
  select.addEventListener('change', () => setLanguage(select.value as Language));
  return select;
}
