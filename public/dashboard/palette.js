/* global echarts */
// Colours: one sequential palette for index levels (light = lower, dark = higher), and a neutral grey hatch for
// withheld figures so that a suppressed cell can never be read as a low value.

export const SEQUENTIAL = ['#eef6d7', '#c9e8b7', '#8fd0bb', '#4fb3c3', '#2b8cbe', '#225ea8', '#16357a'];
export const SUPPRESSED_FILL = '#e6e8ec';
export const HATCH = '#9aa3af';
export const NO_DATA_FILL = '#ffffff';
export const NO_DATA_BORDER = '#c3c9d2';
export const ACCENT = '#1d4ed8';
export const INK = '#0f172a';
export const MUTED = '#64748b';

/** Bar and line decal for withheld values, matching the tile hatch. */
export const SUPPRESSED_DECAL = {
  symbol: 'rect',
  symbolSize: 1,
  dashArrayX: [1, 0],
  dashArrayY: [2, 5],
  rotation: -Math.PI / 4,
  color: 'rgba(100, 116, 139, 0.45)',
};

/** The domain of the colour scale: the visible values, widened to multiples of 5 and to at least 10 points. */
export function domainOf(values) {
  if (!values.length) return [0, 100];
  let low = Math.floor(Math.min(...values) / 5) * 5;
  let high = Math.ceil(Math.max(...values) / 5) * 5;
  if (high - low < 10) {
    const mid = (low + high) / 2;
    low = Math.max(0, Math.floor((mid - 5) / 5) * 5);
    high = low + 10;
  }
  return [low, high];
}

export function colourOf(value, [low, high]) {
  const t = Math.max(0, Math.min(1, (value - low) / (high - low || 1)));
  return echarts.color.lerp(t, SEQUENTIAL);
}

/** Dark tiles get white text; the threshold is the palette's middle. */
export function textOn(value, [low, high]) {
  return (value - low) / (high - low || 1) > 0.55 ? '#ffffff' : INK;
}

export function gradientCss() {
  return `linear-gradient(90deg, ${SEQUENTIAL.join(', ')})`;
}
