import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openPage, type TestPage } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

/**
 * One real server and one Chromium for a test file: started before its tests, stopped after.
 * `page()` opens a fresh context (own cookies, storage and error log) on the server.
 */
export function useBrowserSuite(options: { env?: Record<string, string> } = {}) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options.env), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    get url(): string {
      if (!server) throw new Error('server not started');
      return server.url;
    },
    /** `smartcity <args>` over the server's data, the server stopped meanwhile (see `runCommand`). */
    runCommand(args: string[]): Promise<string> {
      if (!server) throw new Error('server not started');
      return server.runCommand(args);
    },
    page(pageOptions: { locale?: string } = {}): Promise<TestPage> {
      if (!server || !browser) throw new Error('suite not started');
      return openPage(browser, server.url, pageOptions);
    },
  };
}
