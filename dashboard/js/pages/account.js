// The signed-in person's own account: who they are, and a new password.
import { api } from '../api.js';
import { h, replace, field, errorBox } from '../dom.js';

export async function render(main, params, context) {
  const me = context.me;
  const current = h('input', { type: 'password', name: 'current_password', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', name: 'new_password', autocomplete: 'new-password', required: true, minlength: '12' });
  const problem = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title' }, 'Change your password'),
    field('Current password', current), field('New password', next, 'At least 12 characters; a few words make a good one.'),
    problem, h('button', { type: 'submit' }, 'Change password'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(problem);
    try {
      await api.put('/api/session/password', { current_password: current.value, new_password: next.value });
      form.reset();
      replace(problem, h('p', { class: 'notice' }, 'Password changed. Other browsers signed in as you were signed out.'));
    } catch (error) {
      replace(problem, errorBox(error));
    }
  });
  replace(main, h('h1', {}, 'Your account'),
    h('p', {}, `${me.name} · ${me.email} · ${me.role}`), form);
}
