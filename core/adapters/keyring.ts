// The OS keychain (@napi-rs/keyring: Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows). Calls throw when no keychain is reachable; core/connections/secrets.ts then falls back to its
// encrypted file.

import { AsyncEntry } from '@napi-rs/keyring';

/** A place that stores secrets by account name. */
export interface Keychain {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

function entry(service: string, account: string): AsyncEntry {
  // On Linux only the Secret Service persists across reboots; the kernel keyutils store does not, so it is
  // never used (a "saved" password that vanishes after a reboot would be worse than the file fallback).
  return process.platform === 'linux'
    ? new AsyncEntry(service, account, { linux: { store: 'secret-service' } })
    : new AsyncEntry(service, account);
}

/** The OS keychain under one service name (default 'sluice'). Failures (even the synchronous ones of an
 * unreachable D-Bus) come back as rejected promises. */
export function osKeychain(service = 'sluice'): Keychain {
  return {
    get: async (account) => entry(service, account).getPassword(),
    set: async (account, secret) => entry(service, account).setPassword(secret),
    delete: async (account) => entry(service, account).deletePassword(),
  };
}
