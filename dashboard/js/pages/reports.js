// The community priorities report: what people said matters, by
// neighbourhood, by language and over time. Counts under 5 are shown as
// "fewer than 5" (the server suppresses them); the CSV has the same numbers.
import { api, query } from '../api.js';
import { h, replace, field, select, table } from '../dom.js';
import { barChart, lineChart, palette } from '../charts.js';
import { label } from '../labels.js';

let filters = { interval: 'month', from: '', to: '' };

export async function render(main) {
  const inputs = {
    interval: select('interval', [['month', 'By month'], ['week', 'By week']], filters.interval),
    from: h('input', { type: 'date', name: 'from', value: filters.from }),
    to: h('input', { type: 'date', name: 'to', value: filters.to }),
  };
  const download = h('a', { class: 'button secondary', download: '' }, 'Download CSV');
  const body = h('div', {});
  const form = h('form', { class: 'filters', 'aria-label': 'Report period' },
    field('Over time', inputs.interval), field('From', inputs.from), field('To', inputs.to),
    h('button', { type: 'submit' }, 'Show'), download);
  const load = async () => {
    filters = { interval: inputs.interval.value, from: inputs.from.value, to: inputs.to.value };
    download.href = `/api/reports/priorities${query({ ...filters, format: 'csv' })}`;
    const report = await api.get(`/api/reports/priorities${query(filters)}`);
    replace(body, ...sections(report));
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  replace(main, h('h1', {}, 'Community priorities'),
    h('p', { class: 'muted' }, 'Answers people agreed to see used in reports. Counts under 5 are shown as “fewer than 5”, so no one can be singled out.'),
    form, body);
  await load();
}

function rowsFor(group, categories) {
  return categories.filter((c) => group.counts[c]).map((c) => ({ label: label(c), count: group.counts[c].count, display: group.counts[c].display }));
}

function sections(report) {
  const categories = report.categories;
  const overall = report.overall[0];
  if (!overall) return [h('p', { class: 'notice' }, 'No answers in this period yet.')];
  const parts = [
    h('h2', {}, `Everyone (${overall.respondents.display} people)`),
    barChart('Priorities chosen, everyone', rowsFor(overall, categories)),
    h('h2', {}, 'By neighbourhood'),
    h('div', { class: 'charts' }, report.by_neighbourhood.map((g, i) =>
      barChart(`${label(g.group)} (${g.respondents.display} people)`, rowsFor(g, categories), palette[i % palette.length]))),
    h('h2', {}, 'By language'),
    h('div', { class: 'charts' }, report.by_language.map((g, i) =>
      barChart(`${label(g.group)} (${g.respondents.display} people)`, rowsFor(g, categories), palette[(i + 3) % palette.length]))),
    h('h2', {}, 'Over time'),
  ];
  const top = categories.slice(0, 5);
  const periods = report.over_time.map((g) => g.group);
  parts.push(lineChart(`The five most chosen priorities, ${report.interval === 'week' ? 'week by week' : 'month by month'}`,
    periods, top.map((c) => ({ name: label(c), values: report.over_time.map((g) => (g.counts[c] ? g.counts[c].count : 0)) }))));
  parts.push(h('details', {}, h('summary', {}, 'The numbers as tables'),
    ...['by_neighbourhood', 'by_language', 'over_time'].map((name) => table(name.replace('_', ' '),
      ['Group', 'People', ...categories.map(label)],
      report[name].map((g) => [label(g.group), g.respondents.display, ...categories.map((c) => (g.counts[c] ? g.counts[c].display : '0'))])))));
  return parts;
}
