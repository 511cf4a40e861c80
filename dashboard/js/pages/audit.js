// The audit log: every view of a conversation or contact and every change,
// by whom and when, newest first.
import { api, query } from '../api.js';
import { h, replace, field, time, errorBox, table } from '../dom.js';

export async function render(main) {
  const inputs = {
    action: h('input', { type: 'text', name: 'action', placeholder: 'conversation.' }),
    target_type: h('input', { type: 'text', name: 'target_type', placeholder: 'contact' }),
    target_id: h('input', { type: 'text', name: 'target_id' }),
  };
  const results = h('div', {});
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older entries');
  let rows = [];
  let next = null;
  const show = () => replace(results, table('Entries', ['When', 'Who', 'Action', 'Target', 'Details'], rows.map((e) => [
    time(e.at), e.actor_name ? `${e.actor_name} (${e.actor})` : e.actor, e.action, `${e.target_type} ${e.target_id}`,
    JSON.stringify(e.details),
  ])));
  const load = async (append) => {
    const params = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
    if (append && next) params.before = next.before;
    try {
      const data = await api.get(`/api/audit${query({ ...params, limit: 100 })}`);
      rows = append ? rows.concat(data.entries) : data.entries;
      next = data.next;
      more.hidden = !next;
      show();
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  const form = h('form', { class: 'filters', 'aria-label': 'Filter the audit log' },
    field('Action starts with', inputs.action), field('Target type', inputs.target_type), field('Target id', inputs.target_id),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(false); });
  more.addEventListener('click', () => load(true));
  replace(main, h('h1', {}, 'Audit log'), form, results, more);
  await load(false);
}
