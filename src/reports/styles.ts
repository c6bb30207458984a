/** The report's stylesheet: one page on screen, A4 on paper (sections never split across pages where avoidable). */
export const REPORT_CSS = `
:root {
  --ink: #0f172a; --text: #334155; --muted: #64748b; --line: #e2e8f0; --paper: #ffffff; --page: #f1f5f9;
  --accent: #1d4ed8; --accent-soft: #dbeafe; --pass: #15803d; --pass-soft: #dcfce7; --fail: #b91c1c; --fail-soft: #fee2e2;
  --warn: #92400e; --warn-soft: #fef3c7;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font: 14px/1.55 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, -apple-system, "Segoe UI", sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 980px; margin: 24px auto; background: var(--paper); padding: 40px 48px; border-radius: 10px;
  box-shadow: 0 1px 3px rgba(15, 23, 42, .08), 0 8px 24px rgba(15, 23, 42, .06); }
h1, h2, h3 { color: var(--ink); margin: 0; line-height: 1.25; }
.eyebrow { color: var(--accent); font-weight: 600; letter-spacing: .04em; font-size: 13px; }
h1 { font-size: 28px; margin: 6px 0 4px; }
.subtitle { color: var(--muted); font-size: 12.5px; margin: 0 0 20px; }
h2 { font-size: 18px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
section { margin-top: 32px; break-inside: avoid; page-break-inside: avoid; }
.synthetic { background: var(--warn-soft); color: var(--warn); border: 1px solid #fcd34d; border-radius: 6px; padding: 8px 12px;
  font-weight: 600; margin: 0 0 16px; }
dl.meta { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px 24px; margin: 0; }
dl.meta div { min-width: 0; }
dl.meta dt { color: var(--muted); font-size: 12px; }
dl.meta dd { margin: 0; color: var(--ink); font-weight: 500; overflow-wrap: anywhere; }
.headline { display: grid; grid-template-columns: 220px 1fr; gap: 24px; margin-top: 28px; align-items: stretch; }
.total { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; }
.total .label, .stage .label { color: var(--muted); font-size: 12px; }
.total .value { font-size: 52px; font-weight: 700; color: var(--ink); line-height: 1.1; }
.total .value small { font-size: 16px; color: var(--muted); font-weight: 500; }
.stage { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; }
.stage .name { font-size: 26px; font-weight: 700; color: var(--accent); }
.stage .alias { color: var(--text); }
ol.ladder { list-style: none; display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; padding: 0; margin: 14px 0 0; }
ol.ladder li { border-radius: 6px; padding: 6px 8px; background: #f1f5f9; color: var(--muted); font-size: 12px; line-height: 1.35; }
ol.ladder li.reached { background: var(--accent-soft); color: #1e3a8a; }
ol.ladder li.current { background: var(--accent); color: #fff; font-weight: 600; }
ol.ladder li span { display: block; font-size: 11px; opacity: .85; }
.two { display: grid; grid-template-columns: 420px 1fr; gap: 24px; align-items: center; }
.chart svg { display: block; max-width: 100%; height: auto; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; white-space: nowrap; }
.bar { position: relative; height: 8px; background: #eef2f7; border-radius: 4px; min-width: 80px; margin-top: 6px; }
.bar i { position: absolute; inset: 0 auto 0 0; background: var(--accent); border-radius: 4px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.pass { background: var(--pass-soft); color: var(--pass); }
.badge.fail { background: var(--fail-soft); color: var(--fail); }
.note { color: var(--muted); font-size: 12.5px; margin: 8px 0 0; }
.gaps { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 12px; padding: 0; list-style: none; }
.gaps li { background: var(--fail-soft); color: var(--fail); border-radius: 6px; padding: 4px 10px; font-size: 13px; }
.peers { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.peer { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.peer .where { color: var(--muted); font-size: 12px; }
.peer .pct { font-size: 30px; font-weight: 700; color: var(--ink); }
.scale { position: relative; height: 10px; border-radius: 5px; background: linear-gradient(90deg, #e2e8f0, #93c5fd, #1d4ed8); margin: 10px 0 4px; }
.scale b { position: absolute; top: -4px; width: 4px; height: 18px; margin-left: -2px; background: var(--ink); border-radius: 2px; }
footer { margin-top: 36px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media (max-width: 760px) {
  main { padding: 24px 18px; margin: 0; border-radius: 0; }
  .headline, .two, .peers { grid-template-columns: 1fr; }
  dl.meta { grid-template-columns: 1fr 1fr; }
}
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  body { background: none; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  section { margin-top: 20px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .two { grid-template-columns: 360px 1fr; }
}
`;
