import { describe, expect, it } from 'vitest';
import type { Operation } from '../contract/recipe.js';
import { stageKey } from './stage-store.js';
import { usesFindings } from './uses-findings.js';

const scoped: Operation = {
  op: 'trim',
  columns: ['a'],
  where: {
    kind: 'not',
    cond: {
      kind: 'or',
      any: [
        { kind: 'missing', column: 'a' },
        { kind: 'finding', column: 'a' },
      ],
    },
  },
};

describe('usesFindings', () => {
  it('sees findings in row drops and nested conditions only', () => {
    expect(usesFindings({ op: 'dropRowsWithFindings' })).toBe(true);
    expect(usesFindings(scoped)).toBe(true);
    expect(usesFindings({ op: 'trim', columns: ['a'], where: { kind: 'missing', column: 'a' } })).toBe(false);
    expect(usesFindings({ op: 'filterRows', mode: 'drop', where: { kind: 'finding' } })).toBe(true);
    expect(usesFindings({ op: 'rename', column: 'a', to: 'b' })).toBe(false);
  });

  it('the findings key changes the stage key of steps that read findings, and only theirs', () => {
    const plain: Operation = { op: 'trim', columns: ['a'] };
    expect(stageKey('s', [plain], {}, 'schema-1')).toBe(stageKey('s', [plain], {}));
    expect(stageKey('s', [scoped], {}, 'schema-1')).not.toBe(stageKey('s', [scoped], {}, 'schema-2'));
    expect(stageKey('s', [scoped, plain], {}, 'schema-1')).not.toBe(stageKey('s', [scoped, plain], {}));
  });
});
