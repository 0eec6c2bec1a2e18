import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './paths.js';

/** A browser page that leaves a numbered screenshot of everything a test looked at. */
export interface TestPage {
  page: Page;
  /** Opens `url`, waits for it to load (and for `ready`, when given), and saves a screenshot as `label`. */
  visit(url: string, label: string, ready?: () => Promise<unknown>): Promise<void>;
  /** Saves a screenshot of the page as it is now; returns the file. */
  snap(label: string): Promise<string>;
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** Console errors (failed loads, CSP violations...), for the test to assert on or print. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Screenshots of one test share a folder and one sequence, across all its pages. */
const sequences = new Map<string, { dir: string; next: number }>();

function folder(testName: string): { dir: string; next: number } {
  let sequence = sequences.get(testName);
  if (!sequence) {
    const name = testName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const dir = path.join(SCREENSHOT_DIR, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    sequence = { dir, next: 1 };
    sequences.set(testName, sequence);
  }
  return sequence;
}

/** A new context (so pages share nothing: storage, cache, language) with one page in it. */
export async function openPage(
  browser: Browser,
  testName: string,
  options: BrowserContextOptions = {},
): Promise<TestPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const snap = async (label: string): Promise<string> => {
    const sequence = folder(testName);
    const file = path.join(sequence.dir, `${String(sequence.next++).padStart(2, '0')}-${label}.png`);
    await page.screenshot({ path: file });
    return file;
  };
  return {
    page,
    errors,
    consoleErrors,
    snap,
    visit: async (url, label, ready) => {
      await page.goto(url, { waitUntil: 'load' });
      await ready?.();
      await snap(label);
    },
    close: () => context.close(),
  };
}
