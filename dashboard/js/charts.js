// Small SVG charts drawn here (no library): horizontal bars, lines over time
// and stacked columns. Every chart has a text title for screen readers, and
// the pages put the same numbers in a table next to it. Suppressed counts
// ("fewer than 5") are drawn as an outline with that text, never as a number.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
// Each at least 3:1 against white (WCAG non-text contrast).
export const palette = ['#0b5394', '#b45309', '#1e7a3c', '#7b2cbf', '#b3261e', '#00695c', '#6d4c41', '#455a64',
  '#ad1457', '#33691e'];

let chartCount = 0;

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function frame(width, height, title, description) {
  const id = `chart-${++chartCount}`;
  // Drawn at its own size (12px text) and only ever shrunk to fit a narrow screen.
  return svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-labelledby': `${id}-t ${id}-d` },
    svg('title', { id: `${id}-t` }, title), svg('desc', { id: `${id}-d` }, description));
}

function figure(caption, chart, legend) {
  return h('figure', {}, h('figcaption', {}, caption), chart, legend || null);
}

export function legend(items) {
  return h('ul', { class: 'legend' }, items.map(([label, color]) => h('li', {},
    svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, fill: color })),
    label)));
}

// rows: [{label, count: number|null, display}]
export function barChart(caption, rows, color = palette[0]) {
  const labelWidth = 130;
  const width = 400;
  const rowHeight = 24;
  const height = rows.length * rowHeight + 10;
  const max = Math.max(5, ...rows.map((r) => r.count || 0));
  const scale = (width - labelWidth - 100) / max; // room after the bar for "fewer than 5"
  const description = rows.map((r) => `${r.label}: ${r.display}`).join('; ') || 'No answers.';
  const chart = frame(width, Math.max(height, 30), caption, description);
  rows.forEach((r, i) => {
    const y = 5 + i * rowHeight;
    chart.append(svg('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end' }, truncate(r.label, 22)));
    if (r.count === null) {
      chart.append(svg('rect', { x: labelWidth, y: y + 3, width: 5 * scale, height: rowHeight - 8, fill: 'none',
        stroke: color, 'stroke-dasharray': '3 2' }));
      chart.append(svg('text', { x: labelWidth + 5 * scale + 6, y: y + 15 }, r.display));
    } else {
      chart.append(svg('rect', { x: labelWidth, y: y + 3, width: Math.max(1, r.count * scale), height: rowHeight - 8, fill: color }));
      chart.append(svg('text', { x: labelWidth + r.count * scale + 6, y: y + 15 }, r.display));
    }
  });
  if (!rows.length) chart.append(svg('text', { x: 10, y: 20 }, 'No answers yet.'));
  return figure(caption, chart);
}

// series: [{name, values: [number|null per x]}]; a null breaks the line (suppressed).
export function lineChart(caption, xLabels, series) {
  const width = 520;
  const height = 240;
  const left = 40;
  const bottom = 40;
  const top = 10;
  const right = 10;
  const max = Math.max(5, ...series.flatMap((s) => s.values.map((v) => v || 0)));
  const x = (i) => left + (xLabels.length <= 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (xLabels.length - 1));
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const description = series.map((s) => `${s.name}: ${s.values.map((v, i) => `${xLabels[i]} ${v ?? 'fewer than 5'}`).join(', ')}`).join('; ');
  const chart = frame(width, height, caption, description || 'No answers.');
  chart.append(svg('line', { class: 'axis', x1: left, y1: y(0), x2: width - right, y2: y(0) }));
  chart.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: y(0) }));
  chart.append(svg('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end' }, String(max)));
  chart.append(svg('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'));
  const every = Math.ceil(xLabels.length / 6);
  xLabels.forEach((label, i) => {
    const last = xLabels.length - 1;
    // Every few periods, and the last one, without two labels on top of each other.
    if (i !== last && (i % every !== 0 || last - i < every / 2)) return;
    const anchor = xLabels.length > 1 && i === 0 ? 'start' : i === xLabels.length - 1 && i > 0 ? 'end' : 'middle';
    chart.append(svg('text', { x: x(i), y: height - bottom + 18, 'text-anchor': anchor }, label));
  });
  series.forEach((s, index) => {
    const color = palette[index % palette.length];
    let path = '';
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) { path += ' '; return; }
      path += `${path.endsWith(' ') || path === '' ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      chart.append(svg('circle', { cx: x(i), cy: y(v), r: 3, fill: color }));
    });
    if (path.trim()) chart.append(svg('path', { d: path.trim(), fill: 'none', stroke: color, 'stroke-width': 2 }));
  });
  return figure(caption, chart, legend(series.map((s, i) => [s.name, palette[i % palette.length]])));
}

// columns: [{label, parts: [{name, value}]}], stacked in the order of `names`.
export function stackedColumns(caption, columns, names) {
  const width = 560;
  const height = 240;
  const left = 40;
  const bottom = 40;
  const top = 10;
  const max = Math.max(1, ...columns.map((c) => c.parts.reduce((sum, p) => sum + p.value, 0)));
  const slot = (width - left - 10) / Math.max(1, columns.length);
  const y = (v) => (height - top - bottom) * (v / max);
  const description = columns.map((c) => `${c.label}: ${c.parts.map((p) => `${p.name} ${p.value}`).join(', ')}`).join('; ');
  const chart = frame(width, height, caption, description || 'No messages.');
  chart.append(svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width - 10, y2: height - bottom }));
  chart.append(svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end' }, String(max)));
  const every = Math.ceil(columns.length / 7);
  columns.forEach((c, i) => {
    let base = height - bottom;
    names.forEach((name, n) => {
      const part = c.parts.find((p) => p.name === name);
      if (!part || !part.value) return;
      const barHeight = y(part.value);
      base -= barHeight;
      chart.append(svg('rect', { x: left + i * slot + slot * 0.15, y: base, width: slot * 0.7, height: barHeight,
        fill: palette[n % palette.length] }));
    });
    if (i % every === 0) {
      chart.append(svg('text', { x: left + i * slot + slot / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, c.label));
    }
  });
  return figure(caption, chart, legend(names.map((name, n) => [name, palette[n % palette.length]])));
}

function truncate(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
