// The contract's methods and events for embeddings and near-duplicate search (embed.*; core/embed).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

/** Methods of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's methods are added here
export interface EmbedApi {}

/** Events of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's events are added here
export interface EmbedEvents {}

/** The method names of this domain, at run time. */
export const EMBED_METHODS = [] as const satisfies readonly (keyof EmbedApi)[];

/** The event names of this domain, at run time. */
export const EMBED_EVENTS = [] as const satisfies readonly (keyof EmbedEvents)[];
