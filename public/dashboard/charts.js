import { ACCENT, colourOf, HATCH, INK, MUTED, SUPPRESSED_DECAL, SUPPRESSED_FILL } from './palette.js';
import { countLabel, regionLabel, textFor, withheldLabel } from './i18n.js';

const FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const base = { animation: false, textStyle: { fontFamily: FONT, color: INK } };

/**
 * Sub-regions of a drilled-into region as horizontal bars, highest first. A withheld region keeps its row with a
 * hatched full-width bar and the words "suppressed (n < k)", never a zero-length bar.
 */
export function childrenOption(items, { domain, k, lang, fmt, selected }) {
  const t = textFor(lang);
  const sorted = [...items].sort((a, b) => (b.figures.value ?? -1) - (a.figures.value ?? -1));
  const names = sorted.map((i) => regionLabel(i.region, lang));
  const high = Math.max(domain[1], ...sorted.map((i) => i.figures.value ?? 0));
  return {
    ...base,
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: ({ dataIndex }) => {
        const f = sorted[dataIndex].figures;
        const value = f.value === null ? withheldLabel(f, k, lang) : fmt.score(f.value);
        return `<strong>${names[dataIndex]}</strong><br>${t.value}: ${value}<br>${t.enterprises}: ${countLabel(f, k, fmt)}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: Math.ceil(high / 10) * 10, splitLine: { lineStyle: { color: '#eef1f5' } }, axisLabel: { color: MUTED } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cbd5e1' } },
      axisLabel: { color: INK },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: sorted.map((i) => {
          const f = i.figures;
          if (f.value !== null) {
            return {
              value: f.value,
              name: i.region.code,
              itemStyle: { color: colourOf(f.value, domain), borderColor: i.region.code === selected ? INK : 'transparent', borderWidth: 2 },
              label: { show: true, position: 'right', formatter: () => fmt.score(f.value), color: INK, fontWeight: 600 },
            };
          }
          return {
            value: Math.ceil(high / 10) * 10,
            name: i.region.code,
            itemStyle: { color: SUPPRESSED_FILL, decal: SUPPRESSED_DECAL, borderColor: HATCH, borderWidth: 0.5 },
            label: { show: true, position: 'insideLeft', formatter: () => withheldLabel(f, k, lang), color: INK },
          };
        }),
      },
    ],
  };
}

/** The selected region's index over the published periods; withheld periods are gaps marked on the axis. */
export function seriesOption(series, { k, lang, fmt }) {
  const t = textFor(lang);
  const points = series.points;
  const withheld = points.filter((p) => p.figures.value === null);
  const values = points.map((p) => p.figures.value).filter((v) => v !== null);
  const low = values.length ? Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10) : 0;
  return {
    ...base,
    grid: { left: 44, right: 28, top: 28, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const p = points[params[0].dataIndex];
        const f = p.figures;
        return `<strong>${p.period}</strong><br>${t.value}: ${f.value === null ? withheldLabel(f, k, lang) : fmt.score(f.value)}<br>${t.enterprises}: ${countLabel(f, k, fmt)}`;
      },
    },
    xAxis: {
      type: 'category',
      boundaryGap: true,
      data: points.map((p) => p.period),
      axisLabel: { color: MUTED },
      axisLine: { lineStyle: { color: '#cbd5e1' } },
    },
    yAxis: { type: 'value', min: low, max: 100, splitLine: { lineStyle: { color: '#eef1f5' } }, axisLabel: { color: MUTED } },
    series: [
      {
        type: 'line',
        name: t.value,
        data: points.map((p) => p.figures.value),
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { color: ACCENT, width: 2.5 },
        itemStyle: { color: ACCENT },
        areaStyle: { color: 'rgba(29, 78, 216, 0.08)' },
        label: { show: true, position: 'top', color: INK, fontSize: 11, formatter: ({ value }) => (value === null ? '' : fmt.score(value)) },
      },
      {
        // Withheld periods: a grey marker on the axis with the reason, so a gap is not mistaken for missing data.
        type: 'scatter',
        data: withheld.map((p) => [p.period, low]),
        symbol: 'rect',
        symbolSize: [10, 10],
        itemStyle: { color: SUPPRESSED_FILL, borderColor: HATCH },
        label: { show: true, position: 'top', color: MUTED, fontSize: 10, formatter: () => t.suppressedShort },
        tooltip: { show: false },
      },
    ],
  };
}

/** Enterprises per stage (share and count) for the selected region; withheld counts are said, not drawn as zero. */
export function stageOption(figures, { lang, fmt }) {
  const t = textFor(lang);
  const stages = figures.stages;
  return {
    ...base,
    // Explicit room for the stage names (English ones are long and wrap) rather than containLabel.
    grid: { left: lang === 'en' ? 118 : 84, right: 72, top: 8, bottom: 28 },
    tooltip: {
      trigger: 'item',
      formatter: ({ dataIndex }) => {
        const s = stages[dataIndex];
        return `<strong>${s.stage.zh} · ${s.stage.en}</strong><br>${t.stageShare}: ${fmt.percent(s.sharePercent)}<br>${t.count}: ${fmt.count(s.count)}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: MUTED, formatter: (v) => fmt.percent(v) }, splitLine: { lineStyle: { color: '#eef1f5' } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stages.map((s) => (lang === 'en' ? s.stage.en : s.stage.zh)),
      axisTick: { show: false },
      axisLabel: { color: INK, width: lang === 'en' ? 108 : 76, overflow: 'break', lineHeight: 15 },
      axisLine: { lineStyle: { color: '#cbd5e1' } },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 24,
        data: stages.map((s) => ({ value: s.sharePercent, itemStyle: { color: ['#c9e8b7', '#4fb3c3', '#225ea8', '#16357a'][s.stage.rank - 1] } })),
        label: {
          show: true,
          position: 'right',
          color: INK,
          formatter: ({ dataIndex }) => `${fmt.percent(stages[dataIndex].sharePercent)} (${fmt.count(stages[dataIndex].count)})`,
        },
      },
    ],
  };
}
