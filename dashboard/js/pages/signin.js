// Signing in. The session cookie is HttpOnly: the page never sees it; it
// keeps only the CSRF token the server returns.
import { api } from '../api.js';
import { h, replace, field } from '../dom.js';

export function renderSignIn(main, onSignedIn) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const problem = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'signin card', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to Stoop'),
    h('p', { class: 'muted' }, 'The dashboard of the Office for Community-Centered Medical Education.'),
    field('Email', email),
    field('Password', password),
    problem,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    replace(problem);
    try {
      const session = await api.post('/api/session', { email: email.value, password: password.value });
      password.value = '';
      onSignedIn(session);
    } catch (error) {
      replace(problem, h('p', { class: 'error' }, error.message));
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  replace(main, form);
  email.focus();
}
