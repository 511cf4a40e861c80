// A fake Twilio Messages API on loopback: answers 201 with a message sid and
// remembers every send, so scenarios can check what a person would receive.
import http from 'node:http';

export async function startFakeTwilio() {
  const sends = [];
  const waiters = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      if (request.method === 'POST' && /\/Messages\.json$/.test(request.url)) {
        const sid = `SM${String(sends.length + 1).padStart(32, '0')}`;
        sends.push({ to: form.To, body: form.Body || '', sid });
        for (const waiter of waiters.splice(0)) waiter();
        response.writeHead(201, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ sid, status: 'queued' }));
        return;
      }
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"message":"not found"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    sends,
    // Resolves with the first send that matches, or rejects after the timeout.
    async waitFor(predicate, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sends.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`the fake Twilio got no matching send (it got ${sends.length})`);
        await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
