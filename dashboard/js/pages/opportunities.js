// Opportunities (health fairs, teaching sessions...). Staff post them;
// students see those open to them. Sign-ups arrive by text (routing).
import { api } from '../api.js';
import { h, replace, field, select, time, errorBox, table } from '../dom.js';

export async function render(main, params, context) {
  const student = context.me.role === 'student';
  const list = h('div', {});
  const parts = [h('h1', {}, 'Opportunities'), list];
  if (!student) parts.push(await createForm(() => load(list, context)));
  replace(main, ...parts);
  await load(list, context);
}

async function load(list, context) {
  const data = await api.get('/api/opportunities');
  const staff = context.me.role !== 'student';
  if (!data.opportunities.length) {
    replace(list, h('p', { class: 'muted' }, 'No opportunities yet.'));
    return;
  }
  replace(list, table('Posted opportunities', ['Title', 'Where', 'When', 'Slots', 'Languages', 'Status', ...(staff ? ['Change'] : [])],
    data.opportunities.map((o) => [
      h('span', {}, h('strong', {}, o.title), o.description ? h('div', { class: 'muted' }, o.description) : null),
      o.location, time(o.starts_at), String(o.slots), o.languages.join(', '), o.status,
      ...(staff ? [statusControl(o, () => load(list, context))] : []),
    ])));
}

function statusControl(o, reload) {
  const control = select('status', [['open', 'Open'], ['closed', 'Closed'], ['cancelled', 'Cancelled']], o.status);
  control.setAttribute('aria-label', `Status of ${o.title}`);
  control.addEventListener('change', async () => {
    try {
      await api.patch(`/api/opportunities/${o.id}`, { status: control.value });
      await reload();
    } catch (error) {
      control.after(errorBox(error));
    }
  });
  return control;
}

async function createForm(reload) {
  const teams = await api.get('/api/teams');
  const inputs = {
    title: h('input', { type: 'text', name: 'title', required: true, maxlength: '120' }),
    location: h('input', { type: 'text', name: 'location', maxlength: '200' }),
    starts: h('input', { type: 'datetime-local', name: 'starts_at', required: true }),
    slots: h('input', { type: 'number', name: 'slots', min: '1', max: '10000', value: '4', required: true }),
    languages: h('input', { type: 'text', name: 'languages', placeholder: 'es, ht' }),
    team: select('team_id', [['', 'Every team'], ...teams.teams.map((t) => [t.id, t.name])], ''),
    description: h('textarea', { name: 'description', maxlength: '2000' }),
  };
  const problem = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'new-opportunity' },
    h('h2', { id: 'new-opportunity' }, 'Post an opportunity'),
    field('Title', inputs.title), field('Where', inputs.location), field('Starts', inputs.starts),
    field('Students wanted', inputs.slots), field('Languages wanted (codes, separated by commas)', inputs.languages),
    field('Open to', inputs.team), field('Description', inputs.description), problem,
    h('button', { type: 'submit' }, 'Post'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(problem);
    const starts = new Date(inputs.starts.value).getTime();
    try {
      await api.post('/api/opportunities', {
        title: inputs.title.value,
        location: inputs.location.value,
        description: inputs.description.value,
        starts_at: starts,
        slots: Number(inputs.slots.value),
        languages: inputs.languages.value.split(',').map((l) => l.trim()).filter(Boolean),
        team_id: inputs.team.value ? Number(inputs.team.value) : null,
      });
      form.reset();
      await reload();
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}
