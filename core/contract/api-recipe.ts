// The contract's methods and events for recipes (recipe.*), suggestions, clusters and PII (core/recipe, core/suggest, core/cluster).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

/** Methods of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's methods are added here
export interface RecipeApi {}

/** Events of this domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the domain's events are added here
export interface RecipeEvents {}

/** The method names of this domain, at run time. */
export const RECIPE_METHODS = [] as const satisfies readonly (keyof RecipeApi)[];

/** The event names of this domain, at run time. */
export const RECIPE_EVENTS = [] as const satisfies readonly (keyof RecipeEvents)[];
