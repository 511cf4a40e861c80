// One conversation: the transcript (every text shown as text), replying as a
// person (which pauses the bot until handed back), assignment, labels,
// private notes, urgency and resolving. Opening it is recorded in the audit log.
import { api } from '../api.js';
import { h, replace, field, select, time, debounce, errorBox } from '../dom.js';

let current = null; // { contactId, parts... } of the page on screen

export async function render(main, params, context) {
  const contactId = Number(params[0]);
  if (!Number.isInteger(contactId) || contactId < 1) throw new Error('No such conversation.');
  const [teams, users] = await Promise.all([api.get('/api/teams'), api.get('/api/users')]);
  const parts = {
    heading: h('h1', {}),
    badges: h('p', {}),
    transcript: h('ol', { class: 'transcript', 'aria-label': 'Messages', tabindex: '0' }),
    status: h('p', { role: 'status', 'aria-live': 'polite', class: 'muted' }),
    side: h('div', { class: 'side' }),
  };
  current = { contactId, parts, context, staff: users.users.filter((u) => u.role !== 'student' && !u.disabled),
              teams: teams.teams, replyDraft: '' };
  replace(main,
    h('p', {}, h('a', { href: '#/inbox' }, '← Inbox')),
    parts.heading, parts.badges,
    h('div', { class: 'conversation' },
      h('section', { 'aria-label': 'Transcript and reply' }, parts.transcript, parts.status, replyForm()),
      parts.side));
  await load();
}

async function load() {
  const view = current;
  const data = await api.get(`/api/conversations/${view.contactId}`);
  if (view !== current) return;
  view.data = data;
  const { contact, conversation } = data;
  view.parts.heading.textContent = contact.name || `Contact #${contact.id}`;
  replace(view.parts.badges,
    conversation.urgent ? h('span', { class: 'badge urgent' }, 'Urgent') : null,
    h('span', { class: conversation.status === 'open' ? 'badge' : 'badge ok' }, conversation.status === 'open' ? 'Open' : 'Resolved'),
    conversation.bot_paused ? h('span', { class: 'badge paused' }, `Bot paused: ${nameOf(data.people, conversation.taken_over_by)} is answering`)
      : h('span', { class: 'badge' }, 'The bot is answering'),
    contact.opted_out ? h('span', { class: 'badge' }, 'Opted out: nothing can be sent') : null,
    contact.language ? h('span', { class: 'badge' }, `Language: ${contact.language}`) : null,
    contact.identities.map((i) => h('span', { class: 'badge' }, i.channel)),
    ' ', h('a', { href: `#/contacts/${contact.id}` }, 'Contact details'));
  renderTranscript(data);
  renderSide(data);
}

function nameOf(people, id) {
  if (id === null || id === undefined) return 'nobody';
  return people[String(id)] || `user #${id}`;
}

function author(message, people) {
  if (message.direction === 'in') return 'Them';
  if (message.author.startsWith('staff:')) return nameOf(people, message.author.slice(6));
  if (message.author.startsWith('relay:')) return 'Relayed';
  return 'Bot';
}

// What was sent with a message. Nothing is downloaded: staff follow the
// provider's link themselves (only web links are made clickable) or see the
// provider's media id.
function attachment(a) {
  const kind = a.content_type || 'file';
  const url = typeof a.url === 'string' ? a.url : '';
  if (/^https?:\/\//i.test(url)) {
    return h('li', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, `Attachment (${kind})`));
  }
  return h('li', {}, `Attachment (${kind})${a.media_id ? `, media id ${a.media_id}` : ''}`);
}

function renderTranscript(data) {
  const box = current.parts.transcript;
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  replace(box, data.messages.map((m) => {
    const classes = ['msg', m.direction, m.author.startsWith('staff:') ? 'staff' : ''].join(' ');
    return h('li', { class: classes },
      h('span', { class: 'text' }, m.text),
      m.attachments.length ? h('ul', { class: 'attachments', 'aria-label': 'Attachments' }, m.attachments.map(attachment)) : null,
      h('span', { class: 'meta' }, `${author(m, data.people)} · `, time(m.at),
        m.direction === 'out' ? ` · ${m.status}${m.error ? ` (${m.error})` : ''}` : '', ` · ${m.channel}`));
  }));
  if (data.truncated) box.prepend(h('li', { class: 'muted' }, 'Older messages are not shown.'));
  if (atBottom || !current.scrolledOnce) {
    box.scrollTop = box.scrollHeight;
    current.scrolledOnce = true;
  }
}

function replyForm() {
  const text = h('textarea', { name: 'text', maxlength: '1600', required: true });
  const send = h('button', { type: 'submit' }, 'Send');
  const problem = h('div', { role: 'alert' });
  const form = h('form', { 'aria-label': 'Reply' },
    field('Reply as yourself', text, 'Sending takes the conversation over: the bot stays quiet until you hand it back.'),
    problem, send);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    replace(problem);
    try {
      await api.post(`/api/conversations/${current.contactId}/reply`, { text: text.value });
      text.value = '';
      current.parts.status.textContent = 'Sent.';
      await load();
    } catch (error) {
      replace(problem, errorBox(error));
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

// Runs one action, then reloads; errors show in the status line.
async function act(path, body, done) {
  try {
    await api.post(`/api/conversations/${current.contactId}/${path}`, body);
    current.parts.status.textContent = done;
    await load();
  } catch (error) {
    current.parts.status.textContent = error.message;
  }
}

function renderSide(data) {
  const c = data.conversation;
  const handling = h('section', { 'aria-labelledby': 'handling' },
    h('h2', { id: 'handling' }, 'Handling'),
    h('div', { class: 'row' },
      c.bot_paused
        ? h('button', { type: 'button', onclick: () => act('hand-back', undefined, 'Handed back to the bot.') }, 'Hand back to the bot')
        : h('button', { type: 'button', onclick: () => act('take-over', undefined, 'You have taken over; the bot is paused.') }, 'Take over'),
      c.status === 'open'
        ? h('button', { type: 'button', class: 'secondary', onclick: () => act('resolve', undefined, 'Resolved.') }, 'Resolve')
        : h('button', { type: 'button', class: 'secondary', onclick: () => act('reopen', undefined, 'Reopened.') }, 'Reopen'),
      h('button', { type: 'button', class: 'secondary', onclick: () => act('urgent', { urgent: !c.urgent }, c.urgent ? 'No longer urgent.' : 'Marked urgent.') },
        c.urgent ? 'Clear urgent' : 'Mark urgent')));
  // A live update must not throw away a note being written.
  const draft = current.parts.side.querySelector('textarea[name="note"]');
  replace(current.parts.side, handling, assignForm(c), labelsForm(c), notesSection(data.notes));
  if (draft && draft.value) current.parts.side.querySelector('textarea[name="note"]').value = draft.value;
}

function assignForm(c) {
  const assignee = select('assignee_id', [['', 'Nobody'], ...current.staff.map((u) => [u.id, u.name])], c.assignee_id ?? '');
  const team = select('team_id', [['', 'No team'], ...current.teams.map((t) => [t.id, t.name])], c.team_id ?? '');
  const form = h('form', { 'aria-labelledby': 'assign-title' },
    h('h2', { id: 'assign-title' }, 'Assignment'),
    field('Assigned to', assignee), field('Team', team),
    h('button', { type: 'submit', class: 'secondary' }, 'Save assignment'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act('assign', { assignee_id: assignee.value ? Number(assignee.value) : null, team_id: team.value ? Number(team.value) : null },
      'Assignment saved.');
  });
  return form;
}

function labelsForm(c) {
  const input = h('input', { type: 'text', name: 'labels', value: c.labels.join(', ') });
  const form = h('form', { 'aria-labelledby': 'labels-title' },
    h('h2', { id: 'labels-title' }, 'Labels'),
    field('Labels, separated by commas', input),
    h('button', { type: 'submit', class: 'secondary' }, 'Save labels'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const labels = input.value.split(',').map((l) => l.trim()).filter(Boolean);
    try {
      await api.put(`/api/conversations/${current.contactId}/labels`, { labels });
      current.parts.status.textContent = 'Labels saved.';
      await load();
    } catch (error) {
      current.parts.status.textContent = error.message;
    }
  });
  return form;
}

function notesSection(notes) {
  const text = h('textarea', { name: 'note', maxlength: '4000', required: true });
  const form = h('form', {},
    field('New note (staff only, never sent)', text),
    h('button', { type: 'submit', class: 'secondary' }, 'Add note'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act('notes', { text: text.value }, 'Note added.');
  });
  return h('section', { 'aria-labelledby': 'notes-title' },
    h('h2', { id: 'notes-title' }, 'Private notes'),
    notes.length ? h('ul', { class: 'notes' }, notes.map((n) =>
      h('li', {}, h('span', {}, n.text), h('span', { class: 'meta muted' }, ' — ', n.author_name || 'someone', ', ', time(n.at)))))
      : h('p', { class: 'muted' }, 'No notes yet.'),
    form);
}

const reloadSoon = debounce(() => { if (current) load().catch(() => {}); }, 250);

export function onLive(event) {
  if (!current) return;
  if (event.type === 'conversation' && event.change === 'contact.erase' && event.contact_id === current.contactId) {
    replace(current.parts.transcript, h('li', {}, 'This person’s data has been erased.'));
    return;
  }
  if (['message', 'message_status', 'conversation'].includes(event.type) && event.contact_id === current.contactId) {
    reloadSoon();
  }
}
