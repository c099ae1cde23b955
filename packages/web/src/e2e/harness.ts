import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@qisu/server';
import {
  buildApp,
  channelConfigOf,
  channelProviders,
  dispatchOutbox,
  loadEnv,
  migrateToLatest,
  openDatabase,
  PiiKeyring,
  seedDemo,
  smsCodeSender,
  systemClock,
} from '@qisu/server';

/**
 * What every browser test shares: a server with the demo data on an in-memory PGlite serving
 * the built console, Debian's Chromium, and the steps every journey repeats (log in, log out,
 * run a command through its form). Screenshots go to test-artifacts/e2e/.
 */
export const PASSWORD = 'Qisu@2026';
export const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/e2e/', import.meta.url));
const WEB_ROOT = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface Console {
  base: string;
  browser: Browser;
  handle: Db;
  /** The development providers' log (`QISU_DATA_DIR/outbox.log`), where login codes are written with `smsLogin`. */
  outboxLog: string;
  /** Delivers the outbox now, in-app only, as the server's job does every few seconds when it runs. */
  deliver: () => Promise<void>;
  close: () => Promise<void>;
}

export interface ConsoleOptions {
  /**
   * Offer the login by SMS code with the development SMS provider, as `npm start` does by default:
   * each code is a line of `outboxLog`. Off, that login answers 403.
   */
  smsLogin?: boolean;
}

/** Starts the server and the browser; call `close` in afterAll. */
export async function startConsole(options: ConsoleOptions = {}): Promise<Console> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  // A key of this run only: the in-memory database goes with it.
  const pii = PiiKeyring.ephemeral();
  await seedDemo({ db: handle.db, pii }, { password: PASSWORD });
  const storageDir = mkdtempSync(join(tmpdir(), 'qisu-e2e-'));
  const outboxLog = join(storageDir, 'outbox.log');
  const sms = options.smsLogin
    ? smsCodeSender(channelConfigOf(loadEnv({ QISU_DATA_DIR: storageDir, QISU_SMS_PROVIDER: 'dev' }), outboxLog))
    : null;
  const app: FastifyInstance = await buildApp({
    deps: { db: handle.db, clock: systemClock, pii },
    engine: handle.engine,
    version: 'e2e',
    logLevel: 'silent',
    webRoot: WEB_ROOT,
    storageDir,
    ...(sms ? { smsCodeSender: sms } : {}),
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    base,
    browser,
    handle,
    outboxLog,
    deliver: async () => {
      const providers = channelProviders({ sms: 'off', wechat: 'off', logPath: outboxLog });
      // A batch at a time, oldest first, until the outbox is empty (the demo leaves many behind).
      for (let batch = 0; batch < 200; batch++) {
        const done = await dispatchOutbox({ db: handle.db, clock: systemClock, pii }, providers);
        if (done.delivered + done.retried === 0) return;
      }
    },
    close: async () => {
      await browser.close();
      await app.close();
      await handle.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

/** Collects page errors and console errors, to assert that a journey logged none. */
export function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

export async function login(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.getByText(/欢迎|Welcome/).waitFor();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: /退出登录|Log out/ }).click();
  await page.getByRole('button', { name: /登\s*录|Log in/ }).waitFor();
}

/**
 * Opens a screen from the console's menu by its name, as a user does: directly when the entry is
 * in the menu bar, else by clicking the settings entry (设置 / Settings) to open its list.
 */
export async function openScreen(page: Page, name: string): Promise<void> {
  const inBar = page.locator('.ant-layout-header').getByRole('link', { name, exact: true });
  if ((await inBar.count()) > 0 && (await inBar.first().isVisible())) {
    await inBar.first().click();
    return;
  }
  const link = page.locator('.ant-menu-submenu-popup').getByRole('link', { name, exact: true });
  const title = page.locator('.ant-layout-header .ant-menu-submenu-title').filter({ hasText: /设置|Settings/ });
  // The list may still be closing after the last choice: then open it again and retry.
  for (let attempt = 1; ; attempt++) {
    if (!(await link.isVisible())) await title.click();
    try {
      await link.click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Waits until no dialog is still zooming in: a click aimed at a button while it moves can land
 * beside it on a slow machine, and nothing happens.
 */
export async function dialogSettled(page: Page): Promise<void> {
  await page.locator('.ant-modal[class*="ant-zoom"]').first().waitFor({ state: 'detached' });
}

/**
 * Chooses an option of an antd select by its text (or the first option): opens the list, clicks
 * the option and checks the select shows it, trying again when the click met the list while it
 * was still opening or closing.
 */
export async function choose(page: Page, field: Locator, text?: string): Promise<void> {
  const select = field.locator(
    'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  for (let attempt = 1; ; attempt++) {
    await field.click();
    // A long list shows only some options: narrow a searchable one down to the wanted text.
    if (text && (await field.isEditable())) await field.fill(text);
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    const option = (text ? options.filter({ hasText: text }) : options).first();
    await option.waitFor();
    const wanted = text ?? (await option.innerText()).trim();
    await option.click();
    for (let i = 0; i < 20; i++) {
      if ((await select.innerText()).includes(wanted)) return;
      await page.waitForTimeout(100);
    }
    if (attempt === 3) throw new Error(`the select does not show “${wanted}”`);
  }
}

/** Opens a command's form, fills it, submits, and fails with the console's own message if it refuses. */
export async function command(page: Page, name: string, fill: () => Promise<void> = () => Promise.resolve()) {
  await page.getByTestId(`command-${name}`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: /提\s*交|Submit/ }).waitFor();
  await dialogSettled(page);
  await fill();
  await dialog.getByRole('button', { name: /提\s*交|Submit/ }).click();
  const outcome = await Promise.race([
    dialog.waitFor({ state: 'hidden', timeout: 60_000 }).then(() => 'closed'),
    page
      .locator('.ant-message-error, .ant-form-item-explain-error')
      .first()
      .waitFor({ timeout: 60_000 })
      .then(() => 'error'),
  ]);
  if (outcome === 'error') {
    await page.screenshot({ path: `${ARTIFACTS}failed-${name}.png` });
    const text = await page.locator('.ant-message-error, .ant-form-item-explain-error').first().innerText();
    throw new Error(`${name} refused: ${text}`);
  }
}

/** Waits until the case page's header shows the status. */
export const statusIs = (page: Page, text: string) =>
  page.locator('.ant-card-head').getByText(text, { exact: true }).first().waitFor();

/** The API as one demo user, straight over HTTP: to bring a case to a state before a journey walks it. */
export async function apiAs(base: string, username: string, password: string = PASSWORD) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const { token, user } = (await res.json()) as { token: string; user: { unitId?: string } };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const data = (await r.json()) as T;
    if (!r.ok) throw new Error(`${method} ${path} as ${username}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
  return { user, call };
}
