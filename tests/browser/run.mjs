#!/usr/bin/env node
// Stoop's dashboard and web chat in headless Chromium (Debian's, never a
// downloaded one), against a real `stoop serve` and a fake Twilio on loopback.
// Builds nothing: give it the stoop binary.
//
//   cd tests/browser && npm ci
//   node tests/browser/run.mjs --stoop build/bot/stoop [--output build/test-output] [--chromium /usr/bin/chromium]
//
// Exit 0: every scenario passed; 1: one failed; 77: cannot run here (CTest reports "skipped").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const args = parseArgs(process.argv.slice(2));
const SKIP = 77;

function parseArgs(list) {
  const out = { output: path.join(process.cwd(), 'test-output'), chromium: '/usr/bin/chromium' };
  for (let i = 0; i < list.length; i += 2) out[list[i].replace(/^--/, '')] = list[i + 1];
  return out;
}

// The README's test command sets STOOP_REQUIRE_BROWSER=1: there, a browser
// test that cannot run is a failure, not a skip.
function skip(message) {
  if (process.env.STOOP_REQUIRE_BROWSER === '1') {
    console.log(`browser tests cannot run: ${message}`);
    process.exit(1);
  }
  console.log(`browser tests skipped: ${message}`);
  process.exit(SKIP);
}

if (!fs.existsSync(path.join(here, 'node_modules', 'playwright-core'))) {
  skip(`playwright-core is not installed. Run "npm ci" in ${here} (it downloads no browser).`);
}
if (!args.stoop || !fs.existsSync(args.stoop)) skip('give the stoop binary with --stoop PATH (build it first).');
if (!fs.existsSync(args.chromium)) skip(`no Chromium at ${args.chromium} (apt-get install chromium).`);

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { startFakeTwilio } = await import('./support/fake_twilio.mjs');
const stoopSupport = await import('./support/stoop.mjs');
const { scenarios } = await import('./scenarios.mjs');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stoop-browser-'));
const screenshots = path.join(path.resolve(args.output), 'screenshots');
fs.mkdirSync(screenshots, { recursive: true });
const fakeTwilio = await startFakeTwilio();
const port = await stoopSupport.freePort();
const configFile = stoopSupport.writeConfig(work, repo, port, fakeTwilio.url);
const users = {
  ada: stoopSupport.addUser(args.stoop, configFile, 'ada@example.org', 'Ada Admin', 'admin'),
  ana: stoopSupport.addUser(args.stoop, configFile, 'ana@example.org', 'Ana Staff', 'staff'),
  sam: stoopSupport.addUser(args.stoop, configFile, 'sam@example.org', 'Sam Student', 'student'),
  kim: stoopSupport.addUser(args.stoop, configFile, 'kim@example.org', 'Kim Student', 'student'),
};
const server = await stoopSupport.startServer(args.stoop, configFile, port, path.join(work, 'stoop.log'));
// playwright-core gives every launch a fresh, temporary --user-data-dir of its own
// (it refuses one passed in args), so no profile state leaks between runs.
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const world = {
  base: `http://127.0.0.1:${port}`,
  db: path.join(work, 'stoop.db'),
  downloads: path.join(work, 'downloads'),
  screenshots,
  users,
  browser,
  twilio: fakeTwilio,
  ...stoopSupport,
};

fs.mkdirSync(world.downloads, { recursive: true });

let failures = 0;
for (const [name, scenario] of scenarios) {
  const started = Date.now();
  try {
    await scenario(world);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL ${name}: ${error.stack || error}`);
  }
}

await browser.close();
await server.stop();
await fakeTwilio.close();
if (failures === 0) fs.rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work} (server log: stoop.log)`);
console.log(`${scenarios.length - failures} of ${scenarios.length} scenarios passed; screenshots in ${screenshots}`);
process.exit(failures === 0 ? 0 : 1);
