// The dashboard's shell: who is signed in, the navigation their role allows,
// hash routes (#/inbox, #/conversations/12, ...) and the live connection.
// Each page is a module with render(main, params, context) and, optionally,
// onLive(event) for updates without a reload.
import { api, setCsrfToken, whenSignedOut, ApiError } from './api.js';
import { h, replace, errorBox } from './dom.js';
import { startLive, stopLive, onLiveEvent } from './live.js';
import { renderSignIn } from './pages/signin.js';

const staffPages = [
  ['inbox', 'Inbox'],
  ['requests', 'Requests'],
  ['opportunities', 'Opportunities'],
  ['reports', 'Priorities'],
  ['overview', 'Overview'],
  ['contacts', 'Contacts'],
  ['flows', 'Flows'],
  ['people', 'Users and teams'],
  ['audit', 'Audit log'],
];
const studentPages = [
  ['requests', 'My requests'],
  ['opportunities', 'Opportunities'],
];

// Route name → module, loaded when first visited.
const modules = {
  inbox: () => import('./pages/inbox.js'),
  conversations: () => import('./pages/conversation.js'),
  requests: () => import('./pages/requests.js'),
  opportunities: () => import('./pages/opportunities.js'),
  reports: () => import('./pages/reports.js'),
  overview: () => import('./pages/overview.js'),
  contacts: () => import('./pages/contacts.js'),
  flows: () => import('./pages/flows.js'),
  people: () => import('./pages/people.js'),
  audit: () => import('./pages/audit.js'),
  account: () => import('./pages/account.js'),
};

const main = document.getElementById('main');
const context = { me: null, session: null, toast };
let currentPage = null;
let renderCount = 0;

function toast(message) {
  const box = document.getElementById('toast');
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ''; }, 4000);
}

function isStudent() {
  return context.me && context.me.role === 'student';
}

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const fallback = isStudent() ? 'requests' : 'inbox';
  return { name: parts[0] || fallback, params: parts.slice(1) };
}

function renderNav(activeName) {
  const pages = isStudent() ? studentPages : staffPages;
  const active = activeName === 'conversations' ? 'inbox' : activeName;
  replace(document.getElementById('nav'), pages.map(([name, label]) =>
    h('li', {}, h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null }, label))));
}

async function route() {
  const { name, params } = parseRoute();
  const load = modules[name];
  renderNav(name);
  const thisRender = ++renderCount;
  if (!load) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page.'));
    return;
  }
  try {
    const page = await load();
    if (thisRender !== renderCount) return;
    currentPage = page;
    replace(main, h('p', {}, 'Loading…'));
    await page.render(main, params, context);
    if (thisRender === renderCount) main.focus({ preventScroll: true });
  } catch (error) {
    if (thisRender !== renderCount) return;
    currentPage = null;
    const forbidden = error instanceof ApiError && error.status === 403;
    replace(main, h('h1', {}, forbidden ? 'Not allowed' : 'Something went wrong'), errorBox(error));
  }
}

function showSignIn() {
  stopLive();
  context.me = null;
  document.getElementById('top').hidden = true;
  renderSignIn(main, (session) => start(session));
}

function start(session) {
  context.session = session;
  context.me = session.user;
  setCsrfToken(session.csrf_token);
  document.getElementById('top').hidden = false;
  const who = document.getElementById('who');
  replace(who, h('a', { href: '#/account' }, `${session.user.name} (${session.user.role})`));
  startLive((state) => {
    document.getElementById('live-state').textContent = state === 'live' ? 'Live' : 'Reconnecting…';
  });
  route();
}

onLiveEvent((event) => {
  if (event.type === 'reconnected_soon') {
    // A closed connection may mean the session ended: asking shows the sign-in page if so.
    api.get('/api/session').catch((error) => { if (error.status === 401) showSignIn(); });
    return;
  }
  if (currentPage && currentPage.onLive) currentPage.onLive(event, context);
});

whenSignedOut(showSignIn);
window.addEventListener('hashchange', () => { if (context.me) route(); });
document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api.delete('/api/session');
  } finally {
    location.hash = '';
    showSignIn();
  }
});

api.get('/api/session').then(start).catch(showSignIn);
