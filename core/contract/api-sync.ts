// The contract's methods and events for PostgreSQL sync and saved connections (sync.*, connections.*; core/sync, core/connections).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

/** Methods of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's methods are added here
export interface SyncApi {}

/** Events of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's events are added here
export interface SyncEvents {}

/** The method names of this domain, at run time. */
export const SYNC_METHODS = [] as const satisfies readonly (keyof SyncApi)[];

/** The event names of this domain, at run time. */
export const SYNC_EVENTS = [] as const satisfies readonly (keyof SyncEvents)[];
