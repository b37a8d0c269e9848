import { defineConfig, devices } from '@playwright/test';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slow } from './support/slow';

// E2E_BASE_URL set from outside (without E2E_DATA_DIR) runs the suite against
// a server that is already running with MYPAGE_TEST_CLOCK=1 (with
// E2E_MAILPIT_URL, the Mailpit it sends to, and E2E_MYNAPORTAL_URL, its
// simulator); otherwise Playwright starts its own. Several suites may share
// one server at once: every test owns its seeker, clock, card and address.
//
// The config is evaluated by the runner and again by every worker. Only the
// first evaluation (in the runner) picks free ports and a fresh data
// directory; it hands them on through the environment, which the workers
// inherit, so every evaluation agrees on one server.
if (!process.env.E2E_BASE_URL) {
  // Four free loopback ports, held open together so they differ: My Page,
  // the MyNaPortal simulator it starts (its default, 9090, may be taken by a
  // developer's own server), and Mailpit's SMTP server and API.
  const ports = execSync(
    `"${process.execPath}" -e "const net=require('node:net');const s=[];` +
      `const next=()=>{if(s.length===4){process.stdout.write(s.map(x=>x.address().port).join(' '));s.forEach(x=>x.close());return;}` +
      `const x=net.createServer().listen(0,'127.0.0.1',next);s.push(x);};next();"`,
    { encoding: 'utf8' },
  ).trim();
  const [port, mynaportalPort, smtpPort, mailpitPort] = ports.split(' ');
  if (![port, mynaportalPort, smtpPort, mailpitPort].every((p) => /^\d+$/.test(p ?? ''))) {
    throw new Error(`could not pick free ports: ${ports}`);
  }
  process.env.E2E_SMTP_PORT = smtpPort;
  process.env.E2E_MAILPIT_URL = `http://127.0.0.1:${mailpitPort}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-e2e-'));
  process.env.E2E_PORT = port;
  process.env.E2E_MYNAPORTAL_PORT = mynaportalPort;
  process.env.E2E_DATA_DIR = dataDir;
  process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
  // The runner exits after the web server has been stopped: only then is
  // the data directory free to remove.
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}

const baseURL = process.env.E2E_BASE_URL as string;
const port = process.env.E2E_PORT ?? new URL(baseURL).port;
const dataDir = process.env.E2E_DATA_DIR ?? '';
const mynaportalPort = process.env.E2E_MYNAPORTAL_PORT ?? '';
const smtpPort = process.env.E2E_SMTP_PORT ?? '';
const mailpitURL = process.env.E2E_MAILPIT_URL ?? '';
const repo = path.resolve(__dirname, '..');

// Mailpit (github.com/axllent/mailpit, pinned), the SMTP server My Page
// sends to; the suite reads the mail through its API. `make e2e` installs it
// into bin/; without it the first run installs it (a few minutes).
const mailpitVersion = 'v1.33.1';
const mailpitBin = path.join(repo, 'bin', 'mailpit');
const mailpitArgs = `--smtp 127.0.0.1:${smtpPort} --listen ${mailpitURL.replace('http://', '')} --max 5000 --quiet --disable-version-check`;
const mailpit = dataDir
  ? {
      command: existsSync(mailpitBin)
        ? `"${mailpitBin}" ${mailpitArgs}`
        : `GOBIN="${path.join(repo, 'bin')}" go install github.com/axllent/mailpit@${mailpitVersion} && "${mailpitBin}" ${mailpitArgs}`,
      cwd: repo,
      url: `${mailpitURL}/readyz`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    }
  : undefined;

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

// My Page itself, on its own ports, data directory and test clock.
const webServer = dataDir
  ? {
      command: 'go run ./server',
      cwd: path.resolve(__dirname, '..'),
      env: {
        MYPAGE_ADDR: `127.0.0.1:${port}`,
        MYPAGE_PUBLIC_URL: `http://127.0.0.1:${port}`,
        MYPAGE_DATA_DIR: dataDir,
        MYPAGE_TEST_CLOCK: '1',
        // Each test sends an X-Forwarded-For of its own (support/fixtures.ts):
        // the per-address throttle counts one test at a time.
        MYPAGE_TRUSTED_PROXIES: '127.0.0.1/32',
        MYNAPORTAL_ADDR: `127.0.0.1:${mynaportalPort}`,
        MYPAGE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MYPAGE_MAIL_RETRY: '2s',
      },
      url: `${baseURL}/readyz`,
      // The first `go build` on a fresh machine is slow.
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      // SIGTERM lets the server close the embedded store cleanly.
      gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
    }
  : undefined;

if (process.env.E2E_BASE_URL && !dataDir && !process.env.E2E_MAILPIT_URL) {
  throw new Error('E2E_BASE_URL names a server started outside the suite: set E2E_MAILPIT_URL (and E2E_MYNAPORTAL_URL) too');
}

// Where a run writes its traces and its report. Two runs in this directory
// at once must not share them (Playwright empties outputDir when it starts):
// E2E_OUTPUT_DIR and E2E_REPORT_DIR, or --output, give a run its own.
const outputDir = process.env.E2E_OUTPUT_DIR ?? 'test-results';
const reportDir = process.env.E2E_REPORT_DIR ?? 'playwright-report';

export default defineConfig({
  testDir: './tests',
  // Every test owns its seeker, test clock, simulator card, mail address
  // and client address: tests run in parallel, in any order.
  fullyParallel: true,
  workers: Math.max(2, os.cpus().length),
  retries: 0,
  forbidOnly: !!process.env.CI,
  // E2E_SLOW=N (support/fixtures.ts) for a busy machine: every budget times N.
  timeout: 60_000 * slow,
  expect: { timeout: 10_000 * slow },
  reporter: [['list'], ['html', { open: 'never', outputFolder: reportDir }]],
  outputDir,
  use: {
    baseURL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'pc',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: chromium,
      },
    },
    {
      name: 'smartphone',
      use: {
        ...devices['iPhone 13'],
        browserName: 'chromium',
        isMobile: true,
        hasTouch: true,
        launchOptions: chromium,
      },
    },
  ],
  // Mailpit first: My Page sends to it from its first request.
  webServer: webServer && mailpit ? [mailpit, webServer] : undefined,
});
