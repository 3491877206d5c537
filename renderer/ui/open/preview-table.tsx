// The first rows as parsed with the current settings: a plain table (at most a few hundred rows).

import type { Preview } from '../../../core/contract/datasets.js';
import { fmtInt } from '../format.js';

/** The preview table. */
export function PreviewTable({ preview }: { preview: Preview }) {
  return (
    <div className="preview" role="region" aria-label="Preview of the first rows" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col" className="line-col">
              Line
            </th>
            {preview.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            <tr key={r}>
              <td className="line-col">{fmtInt(preview.lines[r] ?? 0)}</td>
              {preview.columns.map((_, c) => {
                const v = row[c];
                return (
                  <td key={c} className={v === null ? 'absent' : v === '' ? 'empty' : undefined}>
                    {v ?? ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
