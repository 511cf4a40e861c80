// Contacts: look people up, see what is kept about them and their consent,
// merge two records of one person, and erase their personal data (a reason is
// required for both and kept in the audit log).
import { api, query } from '../api.js';
import { h, replace, field, select, time, errorBox, table } from '../dom.js';

let search = { search: '', opted_out: '' };

export async function render(main, params) {
  if (params[0]) return renderDetail(main, Number(params[0]));
  const input = h('input', { type: 'search', name: 'search', value: search.search, placeholder: 'Name, number or id' });
  const optedOut = select('opted_out', [['', 'Everyone'], ['no', 'Subscribed'], ['yes', 'Opted out']], search.opted_out);
  const results = h('div', {});
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Find contacts' },
    field('Search', input), field('Consent', optedOut), h('button', { type: 'submit' }, 'Search'));
  const load = async () => {
    search = { search: input.value, opted_out: optedOut.value };
    try {
      const data = await api.get(`/api/contacts${query({ ...search, limit: 100 })}`);
      replace(results, data.contacts.length ? table('Contacts', ['Name', 'Channels', 'Language', 'Consent', 'Messages', 'Last message'],
        data.contacts.map((c) => [
          h('a', { href: `#/contacts/${c.id}` }, c.name || `Contact #${c.id}`), c.channels.join(', '), c.language || '—',
          c.opted_out ? 'Opted out' : 'Subscribed', String(c.message_count), time(c.last_inbound_at),
        ])) : h('p', { class: 'muted' }, 'Nobody matches.'));
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  optedOut.addEventListener('change', load);
  replace(main, h('h1', {}, 'Contacts'), form, results);
  await load();
}

async function renderDetail(main, id) {
  const data = await api.get(`/api/contacts/${id}`);
  const c = data.contact;
  const fields = Object.entries(c.fields);
  replace(main,
    h('p', {}, h('a', { href: '#/contacts' }, '← Contacts')),
    h('h1', {}, c.name || `Contact #${c.id}`),
    h('p', {}, c.opted_out ? h('span', { class: 'badge' }, 'Opted out (STOP)') : h('span', { class: 'badge ok' }, 'Subscribed'),
      ' ', h('a', { href: `#/conversations/${c.id}` }, 'Open the conversation')),
    h('h2', {}, 'What is kept'),
    h('dl', { class: 'card' },
      h('dt', {}, h('strong', {}, 'Language')), h('dd', {}, c.language || 'not chosen'),
      h('dt', {}, h('strong', {}, 'First contact')), h('dd', {}, time(c.created_at)),
      h('dt', {}, h('strong', {}, 'Messages stored')), h('dd', {}, String(data.message_count)),
      h('dt', {}, h('strong', {}, 'Groups')), h('dd', {}, c.groups.join(', ') || 'none'),
      h('dt', {}, h('strong', {}, 'Public id')), h('dd', {}, c.uuid)),
    table('Addresses', ['Channel', 'Address', 'Since', 'Last message'],
      data.identities.map((i) => [i.channel, i.address, time(i.created_at), time(i.last_inbound_at)])),
    table('Consent by purpose', ['Purpose', 'Answer', 'When'],
      data.consents.map((k) => [k.purpose, k.granted ? 'Yes' : 'No', time(k.updated_at)])),
    fields.length ? table('Fields', ['Field', 'Value'], fields.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : null,
    table('Answers', ['Flow', 'Question', 'Answer', 'In reports', 'When'],
      data.results.map((r) => [r.flow, r.name, r.category || r.value, r.in_reports ? 'Yes' : 'No', time(r.at)])),
    data.requests.length ? table('Requests', ['Request', 'Topic', 'Status'],
      data.requests.map((r) => [h('a', { href: `#/requests/${r.id}` }, `#${r.id}`), r.topic, r.status])) : null,
    mergeForm(c),
    eraseForm(c));
}

function mergeForm(c) {
  const other = h('input', { type: 'number', name: 'absorb', min: '1', required: true, inputmode: 'numeric' });
  const reason = h('textarea', { name: 'reason', required: true, minlength: '3', maxlength: '500' });
  const problem = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'merge-title' },
    h('h2', { id: 'merge-title' }, 'Merge another contact into this one'),
    h('p', {}, 'For one person who wrote from two numbers or apps. Their addresses, messages, answers and requests move here; if either record said STOP or refused a purpose, the merged one does too.'),
    field('Id of the other contact (it is the number in its page address)', other),
    field('Why they are the same person (kept in the audit log)', reason),
    problem,
    h('button', { type: 'submit' }, 'Merge into this contact'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(problem);
    try {
      await api.post(`/api/contacts/${c.id}/merge`, { absorb: Number(other.value), reason: reason.value });
      location.hash = `#/contacts/${c.id}`;
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}

function eraseForm(c) {
  const reason = h('textarea', { name: 'reason', required: true, minlength: '3', maxlength: '500' });
  const confirm = h('input', { type: 'checkbox', name: 'confirm', required: true });
  const problem = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'erase-title' },
    h('h2', { id: 'erase-title' }, 'Erase this person’s data'),
    h('p', {}, 'Deletes their messages, addresses, fields, notes and conversation. Their poll answers stay only as anonymous counts. This cannot be undone.'),
    field('Reason (kept in the audit log)', reason),
    h('div', { class: 'field' }, h('label', { class: 'inline' }, confirm, 'I understand this cannot be undone')),
    problem,
    h('button', { type: 'submit', class: 'danger' }, 'Erase personal data'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(problem);
    try {
      await api.post(`/api/contacts/${c.id}/erase`, { reason: reason.value });
      replace(form, h('p', { class: 'notice', role: 'status' }, 'Erased. Only anonymous counts remain.'));
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}
