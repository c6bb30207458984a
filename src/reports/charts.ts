import type { EChartsOption } from 'echarts';

/**
 * Charts rendered on the server to SVG strings with ECharts' SSR mode, so the report needs no JavaScript and prints
 * crisply. ECharts is loaded on first use only: the API does not pay for it at start.
 */
let echartsModule: Promise<typeof import('echarts')> | null = null;
const loadEcharts = () => (echartsModule ??= import('echarts'));

export const PALETTE = { accent: '#1d4ed8', accentSoft: 'rgba(29, 78, 216, 0.16)', grid: '#d9dee7', text: '#334155', muted: '#64748b' };
const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

async function renderSvg(option: EChartsOption, width: number, height: number): Promise<string> {
  const echarts = await loadEcharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: PALETTE.text }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Breaks a long (English) axis name at spaces so it stays inside the chart; CJK names are short already. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + word.length < width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

export interface RadarInput {
  axes: { label: string; score: number }[];
  seriesName: string;
  format: (n: number) => string;
}

export function radarSvg({ axes, seriesName, format }: RadarInput): Promise<string> {
  return renderSvg(
    {
      radar: {
        indicator: axes.map((a) => ({ name: `${wrap(a.label, 14)}\n${format(a.score)}`, max: 100, min: 0 })),
        radius: '58%',
        center: ['50%', '54%'],
        splitNumber: 4,
        axisName: { color: PALETTE.text, fontSize: 12, lineHeight: 16 },
        splitLine: { lineStyle: { color: PALETTE.grid } },
        splitArea: { areaStyle: { color: ['#f8fafc', '#ffffff'] } },
        axisLine: { lineStyle: { color: PALETTE.grid } },
      },
      series: [
        {
          type: 'radar',
          name: seriesName,
          symbolSize: 5,
          lineStyle: { color: PALETTE.accent, width: 2 },
          itemStyle: { color: PALETTE.accent },
          areaStyle: { color: PALETTE.accentSoft },
          data: [{ value: axes.map((a) => a.score), name: seriesName }],
        },
      ],
    },
    420,
    320,
  );
}

export interface TrendInput {
  points: { period: string; total: number; current: boolean }[];
  thresholds: { label: string; value: number }[];
  format: (n: number) => string;
}

export function trendSvg({ points, thresholds, format }: TrendInput): Promise<string> {
  const values = points.map((p) => p.total);
  const low = Math.max(0, Math.floor((Math.min(...values, ...thresholds.map((t) => t.value)) - 5) / 10) * 10);
  return renderSvg(
    {
      grid: { left: 44, right: 112, top: 24, bottom: 32 },
      xAxis: {
        type: 'category',
        data: points.map((p) => p.period),
        boundaryGap: false,
        axisLine: { lineStyle: { color: PALETTE.grid } },
        axisLabel: { color: PALETTE.muted },
      },
      yAxis: { type: 'value', min: low, max: 100, splitLine: { lineStyle: { color: '#eef1f5' } }, axisLabel: { color: PALETTE.muted } },
      series: [
        {
          type: 'line',
          data: points.map((p) => ({
            value: p.total,
            symbolSize: p.current ? 10 : 6,
            label: { show: true, position: 'top', formatter: () => format(p.total), fontWeight: p.current ? 'bold' : 'normal' },
          })),
          lineStyle: { color: PALETTE.accent, width: 2 },
          itemStyle: { color: PALETTE.accent },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#94a3b8', type: 'dashed' },
            label: {
              position: 'end',
              color: PALETTE.muted,
              fontSize: 11,
              lineHeight: 14,
              formatter: (p) => `${wrap(p.name ?? '', 14)} ≥ ${format(Number(p.value))}`,
            },
            data: thresholds.map((t) => ({ yAxis: t.value, name: t.label })),
          },
        },
      ],
    },
    720,
    260,
  );
}
