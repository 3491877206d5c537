// Column headers drawn on the grid's canvas: name, type and share of missing values, a findings badge,
// and a mini-histogram of the column's values along the bottom edge.

import type { DrawHeaderCallback } from '@glideapps/glide-data-grid';
import type { HistogramBin } from '../../../core/contract/profile.js';
import { fmtInt, fmtPct } from '../format.js';
import type { GridPalette } from './grid-theme.js';

/** What a header shows about its column. */
export interface HeaderInfo {
  type?: string;
  nullShare?: number;
  findings?: number;
  bins?: HistogramBin[];
  /** The grid is sorted by this column. */
  sort?: 'asc' | 'desc';
}

/** Header height that fits name, details and histogram. */
export const HEADER_HEIGHT = 58;

function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** A drawHeader callback over per-column info (by column id). */
export function headerDrawer(
  info: (id: string) => HeaderInfo | undefined,
  palette: GridPalette,
): DrawHeaderCallback {
  return ({ ctx, column, theme, rect }, drawContent) => {
    const meta = column.id ? info(column.id) : undefined;
    if (!meta) return drawContent();
    const pad = 8;
    const x = rect.x + pad;
    let right = rect.x + rect.width - pad;
    ctx.save();
    ctx.textBaseline = 'alphabetic';

    if (meta.findings) {
      ctx.font = `600 11px ${theme.fontFamily}`;
      const label = fmtInt(meta.findings);
      const w = ctx.measureText(label).width + 12;
      roundRect(ctx, right - w, rect.y + 7, w, 17, 8.5);
      ctx.fillStyle = palette.badgeBg;
      ctx.fill();
      ctx.fillStyle = palette.badgeFg;
      ctx.fillText(label, right - w + 6, rect.y + 19.5);
      right -= w + 6;
    }

    if (meta.sort) {
      ctx.font = `600 12px ${theme.fontFamily}`;
      ctx.fillStyle = theme.accentColor;
      const arrow = meta.sort === 'asc' ? '▲' : '▼';
      const w = ctx.measureText(arrow).width;
      ctx.fillText(arrow, right - w, rect.y + 20);
      right -= w + 6;
    }

    ctx.font = `600 12.5px ${theme.fontFamily}`;
    ctx.fillStyle = theme.textHeader;
    ctx.fillText(fit(ctx, column.title, right - x), x, rect.y + 20);

    const details = [meta.type, meta.nullShare !== undefined ? `${fmtPct(meta.nullShare)} null` : undefined]
      .filter(Boolean)
      .join(' · ');
    ctx.font = `11px ${theme.fontFamily}`;
    ctx.fillStyle = theme.textLight;
    ctx.fillText(fit(ctx, details, rect.x + rect.width - pad - x), x, rect.y + 36);

    const bins = meta.bins ?? [];
    if (bins.length) {
      const max = Math.max(1, ...bins.map((b) => b.count));
      const h = 12;
      const w = (rect.width - 2 * pad) / bins.length;
      ctx.fillStyle = palette.histogram;
      bins.forEach((b, i) => {
        if (!b.count) return;
        const bh = Math.max(1, (b.count / max) * h);
        ctx.fillRect(x + i * w, rect.y + rect.height - 4 - bh, Math.max(1, w - 1), bh);
      });
    }
    ctx.restore();
  };
}
