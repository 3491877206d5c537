import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedAncestor, sandboxPlace } from './sandbox-place.js';

describe('sandbox place', () => {
  let dir: string;
  beforeEach(async () => {
    // mkdtemp makes the folder 0700: opened here, so only the folders a test closes are closed.
    dir = await mkdtemp(join(tmpdir(), 'sluice-place-'));
    await chmod(dir, 0o755);
  });
  afterEach(async () => {
    await chmod(join(dir, 'home'), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the sandbox in the app data folder when every folder above it can be entered', async () => {
    const app = join(dir, 'home', 'share', 'sluice');
    await mkdir(app, { recursive: true });
    expect(await closedAncestor(app)).toBeUndefined();
    const place = await sandboxPlace(app, {}, { isRoot: true, systemRoot: join(dir, 'system') });
    expect(place).toEqual({ dir: join(app, 'sandbox'), ownedRoot: app });
  });

  it("moves root's sandbox to the system folder when a home above the app folder is closed", async () => {
    const home = join(dir, 'home');
    const app = join(home, 'share', 'sluice');
    await mkdir(app, { recursive: true });
    await chmod(home, 0o700);
    expect(await closedAncestor(app)).toBe(home);
    // The app folder need not exist yet: the nearest existing folders above it decide.
    expect(await closedAncestor(join(app, 'not', 'yet'))).toBe(home);
    const system = join(dir, 'system');
    const place = await sandboxPlace(app, {}, { isRoot: true, systemRoot: system });
    expect(place.dir).toBe(join(system, 'sandbox'));
    expect(place.ownedRoot).toBe(system);
    // Not root: PostgreSQL runs as this user, who can enter its own home.
    expect(await sandboxPlace(app, {}, { isRoot: false })).toEqual({
      dir: join(app, 'sandbox'),
      ownedRoot: app,
    });
  });

  it('puts the sandbox where SLUICE_SANDBOX_DIR says', async () => {
    const chosen = join(dir, 'pg');
    const place = await sandboxPlace(join(dir, 'app'), { SLUICE_SANDBOX_DIR: chosen }, { isRoot: true });
    expect(place).toEqual({ dir: chosen, ownedRoot: chosen });
  });
});
