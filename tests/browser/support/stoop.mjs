// Running the real `stoop` binary for the browser tests: a temporary config
// and database, accounts made with `stoop users add`, `stoop serve` in the
// background, and signed Twilio webhooks (HMAC-SHA1 over the public URL and
// the sorted form fields, as Twilio signs them).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const twilioAccount = { sid: 'ACbrowser0123456789', token: 'browser-test-auth-token-0123', number: '+16175550100' };
export const password = 'correct horse battery staple';

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function writeConfig(dir, repo, port, twilioUrl) {
  const config = {
    server: { listen: `127.0.0.1:${port}`, public_url: `http://127.0.0.1:${port}`, dashboard_dir: path.join(repo, 'dashboard') },
    storage: { sqlite: path.join(dir, 'stoop.db') },
    flows_dir: path.join(repo, 'config/flows'),
    messages_file: path.join(repo, 'config/messages.json'),
    routing: { crisis_file: path.join(repo, 'config/crisis.json') },
    log_level: 'warn',
    auth: { pbkdf2_iterations: 1000 },
    channels: [
      { id: 'web', type: 'webchat' },
      { id: 'sms', type: 'twilio', account_sid: twilioAccount.sid, auth_token: twilioAccount.token, number: twilioAccount.number,
        api_base: twilioUrl, rate_per_second: 100, burst: 100 },
    ],
  };
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export function addUser(stoop, configFile, email, name, role) {
  const result = spawnSync(stoop, ['users', 'add', '--config', configFile, '--email', email, '--name', name, '--role', role],
    { input: `${password}\n`, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`stoop users add failed: ${result.stderr}`);
  const id = /\(user (\d+)\)/.exec(result.stdout);
  return Number(id[1]);
}

// Runs SQL on the test database with the sqlite3 shell: the browser tests use
// it only to stand in for work other parts of Stoop do (routing assigns
// requests, flows save poll answers).
export function sql(dbFile, statements) {
  const result = spawnSync('sqlite3', ['-cmd', '.timeout 5000', dbFile], { input: statements, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
  return result.stdout.trim();
}

export async function startServer(stoop, configFile, port, logFile) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(stoop, ['serve', '--config', configFile], { stdio: ['ignore', log, log] });
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`stoop serve exited (${child.exitCode}); see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`stoop serve did not become ready; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000);
    }),
  };
}

// A Twilio webhook for an inbound SMS, signed as Twilio signs it.
export async function sendSms(baseUrl, from, body, sid, extra = {}) {
  const fields = { AccountSid: twilioAccount.sid, Body: body, From: from, MessageSid: sid, NumMedia: '0', To: twilioAccount.number, ...extra };
  const url = `${baseUrl}/hooks/sms`;
  const data = Object.keys(fields).sort().reduce((text, key) => text + key + fields[key], url);
  const signature = crypto.createHmac('sha1', twilioAccount.token).update(data, 'utf8').digest('base64');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body: new URLSearchParams(fields).toString(),
  });
  if (response.status !== 200) throw new Error(`the SMS webhook answered ${response.status}: ${await response.text()}`);
}
