// Users and teams. Everyone on staff sees the lists; only admins add people,
// change roles and teams, reset passwords and disable accounts.
import { api } from '../api.js';
import { h, replace, field, select, errorBox, table } from '../dom.js';

export async function render(main, params, context) {
  const admin = context.me.role === 'admin';
  const [users, teams] = await Promise.all([api.get('/api/users'), api.get('/api/teams')]);
  const teamName = (id) => (teams.teams.find((t) => t.id === id) || {}).name || '—';
  const reload = () => render(main, params, context);
  replace(main,
    h('h1', {}, 'Users and teams'),
    table('People', ['Name', 'Email', 'Role', 'Team', 'Languages', 'State', ...(admin ? ['Change'] : [])],
      users.users.map((u) => [
        u.name, u.email, u.role, teamName(u.team_id), u.languages.join(', ') || '—',
        u.disabled ? 'Disabled' : u.locked ? 'Locked (too many failed sign-ins)' : u.away ? 'Away' : 'Active',
        ...(admin ? [editControls(u, teams.teams, reload)] : []),
      ])),
    admin ? userForm(teams.teams, reload) : null,
    table('Teams', ['Team', 'Description', 'People'], teams.teams.map((t) => [
      t.name, t.description || '—', String(users.users.filter((u) => u.team_id === t.id).length),
    ])),
    admin ? teamForm(reload) : null);
}

function editControls(user, teams, reload) {
  const role = select('role', [['admin', 'Admin'], ['staff', 'Staff'], ['student', 'Student']], user.role);
  const team = select('team_id', [['', 'No team'], ...teams.map((t) => [t.id, t.name])], user.team_id ?? '');
  role.setAttribute('aria-label', `Role of ${user.name}`);
  team.setAttribute('aria-label', `Team of ${user.name}`);
  const problem = h('div', { role: 'alert' });
  const save = async (body) => {
    replace(problem);
    try {
      await api.patch(`/api/users/${user.id}`, body);
      await reload();
    } catch (error) {
      replace(problem, errorBox(error));
    }
  };
  role.addEventListener('change', () => save({ role: role.value }));
  team.addEventListener('change', () => save({ team_id: team.value ? Number(team.value) : null }));
  const toggle = h('button', { type: 'button', class: 'secondary', onclick: () => save({ disabled: !user.disabled }) },
    user.disabled ? `Enable ${user.name}` : `Disable ${user.name}`);
  const reset = h('button', { type: 'button', class: 'secondary', onclick: () => {
    const password = window.prompt(`New password for ${user.name} (at least 12 characters)`);
    if (password) save({ password });
  } }, 'Set password');
  return h('div', { class: 'row' }, role, team, toggle, reset, problem);
}

function userForm(teams, reload) {
  const inputs = {
    name: h('input', { type: 'text', name: 'name', required: true }),
    email: h('input', { type: 'email', name: 'email', required: true }),
    role: select('role', [['staff', 'Staff'], ['student', 'Student'], ['admin', 'Admin']], 'staff'),
    team: select('team_id', [['', 'No team'], ...teams.map((t) => [t.id, t.name])], ''),
    languages: h('input', { type: 'text', name: 'languages', placeholder: 'en, es' }),
    password: h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: '12' }),
  };
  const problem = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'new-user' },
    h('h2', { id: 'new-user' }, 'Add a person'),
    field('Name', inputs.name), field('Email', inputs.email), field('Role', inputs.role), field('Team', inputs.team),
    field('Languages (codes, separated by commas)', inputs.languages),
    field('Password', inputs.password, 'Leave empty for someone who only uses text messages.'),
    problem, h('button', { type: 'submit' }, 'Add'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(problem);
    const body = {
      name: inputs.name.value, email: inputs.email.value, role: inputs.role.value,
      team_id: inputs.team.value ? Number(inputs.team.value) : null,
      languages: inputs.languages.value.split(',').map((l) => l.trim()).filter(Boolean),
    };
    if (inputs.password.value) body.password = inputs.password.value;
    try {
      await api.post('/api/users', body);
      await reload();
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}

function teamForm(reload) {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '80' });
  const description = h('input', { type: 'text', name: 'description', maxlength: '500' });
  const problem = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'new-team' },
    h('h2', { id: 'new-team' }, 'Add a team'), field('Name', name), field('Description', description), problem,
    h('button', { type: 'submit' }, 'Add team'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/api/teams', { name: name.value, description: description.value });
      await reload();
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  return form;
}
