/* global document, window, history, location, URLSearchParams, echarts, console */
import { api, ApiError } from './api.js';
import { childrenOption, seriesOption, stageOption } from './charts.js';
// The service's own region rules and size classes, generated from its modules (src/routes/dashboard.ts).
import { levelOf, NATIONAL_CODE, NATIONAL_NAME, regionPath, SIZE_CLASSES } from './domain.js';
import { countLabel, formatFor, LANGUAGES, regionLabel, textFor, withheldLabel } from './i18n.js';
import { domainOf, gradientCss } from './palette.js';
import { renderRanking } from './ranking.js';
import { PROVINCE_CODES, tileData, tileOption } from './tiles.js';

const $ = (id) => document.getElementById(id);

// What the page shows is this state, mirrored in the URL so a view can be shared or reloaded.
const params = new URLSearchParams(location.search);
const state = {
  lang: LANGUAGES.includes(params.get('lang')) ? params.get('lang') : document.documentElement.lang.startsWith('en') ? 'en' : 'zh',
  period: params.get('period') ?? '',
  industry: params.get('industry') ?? '',
  size: SIZE_CLASSES.includes(params.get('size')) ? params.get('size') : '',
  // path: the regions drilled into (country first); focus: the region whose series and stages are shown.
  path: [NATIONAL_CODE],
  focus: NATIONAL_CODE,
};
{
  const region = params.get('region');
  if (region && /^\d{6}$/.test(region)) {
    const chain = regionPath(region);
    state.focus = region;
    state.path = levelOf(region) === 'county' ? chain.slice(0, -1) : chain;
  }
}

const names = new Map([[NATIONAL_CODE, { code: NATIONAL_CODE, name: NATIONAL_NAME, level: levelOf(NATIONAL_CODE) }]]);
const remember = (region) => names.set(region.code, region);
const charts = {};
let periods = [];
let industries = null;
let loading = 0;

function chart(id) {
  if (!charts[id]) {
    const el = $(id);
    charts[id] = echarts.init(el, null, { renderer: 'svg' });
    // Tests and people alike wait for this: the chart has drawn its current data.
    charts[id].on('finished', () => el.setAttribute('data-ready', 'true'));
  }
  return charts[id];
}

function draw(id, option) {
  $(id).setAttribute('data-ready', 'false');
  chart(id).setOption(option, { notMerge: true });
}

function syncUrl() {
  const q = new URLSearchParams();
  if (state.period) q.set('period', state.period);
  if (state.industry) q.set('industry', state.industry);
  if (state.size) q.set('size', state.size);
  if (state.focus !== NATIONAL_CODE) q.set('region', state.focus);
  q.set('lang', state.lang);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function option(value, label, selected) {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = label;
  node.selected = value === selected;
  return node;
}

async function fillControls() {
  const t = textFor(state.lang);
  industries = await api.industries(state.lang);
  $('period').replaceChildren(...periods.map((p) => option(p, p, state.period)));
  $('industry').replaceChildren(
    option('', t.allIndustries, state.industry),
    ...industries.items.map((i) => option(i.code, `${i.code} ${i.name}`, state.industry)),
  );
  $('size').replaceChildren(option('', t.allSizes, state.size), ...SIZE_CLASSES.map((s) => option(s, t.sizes[s], state.size)));
}

function applyLanguage() {
  const t = textFor(state.lang);
  document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
  document.title = t.documentTitle;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t[node.dataset.t];
  for (const button of document.querySelectorAll('.lang button')) button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
}

function renderCrumbs(t) {
  const crumbs = $('crumbs');
  const parts = [];
  state.path.forEach((code, i) => {
    const region = names.get(code) ?? { code, name: code, level: levelOf(code) };
    if (i > 0) parts.push(Object.assign(document.createElement('span'), { className: 'sep', textContent: '›' }));
    if (i === state.path.length - 1) {
      const here = Object.assign(document.createElement('span'), { textContent: regionLabel(region, state.lang) });
      here.setAttribute('aria-current', 'page');
      parts.push(here);
    } else {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: regionLabel(region, state.lang) });
      button.addEventListener('click', () => navigate(state.path.slice(0, i + 1)));
      parts.push(button);
    }
  });
  crumbs.replaceChildren(...parts);
  $('back').hidden = state.path.length < 2;
  $('back').textContent = `← ${t.back}`;
}

function renderLegend(domain, hasValues, k, fmt, t) {
  // With every figure withheld there is no scale to read: only the suppression key is shown.
  document.querySelector('#legend .scale').hidden = !hasValues;
  document.querySelector('#legend .gradient').style.background = gradientCss();
  $('legend-low').textContent = fmt.score(domain[0]);
  $('legend-high').textContent = fmt.score(domain[1]);
  $('legend-suppressed').textContent = t.legendSuppressed(k);
  $('legend-none').textContent = t.legendNoData;
}

function renderMap(children, k, fmt, t) {
  const parent = state.path.at(-1);
  const ctx = { k, lang: state.lang, fmt, selected: state.focus };
  if (parent === NATIONAL_CODE) {
    const tiles = tileData(children, names);
    const values = tiles.map((x) => x.figures.value).filter((v) => v !== null);
    const domain = domainOf(values);
    $('map-title').textContent = t.provinces;
    $('map-chart').style.height = '';
    draw('map-chart', tileOption(tiles, { ...ctx, domain }));
    renderLegend(domain, values.length > 0, k, fmt, t);
  } else {
    const values = children.items.map((x) => x.figures.value).filter((v) => v !== null);
    const domain = domainOf(values);
    $('map-title').textContent = t.childrenOf(regionLabel(names.get(parent), state.lang));
    // One bar per sub-region: the chart grows with their number instead of squeezing them.
    $('map-chart').style.height = `${Math.max(240, Math.min(900, 60 + children.items.length * 34))}px`;
    chart('map-chart').resize();
    draw('map-chart', childrenOption(children.items, { ...ctx, domain }));
    renderLegend(domain, values.length > 0, k, fmt, t);
  }
  $('hint').textContent = levelOf(parent) === 'city' ? '' : t.clickHint;
}

function renderHeadline(region, ranking, fmt, t) {
  const f = region.figures;
  const k = region.method.k;
  const ranked = ranking.items.find((i) => i.region.code === region.region.code);
  const rankedCount = ranking.items.filter((i) => i.rank !== null).length;
  const node = $('headline');
  node.replaceChildren();
  const add = (cls, text) => node.append(Object.assign(document.createElement('span'), { className: cls, textContent: text }));
  add('name', `${regionLabel(region.region, state.lang)} · ${region.period}`);
  if (f.value === null) add('value withheld', withheldLabel(f, k, state.lang));
  else add('value', fmt.score(f.value));
  const facts = [t.enterprisesN(countLabel(f, k, fmt))];
  if (ranked?.rank) facts.push(t.rankOf(fmt.count(ranked.rank), fmt.count(rankedCount)));
  add('facts', facts.join(' · '));
  node.dataset.code = region.region.code;
}

function renderStages(region, fmt) {
  const f = region.figures;
  const withheld = f.value === null || f.stages.every((s) => s.count === null);
  $('stage-chart').hidden = withheld;
  $('stage-withheld').hidden = !withheld;
  if (withheld) {
    $('stage-withheld').textContent = withheldLabel(f, region.method.k, state.lang);
    $('stage-chart').setAttribute('data-ready', 'true');
    return;
  }
  chart('stage-chart').resize(); // it may have been hidden, at zero size, for the previous region
  draw('stage-chart', stageOption(f, { lang: state.lang, fmt }));
}

function showError(err) {
  const t = textFor(state.lang);
  const banner = $('error');
  banner.hidden = false;
  const retry = Object.assign(document.createElement('button'), { type: 'button', className: 'back', textContent: t.retry });
  retry.addEventListener('click', () => load());
  banner.replaceChildren(`${t.loadFailed}${err.message} `, retry);
  if (!(err instanceof ApiError)) console.error(err);
}

async function load() {
  const ticket = ++loading;
  const t = textFor(state.lang);
  const fmt = formatFor(state.lang);
  $('dashboard').setAttribute('aria-busy', 'true');
  applyLanguage();
  syncUrl();
  try {
    const cut = { period: state.period, industry: state.industry || undefined, size: state.size || undefined };
    const parent = state.path.at(-1);
    const [ranking, children, region, series] = await Promise.all([
      api.ranking(cut),
      api.children(parent, cut),
      api.region(state.focus, cut),
      api.series(state.focus, cut),
      // Ancestors reached by a shared link are named by asking for them once.
      ...state.path.filter((code) => !names.has(code)).map((code) => api.region(code, cut).then((r) => remember(r.region))),
      // A narrow cut lists only provinces with data: the uncut list names the others' tiles, once.
      ...(parent === NATIONAL_CODE && PROVINCE_CODES.some((code) => !names.has(code))
        ? [api.children(NATIONAL_CODE, { period: state.period }).then((all) => all.items.forEach((i) => remember(i.region)))]
        : []),
    ]);
    if (ticket !== loading) return; // a newer request superseded this one
    ranking.items.forEach((i) => remember(i.region));
    children.items.forEach((i) => remember(i.region));
    remember(region.region);
    $('error').hidden = true;
    const k = region.method.k;

    renderCrumbs(t);
    renderMap(children, k, fmt, t);
    renderRanking($('ranking-table'), ranking, { k, lang: state.lang, fmt, selected: state.focus, onSelect: (r) => navigate([NATIONAL_CODE, r.code]) });
    $('ranking-since').textContent = ranking.previousPeriod ? t.rankingSince(ranking.previousPeriod) : '';
    renderHeadline(region, ranking, fmt, t);
    draw('series-chart', seriesOption(series, { k, lang: state.lang, fmt }));
    renderStages(region, fmt);

    const synthetic = region.figures.synthetic || children.items.some((i) => i.figures.synthetic);
    $('synthetic').hidden = !synthetic;
    $('synthetic').textContent = t.synthetic;
    $('method').textContent = t.method(k);
    $('source').textContent = region.source.kind === 'snapshot' ? t.source(fmt.dateTime(region.source.asOf)) : '';
  } catch (err) {
    if (ticket === loading) showError(err);
  } finally {
    if (ticket === loading) $('dashboard').setAttribute('aria-busy', 'false');
  }
}

function navigate(path, focus = path.at(-1)) {
  state.path = path;
  state.focus = focus;
  void load();
}

/** A click on a tile or bar: drill into a province or city; a county is a leaf and only becomes the focus. */
function onRegionClick(code) {
  if (!code) return;
  if (levelOf(code) === 'county') navigate(state.path, code);
  else navigate(regionPath(code));
}

async function start() {
  applyLanguage();
  try {
    const snapshots = await api.snapshots();
    periods = [...new Set(snapshots.items.map((s) => s.period))].sort().reverse();
    if (!periods.length) {
      $('error').hidden = false;
      $('error').textContent = textFor(state.lang).noSnapshots;
      return;
    }
    if (!periods.includes(state.period)) state.period = periods[0];
    await fillControls();
  } catch (err) {
    showError(err);
    return;
  }
  $('period').addEventListener('change', (e) => ((state.period = e.target.value), load()));
  $('industry').addEventListener('change', (e) => ((state.industry = e.target.value), load()));
  $('size').addEventListener('change', (e) => ((state.size = e.target.value), load()));
  for (const button of document.querySelectorAll('.lang button')) {
    button.addEventListener('click', async () => {
      if (state.lang === button.dataset.lang) return;
      state.lang = button.dataset.lang;
      try {
        await fillControls();
      } catch (err) {
        showError(err);
      }
      void load();
    });
  }
  $('back').addEventListener('click', () => navigate(state.path.slice(0, -1)));
  chart('map-chart').on('click', (p) => onRegionClick(p.data?.name ?? p.name));
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  await load();
}

void start();
