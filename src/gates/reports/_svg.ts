import { escapeXml } from './escape.js';

const WIDTH = 360;
const HEIGHT = 140;
const PAD = { left: 8, right: 8, top: 22, bottom: 20 };

/**
 * An inline SVG bar chart of two histograms over the same bins (reference vs current, as shares), for the HTML report.
 * @example histogramSvg('mean_radius', ['6.9–10.3', …], [42, …], [13, …], 'ks p=0.21')
 */
export function histogramSvg(title: string, bins: readonly string[], reference: readonly number[], current: readonly number[], note: string): string {
  const share = (counts: readonly number[]): number[] => {
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    return counts.map((c) => c / total);
  };
  const ref = share(reference);
  const cur = share(current);
  const top = Math.max(...ref, ...cur, 1e-9);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(bins.length, 1);
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const bar = (v: number, i: number, offset: number, cls: string): string => {
    const h = (v / top) * plot;
    const x = PAD.left + i * slot + offset * (slot / 2) + 1;
    return `<rect class="${cls}" x="${x.toFixed(1)}" y="${(PAD.top + plot - h).toFixed(1)}" width="${Math.max(slot / 2 - 2, 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeXml(`${bins[i]}: ${(v * 100).toFixed(1)}%`)}</title></rect>`;
  };
  return [
    `<svg class="hist" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(`${title}: reference vs data`)}">`,
    `<text x="${PAD.left}" y="14" class="t">${escapeXml(title)}</text><text x="${WIDTH - PAD.right}" y="14" class="n" text-anchor="end">${escapeXml(note)}</text>`,
    ...ref.map((v, i) => bar(v, i, 0, 'ref')),
    ...cur.map((v, i) => bar(v, i, 1, 'cur')),
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${HEIGHT - PAD.bottom}" y2="${HEIGHT - PAD.bottom}" class="axis"/>`,
    `<text x="${PAD.left}" y="${HEIGHT - 5}" class="n">${escapeXml(bins[0] ?? '')}</text><text x="${WIDTH - PAD.right}" y="${HEIGHT - 5}" class="n" text-anchor="end">${escapeXml(bins[bins.length - 1] ?? '')}</text>`,
    '</svg>',
  ].join('');
}
