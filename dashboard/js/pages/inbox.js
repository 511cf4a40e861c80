// The inbox: every conversation, newest first, with filters and search, kept
// current by live events without a reload.
import { api, query } from '../api.js';
import { h, replace, field, select, time, debounce, errorBox } from '../dom.js';

const state = { filters: { status: 'open', channel: '', team: '', assignee: '', label: '', urgent: '', search: '' } };
let list = null;
let summary = null;
let labelSelect = null;

export async function render(main, params, context) {
  const [teams, users] = await Promise.all([api.get('/api/teams'), api.get('/api/users')]);
  const f = state.filters;
  const controls = {
    status: select('status', [['open', 'Open'], ['resolved', 'Resolved'], ['all', 'All']], f.status),
    channel: select('channel', [['', 'Any channel'], ...context.session.channels.map((c) => [c.id, `${c.id} (${c.type})`])], f.channel),
    team: select('team', [['', 'Any team'], ...teams.teams.map((t) => [t.id, t.name])], f.team),
    assignee: select('assignee', [['', 'Anyone'], ['me', 'Me'], ['none', 'Nobody'],
      ...users.users.filter((u) => u.role !== 'student').map((u) => [u.id, u.name])], f.assignee),
    label: select('label', [['', 'Any label']], f.label),
    urgent: h('input', { type: 'checkbox', name: 'urgent', checked: f.urgent === '1' }),
    search: h('input', { type: 'search', name: 'search', value: f.search, placeholder: 'Name or words' }),
  };
  labelSelect = controls.label;
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter conversations' },
    field('Status', controls.status), field('Channel', controls.channel), field('Team', controls.team),
    field('Assigned to', controls.assignee), field('Label', controls.label),
    h('div', { class: 'field' }, h('label', { class: 'inline' }, controls.urgent, 'Urgent only')),
    field('Search', controls.search),
    h('button', { type: 'submit' }, 'Apply'));
  const readFilters = () => {
    for (const [key, control] of Object.entries(controls)) {
      f[key] = key === 'urgent' ? (control.checked ? '1' : '') : control.value;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    readFilters();
    refresh();
  });
  for (const key of ['status', 'channel', 'team', 'assignee', 'label', 'urgent']) {
    controls[key].addEventListener('change', () => { readFilters(); refresh(); });
  }
  summary = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  list = h('ul', { class: 'inbox', 'aria-label': 'Conversations' });
  replace(main, h('h1', {}, 'Inbox'), form, summary, list);
  await refresh();
}

async function refresh() {
  if (!list) return;
  const f = state.filters;
  try {
    const data = await api.get(`/api/conversations${query({ ...f, limit: 100 })}`);
    updateLabels(data.labels);
    replace(list, data.conversations.map(row));
    summary.textContent = data.conversations.length === 0 ? 'No conversations match.'
      : `${data.conversations.length} conversation${data.conversations.length === 1 ? '' : 's'}${data.next ? ' (the newest 100)' : ''}.`;
  } catch (error) {
    replace(list, h('li', {}, errorBox(error)));
  }
}

function updateLabels(labels) {
  const current = state.filters.label;
  replace(labelSelect, h('option', { value: '' }, 'Any label'),
    labels.map((label) => h('option', { value: label, selected: label === current }, label)));
}

function row(c) {
  const name = c.contact.name || `Contact #${c.contact_id}`;
  return h('li', {},
    h('a', { href: `#/conversations/${c.contact_id}` },
      h('span', { class: 'line1' },
        h('span', { class: 'name' }, name),
        h('span', { class: 'muted' }, time(c.last_message_at))),
      h('span', {},
        c.urgent ? h('span', { class: 'badge urgent' }, 'Urgent') : null,
        c.bot_paused ? h('span', { class: 'badge paused' }, 'Bot paused') : null,
        c.status === 'resolved' ? h('span', { class: 'badge ok' }, 'Resolved') : null,
        c.contact.opted_out ? h('span', { class: 'badge' }, 'Opted out') : null,
        h('span', { class: 'badge' }, c.last_message.channel || 'no channel'),
        c.assignee_name ? h('span', { class: 'badge' }, `→ ${c.assignee_name}`) : null,
        c.labels.map((label) => h('span', { class: 'badge' }, label))),
      h('span', { class: 'preview' }, `${c.last_message.direction === 'in' ? '' : '↩ '}${c.last_message.preview}`)));
}

const refreshSoon = debounce(refresh, 250);

export function onLive(event) {
  if (['message', 'message_status', 'conversation'].includes(event.type)) refreshSoon();
}
