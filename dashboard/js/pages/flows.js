// Flows: what the bot can say, whether the files are valid, and how much of
// each is translated and reviewed by community members.
import { api } from '../api.js';
import { h, replace, table } from '../dom.js';

export async function render(main) {
  const data = await api.get('/api/flows');
  const languages = [...new Set(data.flows.flatMap((f) => f.translations.map((t) => t.language)))];
  replace(main,
    h('h1', {}, 'Flows'),
    h('p', {}, data.ok ? h('span', { class: 'badge ok' }, 'All flows are valid')
      : h('span', { class: 'badge urgent' }, 'Some flows have errors'), ' ', h('span', { class: 'muted' }, `from ${data.directory}`)),
    data.diagnostics.length ? table('Problems found', ['Severity', 'File', 'Where', 'Message'],
      data.diagnostics.map((d) => [d.severity, d.file, d.pointer || '(whole file)', d.message])) : h('p', { class: 'muted' }, 'No problems found.'),
    table('Flows', ['Flow', 'Keywords', 'Steps', ...languages.map((l) => `${l}: translated / reviewed`)],
      data.flows.map((f) => [
        h('span', {}, h('strong', {}, f.name), h('div', { class: 'muted' }, `${f.id}${f.catch_all ? ' (catch-all)' : ''}`)),
        [...new Set(f.triggers.map((t) => t.keyword))].join(', ') || '—',
        String(f.nodes),
        ...languages.map((language) => {
          const t = f.translations.find((x) => x.language === language);
          return t ? `${t.translated}/${t.texts} · ${t.reviewed}/${t.texts}` : '—';
        }),
      ])));
}
