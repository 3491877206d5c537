// The contract's methods and events for pipeline runs (runs.*: run, resume, list, show, rollback; core/pipeline).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

/** Methods of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's methods are added here
export interface RunsApi {}

/** Events of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's events are added here
export interface RunsEvents {}

/** The method names of this domain, at run time. */
export const RUNS_METHODS = [] as const satisfies readonly (keyof RunsApi)[];

/** The event names of this domain, at run time. */
export const RUNS_EVENTS = [] as const satisfies readonly (keyof RunsEvents)[];
