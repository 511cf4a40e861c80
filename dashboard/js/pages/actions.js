// "You said, we did": what the office does about each community priority.
// Staff record an action, move it through its public steps (heard →
// discussed with partners → acting → done, each with a short public note,
// shown on /community), send a step to the poll's participants as a
// broadcast and follow its progress. Quotes approved for the public page too.
import { api } from '../api.js';
import { h, replace, field, select, time, errorBox, table } from '../dom.js';

let progressTimer = null;

// Whether a broadcast still has something to report: recipients not yet queued,
// or queued messages the provider has not answered for.
function unsettled(b) {
  const p = b.progress;
  return b.state === 'running' || p.queued > p.sent + p.failed;
}

// Refreshes the progress of unsettled broadcasts every few seconds while this page is open.
function followProgress() {
  clearTimeout(progressTimer);
  progressTimer = setTimeout(async () => {
    const spans = [...document.querySelectorAll('.broadcast-progress[data-unsettled]')];
    if (!spans.length || !location.hash.startsWith('#/actions')) return;
    for (const span of spans) {
      try {
        const { broadcast } = await api.get(`/api/broadcasts/${span.dataset.broadcast}`);
        span.textContent = progressText(broadcast);
        if (!unsettled(broadcast)) span.removeAttribute('data-unsettled');
      } catch (error) {
        span.removeAttribute('data-unsettled');
      }
    }
    followProgress();
  }, 3000);
}

const stageNames = { heard: 'Heard', discussed: 'Discussed with partners', acting: 'Acting', done: 'Done' };

function progressText(b) {
  const p = b.progress;
  return `${b.state === 'done' ? 'All queued' : 'Sending'}: ${p.total} people, ${p.queued} queued, ${p.sent} sent, ` +
    `${p.delivered} delivered, ${p.failed} failed, ${p.skipped_opted_out} skipped (opted out), ` +
    `${p.skipped_unreachable} unreachable, ${p.pending} waiting`;
}

function labelOf(labels, kind, id) {
  return id ? ((labels[kind][id] || {}).en || id) : 'All neighbourhoods';
}

function actionCard(item, labels, context, reload) {
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 320, required: true });
  const stage = select('stage', Object.entries(stageNames), item.stage === 'heard' ? 'discussed' : item.stage);
  const status = h('p', { role: 'status' });
  const form = h('form', { class: 'inline-form', 'aria-label': `Next step for action ${item.id}` },
    field('Stage', stage), field('Public note (English; shown on the public page)', note),
    h('button', { type: 'submit' }, 'Record step'), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post(`/api/actions/${item.id}/steps`, { stage: stage.value, note: { en: note.value.trim() } });
      context.toast('Step recorded');
      reload();
    } catch (error) {
      replace(status, errorBox(error));
    }
  });
  const steps = item.steps.map((step) => {
    const cell = step.broadcast ? h('span', { class: 'broadcast-progress', 'data-broadcast': step.broadcast.id,
      'data-unsettled': unsettled(step.broadcast), role: 'status' }, progressText(step.broadcast))
      : h('button', { type: 'button', class: 'secondary', onclick: async (event) => {
        event.target.disabled = true;
        try {
          await api.post(`/api/actions/${item.id}/steps/${step.id}/broadcast`, {});
          context.toast('Broadcast started');
          reload();
        } catch (error) {
          event.target.replaceWith(errorBox(error));
        }
      } }, 'Send as "you said, we did"');
    return [time(step.at), stageNames[step.stage], step.note.en || Object.values(step.note)[0], cell];
  });
  return h('section', { class: 'card', 'aria-labelledby': `action-${item.id}` },
    h('h2', { id: `action-${item.id}` }, `${item.title.en || Object.values(item.title)[0]}`),
    h('p', {}, `${labelOf(labels, 'categories', item.category)} · ${labelOf(labels, 'neighbourhoods', item.neighbourhood)} · now: ${stageNames[item.stage]}`),
    table('Steps', ['When', 'Stage', 'Public note', 'Broadcast'], steps),
    item.stage === 'done' ? null : form);
}

function newActionForm(labels, reload) {
  const category = select('category', Object.entries(labels.categories).map(([id, l]) => [id, l.en]));
  const hood = select('neighbourhood', [['', 'All neighbourhoods'], ...Object.entries(labels.neighbourhoods).map(([id, l]) => [id, l.en])]);
  const title = h('input', { type: 'text', name: 'title', maxlength: 200, required: true });
  const status = h('p', { role: 'status' });
  const form = h('form', { class: 'filters', 'aria-label': 'New action' },
    field('Priority', category), field('Neighbourhood', hood), field('What was heard (public title)', title),
    h('button', { type: 'submit' }, 'Add action'), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/api/actions', { category: category.value, neighbourhood: hood.value, title: { en: title.value.trim() } });
      reload();
    } catch (error) {
      replace(status, errorBox(error));
    }
  });
  return form;
}

function quotesSection(quotes, reload) {
  const text = h('textarea', { name: 'quote', rows: 2, maxlength: 280, required: true });
  const language = select('language', ['en', 'es', 'ht', 'kea', 'zh', 'vi'].map((c) => [c, c]));
  const anonymised = h('input', { type: 'checkbox', name: 'anonymised' });
  const status = h('p', { role: 'status' });
  const form = h('form', { class: 'filters', 'aria-label': 'Approve a quote' },
    field('Quote, rewritten so nobody can be recognised', text), field('Language', language),
    field('I have removed names, places and details that could identify anyone', anonymised),
    h('button', { type: 'submit' }, 'Publish quote'), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/api/quotes', { text: text.value.trim(), language: language.value, anonymised: anonymised.checked });
      reload();
    } catch (error) {
      replace(status, errorBox(error));
    }
  });
  const rows = quotes.map((q) => [q.text, q.language, h('button', { type: 'button', class: 'secondary', onclick: async () => {
    await api.delete(`/api/quotes/${q.id}`);
    reload();
  } }, 'Remove')]);
  return h('section', { 'aria-labelledby': 'quotes-title' }, h('h2', { id: 'quotes-title' }, 'Quotes on the public page'),
    table('Published quotes', ['Quote', 'Language', ''], rows), form);
}

export function onLive(event, context) {
  // Another member of staff added an action or a step: show it (unless this page is being typed in).
  if (event.type === 'action' && !document.activeElement?.closest('main form')) render(document.getElementById('main'), [], context);
}

export async function render(main, params, context) {
  const reload = () => render(main, params, context);
  try {
    const [data, quotes] = await Promise.all([api.get('/api/actions'), api.get('/api/quotes')]);
    replace(main, h('h1', {}, 'You said, we did'),
      h('p', {}, 'Each step is public on ', h('a', { href: '/community', target: '_blank', rel: 'noopener' }, 'the community page'),
        '. A step can be sent once to everyone who answered the poll and has not opted out, at the channel\'s rate and outside quiet hours.'),
      newActionForm(data.labels, reload),
      data.actions.map((item) => actionCard(item, data.labels, context, reload)),
      quotesSection(quotes.quotes, reload));
    followProgress();
  } catch (error) {
    replace(main, h('h1', {}, 'You said, we did'), errorBox(error));
  }
}
