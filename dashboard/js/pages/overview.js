// The overview: messages per day by channel, delivery failures, and how long
// people wait for a person to answer.
import { api, query } from '../api.js';
import { h, replace, field, select, time, duration, table } from '../dom.js';
import { stackedColumns } from '../charts.js';

let days = '30';

export async function render(main) {
  const span = select('days', [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']], days);
  const body = h('div', {});
  const load = async () => {
    days = span.value;
    const data = await api.get(`/api/reports/overview${query({ days })}`);
    replace(body, ...view(data));
  };
  span.addEventListener('change', load);
  replace(main, h('h1', {}, 'Overview'), h('form', { class: 'filters', 'aria-label': 'Period' }, field('Period', span)), body);
  await load();
}

function view(data) {
  const channels = [...new Set(data.messages_per_day.map((r) => r.channel))];
  const dayList = [];
  for (let t = data.from - (data.from % 86400000); t <= data.to; t += 86400000) dayList.push(new Date(t).toISOString().slice(0, 10));
  const columns = dayList.map((day) => ({
    label: day.slice(5),
    parts: channels.map((channel) => {
      const row = data.messages_per_day.find((r) => r.day === day && r.channel === channel);
      return { name: channel, value: row ? row.in + row.out : 0 };
    }),
  }));
  const rt = data.first_response;
  return [
    h('div', { class: 'stats' },
      stat('Messages in', data.totals.in), stat('Messages out', data.totals.out),
      stat('Failed sends', data.totals.failed),
      stat('First human reply, median', rt.answered ? duration(rt.median_ms) : '—'),
      stat('First human reply, 90th percentile', rt.answered ? duration(rt.p90_ms) : '—'),
      stat('Waiting for a person now', rt.unanswered)),
    h('p', { class: 'hint' }, 'A wait starts with a person’s first message after the last staff reply and ends at the next staff reply; bot answers do not end it.'),
    stackedColumns('Messages per day, by channel (in and out)', columns, channels),
    h('details', {}, h('summary', {}, 'The numbers as a table'),
      table('Messages per day', ['Day', 'Channel', 'In', 'Out', 'Failed'],
        data.messages_per_day.map((r) => [r.day, r.channel, String(r.in), String(r.out), String(r.failed)]))),
    h('h2', {}, 'Recent delivery failures'),
    data.recent_failures.length ? table(null, ['When', 'Channel', 'Error', 'Conversation'], data.recent_failures.map((f) => [
      time(f.at), f.channel, f.error || '—', h('a', { href: `#/conversations/${f.contact_id}` }, `Contact #${f.contact_id}`),
    ])) : h('p', { class: 'muted' }, 'No failed sends in this period.'),
  ];
}

function stat(name, value) {
  return h('div', { class: 'stat' }, h('span', { class: 'value' }, String(value)), name);
}
