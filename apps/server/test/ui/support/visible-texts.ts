/**
 * Every text a person sees on the page, in document order: visible text nodes and the title, aria-label,
 * placeholder and alt of visible elements, leaving out data marked `translate="no"` (names, camera ids).
 */
export const VISIBLE_TEXTS = `(() => {
  const texts = [];
  const shown = (element) => element.checkVisibility({ visibilityProperty: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('[translate=no], script, style') || !shown(parent)) continue;
    texts.push(text);
  }
  for (const element of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (element.closest('[translate=no]') || !shown(element)) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts;
})()`;

/**
 * Texts that are the same word in English and Spanish, or not language at all (brand, units, formats).
 * Names, ids and server data are marked `translate="no"` by the pages and never reach this list.
 */
export const SAME_IN_BOTH = new Set(['no', 'edge', 'Webhooks', 'URL', 'ABCD-2345', 'Español', 'English']);
