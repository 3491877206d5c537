import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byLine,
  detection,
  importAndRead,
  openWorkspace,
  rejectReasons,
  type Workspace,
} from '../support/import-harness.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await openWorkspace();
});
afterAll(async () => {
  await ws.close();
});

describe('smoke', () => {
  it('imports a small dirty file', async () => {
    const p = await ws.file(
      'a.csv',
      'a,b,c\n1,2,3\n4,5\n6,7,8,9\n"x\ny",z,w\n\n10,"a"b,c\n11,,""\n12,2,3,\n',
    );
    const r = await importAndRead(ws, p, detection());
    console.log(JSON.stringify(r, null, 1));
    expect(byLine(r.rows)).toEqual([
      [2, ['1', '2', '3']],
      [5, ['x\ny', 'z', 'w']],
      [9, ['11', null, '']],
    ]);
    expect(rejectReasons(r.rejects)).toEqual([
      [3, 'too_few_fields'],
      [4, 'too_many_fields'],
      [8, 'invalid_quote'],
      [10, 'too_many_fields'],
    ]);
  });
});
