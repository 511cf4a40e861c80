// The request board: the queue by status and who holds what. Students see
// only the requests offered to or held by them (the server decides), and
// never anything that identifies or reaches the community member.
import { api, query } from '../api.js';
import { h, replace, field, select, time, errorBox, debounce } from '../dom.js';

const columns = [
  ['new', 'New'], ['offered', 'Offered'], ['queued', 'Queued'], ['accepted', 'Accepted'], ['escalated', 'Escalated'],
  ['resolved', 'Resolved'], ['closed', 'Closed'],
];
let board = null;
let filters = { assignee: '', team: '' };

export async function render(main, params, context) {
  if (params[0]) return renderDetail(main, Number(params[0]), context);
  const student = context.me.role === 'student';
  board = h('div', { class: 'board' });
  const parts = [h('h1', {}, student ? 'My requests' : 'Requests')];
  if (!student) {
    const teams = await api.get('/api/teams');
    const assignee = select('assignee', [['', 'Anyone'], ['me', 'Me']], filters.assignee);
    const team = select('team', [['', 'Any team'], ...teams.teams.map((t) => [t.id, t.name])], filters.team);
    const form = h('form', { class: 'filters', 'aria-label': 'Filter requests' }, field('Held by', assignee), field('Team', team));
    for (const control of [assignee, team]) {
      control.addEventListener('change', () => { filters = { assignee: assignee.value, team: team.value }; refresh(context); });
    }
    parts.push(form);
  } else {
    parts.push(h('p', { class: 'muted' }, 'Requests offered to you or that you have accepted. Reply ACCEPT or PASS by text as the bot asks.'));
  }
  replace(main, ...parts, board);
  await refresh(context);
}

async function refresh(context) {
  const student = context.me.role === 'student';
  try {
    const data = await api.get(`/api/requests${student ? '' : query(filters)}`);
    replace(board, columns.map(([status, label]) => {
      const items = data.requests.filter((r) => r.status === status);
      return h('section', { 'aria-labelledby': `col-${status}` },
        h('h2', { id: `col-${status}` }, `${label} (${items.length})`),
        items.length ? h('ul', {}, items.map((r) => card(r))) : h('p', { class: 'muted' }, 'None.'));
    }));
    const other = data.requests.filter((r) => !columns.some(([status]) => status === r.status));
    if (other.length) board.append(h('section', {}, h('h2', {}, `Other (${other.length})`), h('ul', {}, other.map(card))));
  } catch (error) {
    replace(board, errorBox(error));
  }
}

function card(r) {
  return h('li', {},
    h('a', { href: `#/requests/${r.id}` }, `Request #${r.id}`),
    h('div', {}, [r.topic, r.language, r.neighbourhood].filter(Boolean).join(' · ') || r.kind),
    h('div', { class: 'muted' }, r.assignee_name ? `Held by ${r.assignee_name}` : 'Not held', ' · ', time(r.created_at)));
}

async function renderDetail(main, id, context) {
  board = null;
  const data = await api.get(`/api/requests/${id}`);
  const r = data.request;
  const rows = [
    ['Status', r.status], ['Kind', r.kind], ['Topic', r.topic], ['Language', r.language],
    ['Neighbourhood', r.neighbourhood], ['Urgency', r.urgency], ['Best time', r.best_time],
    ['Details', r.details], ['Held by', r.assignee_name || 'nobody'], ['Opened', time(r.created_at)],
    ['Last change', time(r.updated_at)],
  ];
  replace(main,
    h('p', {}, h('a', { href: '#/requests' }, '← Requests')),
    h('h1', {}, `Request #${r.id}`),
    h('dl', { class: 'card' }, rows.map(([label, value]) => [h('dt', {}, h('strong', {}, label)), h('dd', {}, value || '—')])),
    r.history && r.history.length
      ? h('section', { 'aria-labelledby': 'history' }, h('h2', { id: 'history' }, 'History'),
        h('ol', {}, r.history.map((e) => h('li', {}, time(e.at), ' · ', e.action, ' → ', e.status, ' · ', e.actor))))
      : null,
    context.me.role !== 'student' && r.contact_id
      ? h('p', {}, h('a', { href: `#/conversations/${r.contact_id}` }, `Conversation with ${data.request.contact_name || `contact #${r.contact_id}`}`))
      : h('p', { class: 'muted' }, 'You talk with the member through the bot; their number is never shown.'));
}

const refreshSoon = debounce((context) => refresh(context), 300);

export function onLive(event, context) {
  if (board && (event.type === 'request' || event.type === 'requests')) refreshSoon(context);
}
