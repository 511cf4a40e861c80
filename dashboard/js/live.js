// The live connection (/api/live): one WebSocket per page, reconnecting with
// a growing delay, pinging so the server re-checks the session now and then.

const listeners = new Set();
let socket = null;
let stopped = false;
let retryDelay = 1000;
let pingTimer = null;
let onState = () => {};

export function onLiveEvent(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startLive(stateCallback) {
  onState = stateCallback || onState;
  stopped = false;
  connect();
}

export function stopLive() {
  stopped = true;
  clearInterval(pingTimer);
  if (socket) socket.close();
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}/api/live`);
  socket.addEventListener('open', () => {
    retryDelay = 1000;
    onState('live');
    clearInterval(pingTimer);
    pingTimer = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), 30000);
  });
  socket.addEventListener('message', (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    for (const listener of listeners) listener(data);
  });
  socket.addEventListener('close', () => {
    clearInterval(pingTimer);
    if (stopped) return;
    onState('reconnecting');
    for (const listener of listeners) listener({ type: 'reconnected_soon' });
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  });
}
