import type { Language } from '../questionnaires/api.schemas';
import type { DimensionCode } from '../questionnaires/definition.schema';
import { STAGES } from '../scoring/stages';
import { describeAnswer } from './answers';
import { radarSvg, trendSvg } from './charts';
import { html, trusted, type SafeHtml } from './html';
import { formatters, reportText, type Formatters, type ReportText } from './labels';
import type { ReportModel } from './model';
import { REPORT_CSS } from './styles';

interface Ctx {
  m: ReportModel;
  lang: Language;
  t: ReportText;
  f: Formatters;
  dimension: (code: DimensionCode) => string;
}

const passBadge = (ctx: Ctx, passed: boolean) =>
  html`<span class="badge ${passed ? 'pass' : 'fail'}">${passed ? '✓ ' + ctx.t.passed : '✗ ' + ctx.t.failed}</span>`;
const stageName = (code: string) => STAGES.find((s) => s.code === code)!;

function header({ m, t, lang, f }: Ctx): SafeHtml {
  const e = m.enterprise;
  const q = m.definition;
  return html`<header>
    <div class="eyebrow">${t.title}</div>
    <h1>${e.name}</h1>
    <p class="subtitle">${t.subtitle}</p>
    ${e.synthetic ? html`<p class="synthetic" role="note">${t.synthetic}</p>` : ''}
    <dl class="meta">
      <div>
        <dt>${t.creditCode}</dt>
        <dd>${e.creditCode}</dd>
      </div>
      <div>
        <dt>${t.region}</dt>
        <dd>${e.regionPath.join(' · ')} (${e.regionCode})</dd>
      </div>
      <div>
        <dt>${t.industry}</dt>
        <dd>${e.industryCode} ${e.industryName[lang]}</dd>
      </div>
      <div>
        <dt>${t.size}</dt>
        <dd>${t.sizes[e.sizeClass]}</dd>
      </div>
      <div>
        <dt>${t.period}</dt>
        <dd>${m.assessment.period}${m.assessment.revision > 1 ? ` (${t.revision} ${m.assessment.revision})` : ''}</dd>
      </div>
      <div>
        <dt>${t.questionnaire}</dt>
        <dd>${q.title[lang]} · ${q.id} ${q.version}</dd>
      </div>
      <div>
        <dt>${t.submitted}</dt>
        <dd>${f.dateTime(m.assessment.submittedAt)}</dd>
      </div>
    </dl>
  </header>`;
}

function headline({ m, t, f }: Ctx): SafeHtml {
  const stage = m.result.stage;
  return html`<div class="headline">
    <div class="total" data-testid="total">
      <div class="label">${t.total}</div>
      <div class="value">${f.score(m.result.total)}<small> / 100</small></div>
    </div>
    <div class="stage" data-testid="stage">
      <div class="label">${t.stage}</div>
      <div class="name">${stage.zh} <span class="alias">· ${stage.en}</span></div>
      <div class="note">${stage.platformZh}</div>
      <ol class="ladder" aria-label="${t.stageLadder}">
        ${STAGES.map(
          (s) => html`<li class="${s.rank === stage.rank ? 'current' : s.rank < stage.rank ? 'reached' : ''}">${s.rank}. ${s.zh}<span>${s.en}</span></li>`,
        )}
      </ol>
    </div>
  </div>`;
}

async function dimensions(ctx: Ctx): Promise<SafeHtml> {
  const { m, t, f } = ctx;
  const axes = m.result.dimensions.map((d) => ({ label: ctx.dimension(d.dimension), score: d.score }));
  const svg = await radarSvg({ axes, seriesName: m.enterprise.name, format: f.score });
  return html`<section>
    <h2>${t.dimensions}</h2>
    <div class="two">
      <div class="chart" data-testid="radar">${trusted(svg)}</div>
      <table>
        <thead>
          <tr>
            <th>${t.dimension}</th>
            <th class="num">${t.weight}</th>
            <th class="num">${t.score}</th>
          </tr>
        </thead>
        <tbody>
          ${m.result.dimensions.map(
            (d) =>
              html`<tr>
                <td>
                  ${ctx.dimension(d.dimension)}
                  <div class="bar"><i style="width:${Math.max(0, Math.min(100, d.score))}%"></i></div>
                </td>
                <td class="num">${f.integer(d.weight * 100)}%</td>
                <td class="num"><strong>${f.score(d.score)}</strong></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

function gates(ctx: Ctx): SafeHtml {
  const { m, t, f } = ctx;
  return html`<section>
    <h2>${t.gates}</h2>
    <table>
      <thead>
        <tr>
          <th>${t.stage}</th>
          <th>${t.minTotal}</th>
          <th>${t.dimension}</th>
          <th class="num"></th>
        </tr>
      </thead>
      <tbody>
        ${m.result.stageChecks.map((c) => {
          const s = stageName(c.stage);
          return html`<tr>
            <td><strong>${s.zh}</strong><br /><span class="note">${s.en}</span></td>
            <td>${f.score(c.total)} ≥ ${f.score(c.minTotal)} ${passBadge(ctx, c.totalPassed)}</td>
            <td>${c.gates.map((g) => html`<div>${ctx.dimension(g.dimension)}: ${f.score(g.score)} ≥ ${f.score(g.min)} ${passBadge(ctx, g.passed)}</div>`)}</td>
            <td class="num">${passBadge(ctx, c.passed)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <p class="note">${t.gatesNote}</p>
  </section>`;
}

function nextStage(ctx: Ctx): SafeHtml {
  const { m, t, f, lang } = ctx;
  const next = m.result.nextStage;
  if (!next)
    return html`<section>
      <h2>${t.nextStage}</h2>
      <p>${t.topStage}</p>
    </section>`;
  const indicators = new Map(m.definition.indicators.map((i) => [i.code, i]));
  return html`<section data-testid="next-stage">
    <h2>${t.nextStage}: ${next.stage.zh} · ${next.stage.en}</h2>
    <ul class="gaps">
      ${next.failing.map(
        (g) =>
          html`<li>
            ${g.kind === 'total' ? t.total : ctx.dimension(g.dimension!)} ${f.score(g.current)} → ${f.score(g.min)}: ${t.missing} ${f.score(g.gap)} ${t.points}
          </li>`,
      )}
    </ul>
    ${next.steps.length
      ? html`<table>
            <caption class="note" style="text-align:left;caption-side:top;padding-bottom:6px">
              ${t.steps}
            </caption>
            <thead>
              <tr>
                <th>${t.indicator}</th>
                <th>${t.from}</th>
                <th>${t.to}</th>
                <th class="num">${t.gain}</th>
              </tr>
            </thead>
            <tbody>
              ${next.steps.map((s) => {
                const indicator = indicators.get(s.indicator);
                return html`<tr>
                  <td>
                    <strong>${indicator?.label[lang] ?? s.indicator}</strong><br /><span class="note">${s.indicator} · ${ctx.dimension(s.dimension)}</span>
                  </td>
                  <td>${describeAnswer(indicator, s.from, lang, t, f)}</td>
                  <td>${describeAnswer(indicator, s.to, lang, t, f)}</td>
                  <td class="num">+${f.score(s.totalGain)}</td>
                </tr>`;
              })}
            </tbody>
          </table>
          <p class="note">${next.reachedAfterSteps ? t.reached(f.score(next.totalAfterSteps)) : t.notReached(f.score(next.totalAfterSteps))}</p>`
      : ''}
  </section>`;
}

async function trend(ctx: Ctx): Promise<SafeHtml> {
  const { m, t, f, lang } = ctx;
  if (m.trend.length < 2)
    return html`<section>
      <h2>${t.trend}</h2>
      <p class="note">${t.trendNone}</p>
    </section>`;
  const thresholds = m.definition.stages.map((s) => ({ label: stageName(s.stage)[lang === 'zh' ? 'zh' : 'en'], value: s.minTotal }));
  const svg = await trendSvg({ points: m.trend, thresholds, format: f.score });
  return html`<section>
    <h2>${t.trend}</h2>
    <div class="chart" data-testid="trend">${trusted(svg)}</div>
    <table>
      <thead>
        <tr>
          <th>${t.period}</th>
          <th class="num">${t.total}</th>
          <th class="num">${t.change}</th>
          <th>${t.stage}</th>
        </tr>
      </thead>
      <tbody>
        ${m.trend.map((p, i) => {
          const prev = m.trend[i - 1];
          return html`<tr${p.current ? trusted(' style="font-weight:600"') : ''}>
          <td>${p.period}</td><td class="num">${f.score(p.total)}</td><td class="num">${prev ? f.signed(p.total - prev.total) : '—'}</td>
          <td>${p.stageZh} · ${p.stageEn}</td></tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

function benchmark(ctx: Ctx): SafeHtml {
  const { m, t, f } = ctx;
  const b = m.benchmark;
  if (!b)
    return html`<section>
      <h2>${t.benchmark}</h2>
      <p class="note">${t.benchmarkNone}</p>
    </section>`;
  const card = (where: string, p: NonNullable<ReportModel['benchmark']>['national']) =>
    html`<div class="peer">
      <div class="where">${where} · ${t.cohort[p.scope]}</div>
      ${p.percentile === null
        ? html`<p>${t.noPercentile}</p>`
        : html`<div class="pct">${f.score(p.percentile)} <small class="note">${t.percentile}</small></div>
            <div class="scale" aria-hidden="true"><b style="left:${p.percentile}%"></b></div>
            <div class="note">${t.percentileText(f.integer(p.percentile))} · ${t.peers} ${f.integer(p.n ?? 0)}</div>`}
    </div>`;
  return html`<section data-testid="benchmark">
    <h2>${t.benchmark}</h2>
    <div class="peers">${card(t.national, b.national)}${card(b.province.region.name, b.province)}</div>
  </section>`;
}

/** The whole report as one self-contained HTML document (styles inline, charts as inline SVG, no scripts). */
export async function renderReport(m: ReportModel, lang: Language, now: Date): Promise<string> {
  const t = reportText(lang);
  const f = formatters(lang);
  const labels = new Map(m.definition.dimensions.map((d) => [d.code, d.label[lang]]));
  const ctx: Ctx = { m, lang, t, f, dimension: (code) => labels.get(code) ?? code };
  const page = html`<!doctype html>
    <html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>${t.title} · ${m.enterprise.name} · ${m.assessment.period}</title>
        <style>
          ${trusted(REPORT_CSS)}
        </style>
      </head>
      <body>
        <main>
          ${header(ctx)} ${headline(ctx)} ${await dimensions(ctx)} ${gates(ctx)} ${nextStage(ctx)} ${await trend(ctx)} ${benchmark(ctx)}
          <footer>${m.definition.provenance.notice[lang]} · ${t.generated} ${f.dateTime(now.toISOString())} · ${m.assessment.id}</footer>
        </main>
      </body>
    </html> `;
  return page.value;
}
