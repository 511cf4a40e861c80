// The public page of results (/community): no sign-in, six languages. Draws
// what GET /community/data returns; counts under 5 arrive already hidden and
// are shown as "fewer than 5" in the reader's language.
import { h, replace } from './dom.js';
import { texts } from './community-texts.js';

const select = document.getElementById('language');
const page = document.getElementById('page');
let data = null;

function chosenLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && texts[asked]) return asked;
  for (const preferred of navigator.languages || []) {
    const code = preferred.toLowerCase().split('-')[0];
    if (texts[code]) return code;
  }
  return 'en';
}

function label(kind, id, language) {
  const entry = data.labels[kind][id];
  return entry ? entry[language] || entry.en || id : id;
}

function localized(object, language) {
  return object[language] || object[data.default_language] || Object.values(object)[0] || '';
}

function shown(count, t) {
  return count.count === null ? t.fewer : String(count.count);
}

function bars(counts, language, t) {
  const largest = Math.max(1, ...counts.map((c) => c.count.count || 0));
  return h('ul', { class: 'bars' }, counts.map((c) => {
    const bar = h('span', { class: c.count.count === null ? 'bar suppressed' : 'bar', 'aria-hidden': 'true' });
    if (c.count.count !== null) bar.style.width = `${Math.round((100 * c.count.count) / largest)}%`;
    return h('li', {}, h('span', {}, label('categories', c.category, language)), h('span', {}, bar),
      h('span', { class: 'count' }, shown(c.count, t)));
  }));
}

function group(title, entry, language, t) {
  return [h('h3', {}, title), h('p', { class: 'respondents' }, t.respondents(shown(entry.respondents, t))),
    entry.counts.length ? bars(entry.counts, language, t) : h('p', {}, t.none)];
}

function action(item, language, t) {
  const reached = data.stages.indexOf(item.stage);
  const where = item.neighbourhood ? label('neighbourhoods', item.neighbourhood, language) : t.wholeArea;
  return h('li', { class: 'action' },
    h('h3', {}, localized(item.title, language)),
    h('p', { class: 'note-small' }, `${label('categories', item.category, language)} · ${where}`),
    h('ol', { class: 'stages', 'aria-label': t.actions }, data.stages.map((stage, i) => h('li', {
      class: [i <= reached ? 'reached' : '', i === reached ? 'current' : ''].join(' ').trim(),
      'aria-current': i === reached ? 'step' : false,
    }, t.stages[stage]))),
    h('ul', { class: 'steps' }, item.steps.map((step) => h('li', {},
      h('strong', {}, `${t.stages[step.stage]} (${new Date(step.at).toISOString().slice(0, 10)}): `),
      localized(step.note, language)))));
}

function render(language) {
  const t = texts[language];
  document.documentElement.lang = language;
  document.title = `${t.title} · OCCME`;
  document.getElementById('title').textContent = t.title;
  document.getElementById('language-label').textContent = t.language;
  select.value = language;
  if (!data) return;
  const quotes = data.quotes.filter((q) => q.language === language || data.quotes.every((o) => o.language !== language));
  replace(page,
    h('p', { id: 'intro' }, t.intro),
    h('p', {}, t.resultsBy),
    h('section', { 'aria-labelledby': 'overall' }, h('h2', { id: 'overall' }, t.overall),
      group(t.wholeArea, data.overall, language, t)),
    h('section', { 'aria-labelledby': 'by-neighbourhood' }, h('h2', { id: 'by-neighbourhood' }, t.byNeighbourhood),
      data.by_neighbourhood.length ? data.by_neighbourhood.map((n) => group(label('neighbourhoods', n.neighbourhood, language), n, language, t))
        : h('p', {}, t.none)),
    h('section', { 'aria-labelledby': 'actions' }, h('h2', { id: 'actions' }, t.actions),
      data.actions.length ? h('ul', { class: 'actions' }, data.actions.map((a) => action(a, language, t))) : h('p', {}, t.noActions)),
    h('section', { 'aria-labelledby': 'over-time' }, h('h2', { id: 'over-time' }, t.overTime),
      data.over_time.length ? data.over_time.map((p) => group(p.period, p, language, t)) : h('p', {}, t.none)),
    quotes.length ? h('section', { 'aria-labelledby': 'quotes' }, h('h2', { id: 'quotes' }, t.quotes),
      h('ul', { class: 'quotes' }, quotes.map((q) => h('li', {}, h('blockquote', { lang: q.language }, q.text))))) : null);
}

select.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('lang', select.value);
  history.replaceState(null, '', url);
  render(select.value);
});

async function load() {
  const language = chosenLanguage();
  render(language);
  document.getElementById('status').textContent = texts[language].loading;
  try {
    const response = await fetch('/community/data', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    data = await response.json();
    render(select.value);
  } catch (error) {
    document.getElementById('status').textContent = texts[language].failed;
    document.getElementById('status').className = 'error';
  }
}

load();
