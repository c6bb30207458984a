/* global document */
import { countLabel, regionLabel, textFor, withheldLabel } from './i18n.js';

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

function changeCell(item, t, fmt) {
  if (item.rank === null) return el('td', { class: 'change' }, '');
  if (item.rankChange === null) return el('td', { class: 'change new', title: t.newEntry }, t.newShort);
  if (item.rankChange > 0) return el('td', { class: 'change up', title: t.up(item.rankChange) }, `▲${fmt.count(item.rankChange)}`);
  if (item.rankChange < 0) return el('td', { class: 'change down', title: t.down(-item.rankChange) }, `▼${fmt.count(-item.rankChange)}`);
  return el('td', { class: 'change same', title: t.same }, '–');
}

/**
 * The provincial ranking as a table (text a reader can scan and a screen reader can read): rank, region, index,
 * enterprises and the change of rank since the previous period. Withheld regions are listed last, unranked.
 */
export function renderRanking(table, ranking, { k, lang, fmt, selected, onSelect }) {
  const t = textFor(lang);
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      el('th', { class: 'num' }, t.rank),
      el('th', {}, t.region),
      el('th', { class: 'num' }, t.value),
      el('th', { class: 'num' }, t.enterprises),
      el('th', { class: 'num' }, t.change),
    ),
  );
  const body = el('tbody');
  for (const item of ranking.items) {
    const figures = { n: item.n, value: item.value, reasonCode: item.reasonCode };
    const button = el('button', { type: 'button', class: 'link' }, regionLabel(item.region, lang));
    button.addEventListener('click', () => onSelect(item.region));
    const row = el(
      'tr',
      { 'data-code': item.region.code, class: [item.region.code === selected ? 'selected' : '', item.value === null ? 'withheld' : ''].join(' ').trim() },
      el('td', { class: 'num rank' }, item.rank === null ? '—' : fmt.count(item.rank)),
      el('td', {}, button),
      el('td', { class: 'num value' }, item.value === null ? el('span', { class: 'suppressed-text' }, withheldLabel(figures, k, lang)) : fmt.score(item.value)),
      el('td', { class: 'num' }, countLabel(figures, k, fmt)),
      changeCell(item, t, fmt),
    );
    body.append(row);
  }
  table.replaceChildren(head, body);
  // Bring the selected row into view inside the table's own scroll box, without moving the page.
  const row = table.querySelector('tr.selected');
  const box = table.parentElement;
  if (row && box) box.scrollTop = Math.max(0, row.offsetTop - box.clientHeight / 2);
}
