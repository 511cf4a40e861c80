// Who answered the priorities poll, by neighbourhood, language and age band,
// against the catchment area's baselines from the configuration: groups below
// the threshold are flagged, so the office knows whose voice is missing.
import { api } from '../api.js';
import { h, replace, errorBox, table } from '../dom.js';

const titles = { neighbourhood: 'Neighbourhood', language: 'Language', age_band: 'Age band' };

function percent(value) {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}

// The poll's own names for neighbourhoods (from the actions API, which has them).
function namer(labels) {
  return (dimension, group) => {
    if (!group) return '(not given)';
    const entry = dimension === 'neighbourhood' ? labels.neighbourhoods[group] : null;
    return entry ? entry.en : group;
  };
}

export async function render(main) {
  try {
    const [data, actions] = await Promise.all([api.get('/api/reports/representativeness'), api.get('/api/actions')]);
    const name = namer(actions.labels);
    replace(main, h('h1', {}, 'Who answered'),
      h('p', {}, `A group is flagged when its share of the people who answered is below ${Math.round(data.flag_below * 100)}% of its share of the area.`),
      data.dimensions.map((d) => h('section', { 'aria-labelledby': `rep-${d.dimension}` },
        h('h2', { id: `rep-${d.dimension}` }, titles[d.dimension] || d.dimension),
        d.has_baselines ? null : h('p', { class: 'hint' }, 'No baseline configured for this dimension.'),
        table(`${titles[d.dimension]}: answers against the baseline`, ['Group', 'People', 'Share', 'Baseline', ''],
          d.groups.map((g) => [name(d.dimension, g.group), g.respondents.display, percent(g.share), percent(g.baseline),
            g.under_represented ? h('strong', { class: 'flag' }, 'Under-represented') : ''])))));
  } catch (error) {
    replace(main, h('h1', {}, 'Who answered'), errorBox(error));
  }
}
