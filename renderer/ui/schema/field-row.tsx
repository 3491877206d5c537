// One field of the schema editor: type, format, constraints and primary-key membership.

import type { ReactNode } from 'react';
import type { FieldType, SchemaField } from '../../../core/contract/schema.js';
import { CommitInput } from './commit-input.js';

const TYPES: FieldType[] = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'time'];
const STRING_FORMATS = ['default', 'email', 'uri', 'uuid'];

interface Props {
  field: SchemaField;
  inKey: boolean;
  error?: string;
  onField(patch: Partial<SchemaField>): void;
  onConstraint(patch: Record<string, unknown>): void;
  onKey(inKey: boolean): void;
}

const numeric = (t: FieldType) => t === 'integer' || t === 'number';

/** Text of a bound for its input. */
const boundText = (v: unknown) => (v === undefined ? '' : String(v));

/** A typed bound from its input: numbers for numeric fields, text (dates) otherwise, undefined when empty. */
function parseBound(text: string, type: FieldType): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (numeric(type)) {
    const n = Number(t);
    return Number.isFinite(n) ? n : t;
  }
  return t;
}

function parseLength(text: string): number | undefined {
  const n = Number.parseInt(text.trim(), 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A constraint's input where it applies (or still holds a value), a dash where it does not. */
function Slot({ applies, value, children }: { applies: boolean; value: unknown; children: ReactNode }) {
  return applies || value !== undefined ? children : <span className="na">—</span>;
}

/** A row of the schema table. */
export function FieldRow({ field, inKey, error, onField, onConstraint, onKey }: Props) {
  const c = field.constraints ?? {};
  const n = field.name;
  const isString = field.type === 'string';
  const isTemporal = field.type === 'date' || field.type === 'datetime' || field.type === 'time';
  const ordered = numeric(field.type) || isTemporal;
  return (
    <tr className={error ? 'has-error' : undefined} title={error}>
      <th scope="row" className="field-name">
        {n}
      </th>
      <td>
        <select
          className="select compact"
          aria-label={`Type of ${n}`}
          value={field.type}
          onChange={(e) => onField({ type: e.target.value as FieldType, format: undefined })}
        >
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </td>
      <td>
        {isString ? (
          <select
            className="select compact"
            aria-label={`Format of ${n}`}
            value={field.format ?? 'default'}
            onChange={(e) => onField({ format: e.target.value === 'default' ? undefined : e.target.value })}
          >
            {STRING_FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        ) : isTemporal ? (
          <CommitInput
            className="input compact"
            aria-label={`Format of ${n}`}
            placeholder="default"
            value={field.format ?? ''}
            onCommit={(v) => onField({ format: v.trim() || undefined })}
          />
        ) : (
          <span className="na">—</span>
        )}
      </td>
      <td className="center">
        <input
          type="checkbox"
          aria-label={`${n} is required`}
          checked={!!c.required}
          onChange={(e) => onConstraint({ required: e.target.checked || undefined })}
        />
      </td>
      <td className="center">
        <input
          type="checkbox"
          aria-label={`${n} is unique`}
          checked={!!c.unique}
          onChange={(e) => onConstraint({ unique: e.target.checked || undefined })}
        />
      </td>
      <td>
        <Slot applies={ordered} value={c.minimum}>
          <CommitInput
            className="input compact narrow"
            aria-label={`Minimum of ${n}`}
            disabled={!ordered}
            value={boundText(c.minimum)}
            onCommit={(v) => onConstraint({ minimum: parseBound(v, field.type) })}
          />
        </Slot>
      </td>
      <td>
        <Slot applies={ordered} value={c.maximum}>
          <CommitInput
            className="input compact narrow"
            aria-label={`Maximum of ${n}`}
            disabled={!ordered}
            value={boundText(c.maximum)}
            onCommit={(v) => onConstraint({ maximum: parseBound(v, field.type) })}
          />
        </Slot>
      </td>
      <td>
        <Slot applies={isString} value={c.minLength}>
          <CommitInput
            className="input compact narrow"
            aria-label={`Minimum length of ${n}`}
            disabled={!isString}
            value={boundText(c.minLength)}
            onCommit={(v) => onConstraint({ minLength: parseLength(v) })}
          />
        </Slot>
      </td>
      <td>
        <Slot applies={isString} value={c.maxLength}>
          <CommitInput
            className="input compact narrow"
            aria-label={`Maximum length of ${n}`}
            disabled={!isString}
            value={boundText(c.maxLength)}
            onCommit={(v) => onConstraint({ maxLength: parseLength(v) })}
          />
        </Slot>
      </td>
      <td>
        <Slot applies={isString} value={c.pattern}>
          <CommitInput
            className="input compact mono"
            aria-label={`Pattern of ${n}`}
            disabled={!isString}
            value={c.pattern ?? ''}
            onCommit={(v) => onConstraint({ pattern: v || undefined })}
          />
        </Slot>
      </td>
      <td>
        <CommitInput
          className="input compact"
          aria-label={`Allowed values of ${n}`}
          title={(c.enum ?? []).join(', ')}
          value={(c.enum ?? []).join(', ')}
          onCommit={(v) => {
            const items = v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            onConstraint({
              enum: items.length
                ? items.map((s) => (numeric(field.type) && Number.isFinite(Number(s)) ? Number(s) : s))
                : undefined,
            });
          }}
        />
      </td>
      <td className="center">
        <input
          type="checkbox"
          aria-label={`${n} is part of the primary key`}
          checked={inKey}
          onChange={(e) => onKey(e.target.checked)}
        />
      </td>
    </tr>
  );
}
