import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fetchedResponseChecker } from './contract';

const checkFetched = fetchedResponseChecker(JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')));

/**
 * Headless Chromium for page tests: Debian's package (never a browser download), driven by playwright-core.
 * The background-networking flags keep Chromium from calling out of this offline machine at start.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../.artifacts/screenshots/', import.meta.url));

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium; fails (never skips) with the install command when it is missing. playwright-core gives each
 * launch a fresh, empty profile directory of its own (its equivalent of --user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A page whose console errors and uncaught exceptions are collected, so a test can require there were none. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  // Every API response the page receives must be one the OpenAPI document describes.
  page.on('response', async (response) => {
    if (!new URL(response.url()).pathname.startsWith('/v1/')) return;
    const problem = checkFetched(
      response.request().method(),
      response.url(),
      response.status(),
      response.headers()['content-type'] ?? '',
      await response.text(),
    );
    if (problem) problems.push(`contract: ${problem}`);
  });
  return { page, problems };
}

export const screenshotPath = (name: string) => `${SCREENSHOTS}${name}.png`;
