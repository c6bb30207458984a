import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, watchedPage } from '../helpers/browser';
import { mintKey, startServer, type ServerProcess } from '../helpers/server-process';

// As a person would: the real server on the demo data, the dashboard and a report in headless Chromium, what is
// visible on screen asserted, screenshots kept under .artifacts/screenshots/, and any console error a failure.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ronghe-browser-'));
const databasePath = join(dir, 'demo.db');
let server: ServerProcess;
let browser: Browser;
let authorityKey: string;

beforeAll(async () => {
  // 800 synthetic enterprises keep the seed to seconds; with --seed 1 they reproduce the published headline
  // (Shanghai 58.5 in 2018, second after Jiangsu) exactly, as the default 4000 do.
  await run('npm', ['run', '--silent', 'seed:demo', '--', '--enterprises', '800', '--seed', '1'], { env: { ...process.env, DATABASE_PATH: databasePath } });
  authorityKey = await mintKey(databasePath, 'authority', { regionCode: '000000' });
  [server, browser] = await Promise.all([startServer({ DATABASE_PATH: databasePath }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** The JSON of a GET on the test server (the API the page reads, to compare what it shows). */
const getJson = async (path: string, headers: Record<string, string> = {}): Promise<any> => (await fetch(`${server.url}${path}`, { headers })).json();

/** Waits until the dashboard has loaded its current state and every chart has drawn it. */
async function settled(page: Page, headline: string) {
  await page.waitForFunction(
    (text) => {
      // Runs in the page; the test's own TypeScript has no DOM types.
      const byId = (id: string) => (globalThis as any).document.getElementById(id);
      return (
        byId('dashboard')?.getAttribute('aria-busy') === 'false' &&
        (byId('headline')?.textContent ?? '').includes(text) &&
        ['map-chart', 'series-chart', 'stage-chart'].every((id) => byId(id)?.getAttribute('data-ready') === 'true')
      );
    },
    headline,
    { timeout: 15_000 },
  );
}

const rankingRow = (page: Page, code: string) => page.locator(`#ranking-table tr[data-code="${code}"]`);

describe('the regional dashboard in a browser', () => {
  it('shows the provinces, the ranking with rank changes, drill-down, suppression and both languages', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/dashboard`);
    await settled(page, '2024'); // the newest published period by default

    // A person picks 2018 in the period menu.
    await page.selectOption('#period', '2018');
    await settled(page, '全国 · 2018');
    await expect.poll(() => page.locator('#synthetic').isVisible()).toBe(true);
    expect(await page.locator('#synthetic').textContent()).toContain('合成数据');

    const shanghai = rankingRow(page, '310000');
    expect(await shanghai.locator('td.rank').textContent()).toBe('2');
    expect(await shanghai.locator('td.value').textContent()).toBe('58.5');
    expect(await shanghai.locator('td').nth(1).textContent()).toBe('上海市');
    expect(await rankingRow(page, '320000').locator('td.rank').textContent()).toBe('1');
    expect(await page.locator('#ranking-since').textContent()).toContain('2017');
    // Every ranked row says how its rank moved: ▲n, ▼n, – (unchanged) or 新 (newly ranked); a withheld row is
    // unranked and says why instead of showing a value.
    const rows = await page.locator('#ranking-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        rank: tr.querySelector('td.rank')!.textContent,
        value: tr.querySelector('td.value')!.textContent,
        change: tr.querySelector('td.change')!.textContent,
      })),
    );
    expect(rows.length).toBe(31);
    for (const row of rows) {
      if (row.rank === '—') expect(row).toMatchObject({ value: '已抑制（n < 5）', change: '' });
      else expect(row.change).toMatch(/^(▲\d+|▼\d+|–|新)$/);
    }

    // The tile grid draws all 31 provinces as SVG, Shanghai's tile with its value.
    const map = page.locator('#map-chart');
    expect(await map.locator('text', { hasText: /^上海$/ }).count()).toBe(1);
    expect(await map.locator('text', { hasText: /^58\.5$/ }).count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: screenshotPath('dashboard-zh-2018'), fullPage: true });

    // Drill down: click Shanghai's tile, then its only city-level unit, to districts where small cells are withheld.
    const tile = await map.locator('text', { hasText: /^上海$/ }).boundingBox();
    await page.mouse.click(tile!.x + tile!.width / 2, tile!.y + tile!.height / 2);
    await settled(page, '上海市 · 2018');
    expect(await page.locator('#crumbs').textContent()).toContain('上海市');
    expect(await page.locator('#map-title').textContent()).toContain('上海市');
    expect(await page.locator('#headline .value').textContent()).toBe('58.5');
    const city = await map.locator('text', { hasText: /^市辖区$/ }).boundingBox();
    await page.mouse.click(city!.x + city!.width + 40, city!.y + city!.height / 2); // on its bar
    await settled(page, '市辖区 · 2018');
    const districts = await getJson('/v1/indices/310100/children?period=2018');
    const withheld = districts.items.filter(
      (i: { figures: { value: number | null; n: number | null; reasonCode: string | null } }) =>
        i.figures.value === null && i.figures.reasonCode === 'fewer_than_k',
    );
    // A suppressed cell says why, never how many.
    expect(withheld.every((i: { figures: { n: number | null } }) => i.figures.n === null)).toBe(true);
    expect(withheld.length).toBeGreaterThan(0); // the demo data have small districts: they must read as suppressed
    expect(await map.locator('text', { hasText: '已抑制（n < 5）' }).count()).toBe(withheld.length);
    await page.screenshot({ path: screenshotPath('dashboard-zh-drilldown'), fullPage: true });

    // And back up one level.
    await page.getByRole('button', { name: '← 返回上一级' }).click();
    await settled(page, '上海市 · 2018');
    expect(await page.locator('#crumbs [aria-current]').textContent()).toBe('上海市');

    // English: the page's own words switch; region names stay zh with their code; numbers in the locale.
    await page.getByRole('button', { name: 'EN' }).click();
    await settled(page, '上海市 (310000) · 2018');
    expect(await page.locator('h1').textContent()).toBe('Regional integration index');
    expect(await shanghai.locator('td').nth(1).textContent()).toBe('上海市 (310000)');
    expect(await shanghai.locator('td.value').textContent()).toBe('58.5');
    expect(await page.locator('#synthetic').textContent()).toContain('synthetic');
    const ranked = rows.filter((r) => r.rank !== '—').length;
    expect(await page.locator('#headline .facts').textContent()).toContain(`rank 2 of ${ranked} provinces`);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.screenshot({ path: screenshotPath('dashboard-en-shanghai'), fullPage: true });

    // A cut where most provinces are too small to publish: withheld tiles say so, never show a value.
    await page.selectOption('#industry', '26');
    await page.selectOption('#size', 'large');
    await settled(page, '2018');
    await page.getByRole('button', { name: 'China' }).click();
    await settled(page, 'China · 2018');
    const ranking = await getJson('/v1/rankings?period=2018&industry=26&size=large');
    const suppressedRows = ranking.items.filter((i: { reasonCode: string | null }) => i.reasonCode === 'fewer_than_k').length;
    expect(ranking.items.filter((i: { suppressed: boolean; n: number | null }) => i.suppressed && i.n !== null)).toEqual([]);
    expect(suppressedRows).toBeGreaterThan(0);
    expect(await page.locator('#ranking-table .suppressed-text', { hasText: 'suppressed (n < 5)' }).count()).toBe(suppressedRows);
    expect(await map.locator('text', { hasText: /^n < 5$/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('dashboard-en-suppressed'), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the enterprise assessment report in a browser', () => {
  it('shows the firm, total and stage, charts, gates, next stage, trend and peers, and prints', { timeout: 60_000 }, async () => {
    const headers = { authorization: authorityKey };
    const get = (path: string) => getJson(path, headers);
    const firm = (await get('/v1/enterprises?region=310000&limit=1')).items[0];
    const latest = (await get(`/v1/enterprises/${firm.id}/assessments`)).items.find((a: { status: string }) => a.status === 'submitted');
    const assessment = await get(`/v1/assessments/${latest.id}`);

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: headers });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/v1/assessments/${latest.id}/report?lang=zh`);
    expect(await page.locator('h1').textContent()).toBe(firm.name);
    const stage = page.getByTestId('stage');
    expect(await stage.locator('.name').textContent()).toContain(assessment.result.stage.zh);
    expect(await stage.locator('.name').textContent()).toContain(assessment.result.stage.en);
    expect(await page.getByTestId('total').locator('.value').textContent()).toContain(assessment.result.total.toFixed(1));
    expect(await page.locator('.synthetic').isVisible()).toBe(true);
    // Charts are server-rendered SVG: the radar names every dimension; no script runs on the page.
    expect(await page.getByTestId('radar').locator('svg').count()).toBe(1);
    expect(await page.getByTestId('radar').locator('text').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('协同与创新')]));
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['各评估维度得分', '阶段判定', '历次评估趋势', '同行对标']));
    await page.screenshot({ path: screenshotPath('report-zh'), fullPage: true });

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: screenshotPath('report-zh-print'), fullPage: true });

    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${server.url}/v1/assessments/${latest.id}/report?lang=en`);
    expect(await page.locator('h2').first().textContent()).toBe('Dimension scores');
    await page.screenshot({ path: screenshotPath('report-en'), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  });
});
