import { colourOf, HATCH, INK, MUTED, NO_DATA_BORDER, NO_DATA_FILL, SUPPRESSED_FILL, textOn } from './palette.js';
import { countLabel, regionLabel, textFor, withheldLabel } from './i18n.js';

// Where each province sits in the tile grid: [column, row], roughly its place on the map (west left, north up).
// Keyed by GB/T 2260 province code; the names themselves always come from the API. No npm package offers
// maintained China province geometry under a usable licence, so a tile grid stands in for a map.
const GRID = {
  230000: [7, 0],
  150000: [4, 1],
  110000: [5, 1],
  210000: [6, 1],
  220000: [7, 1],
  650000: [0, 2],
  620000: [2, 2],
  640000: [3, 2],
  140000: [4, 2],
  130000: [5, 2],
  120000: [6, 2],
  630000: [1, 3],
  610000: [3, 3],
  410000: [4, 3],
  370000: [5, 3],
  540000: [0, 4],
  510000: [2, 4],
  500000: [3, 4],
  420000: [4, 4],
  340000: [5, 4],
  320000: [6, 4],
  310000: [7, 4],
  530000: [2, 5],
  520000: [3, 5],
  430000: [4, 5],
  360000: [5, 5],
  330000: [6, 5],
  450000: [3, 6],
  440000: [4, 6],
  350000: [5, 6],
  460000: [3, 7],
};
export const PROVINCE_CODES = Object.keys(GRID);
const COLUMNS = 8;
const ROWS = 8;

/** 内蒙古自治区 → 内蒙古: the administrative suffix is dropped to fit a tile; the full name shows in the tooltip. */
const shortName = (name) => name.replace(/(维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/, '');

/**
 * One entry per province of the grid, with its figures when the API returned any (n = 0 otherwise). Provinces the
 * current cut has no data for are named from `known` (regions the API named earlier), so a tile never lacks a name.
 */
export function tileData(children, known) {
  const byCode = new Map(children.items.map((item) => [item.region.code, item]));
  return Object.entries(GRID).map(([code, [col, row]]) => {
    const item = byCode.get(code);
    return {
      code,
      col,
      row,
      region: item?.region ?? known.get(code) ?? null,
      figures: item?.figures ?? { n: 0, value: null, suppressed: true, reasonCode: 'no_data', reason: 'no submitted assessment' },
    };
  });
}

function hatchLines(x, y, size, step) {
  // Anti-diagonal segments clipped to the square: the same "withheld" hatch as the legend and the bars.
  const lines = [];
  for (let d = step; d < 2 * size; d += step) {
    lines.push({
      type: 'line',
      silent: true,
      shape: { x1: x + Math.max(0, d - size), y1: y + Math.min(d, size), x2: x + Math.min(d, size), y2: y + Math.max(0, d - size) },
      style: { stroke: HATCH, lineWidth: 1, opacity: 0.55 },
    });
  }
  return lines;
}

/** The ECharts option of the tile grid: a custom series drawing one rounded square per province. */
export function tileOption(tiles, { domain, k, lang, fmt, selected }) {
  const t = textFor(lang);
  const label = (tile) => (tile.region ? regionLabel(tile.region, lang) : tile.code);
  return {
    animation: false,
    tooltip: {
      confine: true,
      formatter: ({ dataIndex }) => {
        const tile = tiles[dataIndex];
        const f = tile.figures;
        const value = f.value === null ? withheldLabel(f, k, lang) : fmt.score(f.value);
        return `<strong>${label(tile)}</strong><br>${t.value}: ${value}<br>${t.enterprises}: ${countLabel(f, k, fmt)}`;
      },
    },
    series: [
      {
        type: 'custom',
        coordinateSystem: 'none',
        data: tiles.map((tile) => ({ value: [tile.col, tile.row], name: tile.code })),
        renderItem: (params, api) => {
          const tile = tiles[params.dataIndex];
          const gap = 6;
          const size = Math.floor(Math.min((api.getWidth() - gap) / COLUMNS, (api.getHeight() - gap) / ROWS)) - gap;
          const left = (api.getWidth() - COLUMNS * (size + gap)) / 2;
          const x = left + tile.col * (size + gap);
          const y = gap + tile.row * (size + gap);
          const f = tile.figures;
          const isSelected = tile.code === selected;
          const name = tile.region ? shortName(tile.region.name) : tile.code;
          const children = [];
          let fill = NO_DATA_FILL;
          let ink = MUTED;
          let second = t.noData;
          if (f.value !== null) {
            fill = colourOf(f.value, domain);
            ink = textOn(f.value, domain);
            second = fmt.score(f.value);
          } else if (f.reasonCode !== 'no_data') {
            fill = SUPPRESSED_FILL;
            ink = INK;
            second = f.reasonCode === 'fewer_than_k' ? `n < ${k}` : t.suppressedShort;
          }
          children.push({
            type: 'rect',
            shape: { x, y, width: size, height: size, r: 6 },
            style: {
              fill,
              stroke: isSelected ? INK : f.reasonCode === 'no_data' ? NO_DATA_BORDER : 'rgba(15,23,42,0.08)',
              lineWidth: isSelected ? 2.5 : 1,
              lineDash: f.reasonCode === 'no_data' ? [3, 3] : null,
            },
          });
          if (f.value === null && f.reasonCode !== 'no_data') children.push(...hatchLines(x, y, size, 9));
          const small = size < 64;
          children.push({
            type: 'text',
            silent: true,
            style: {
              x: x + size / 2,
              y: y + size / 2 - (lang === 'en' ? 12 : 8),
              text: name,
              fill: ink,
              font: `600 ${small ? 11 : 13}px system-ui, "Noto Sans CJK SC", sans-serif`,
              align: 'center',
              verticalAlign: 'middle',
            },
          });
          if (lang === 'en') {
            children.push({
              type: 'text',
              silent: true,
              style: {
                x: x + size / 2,
                y: y + size / 2 + 2,
                text: tile.code,
                fill: ink,
                opacity: 0.75,
                font: '10px system-ui, sans-serif',
                align: 'center',
                verticalAlign: 'middle',
              },
            });
          }
          children.push({
            type: 'text',
            silent: true,
            style: {
              x: x + size / 2,
              y: y + size / 2 + (lang === 'en' ? 17 : 12),
              text: second,
              fill: ink,
              font: `${f.value === null ? 500 : 700} ${f.value === null ? 11 : small ? 13 : 15}px system-ui, "Noto Sans CJK SC", sans-serif`,
              align: 'center',
              verticalAlign: 'middle',
            },
          });
          return { type: 'group', children };
        },
      },
    ],
  };
}
