// The contract's public surface: the renderer and every host import from here.
export * from './api.js';
export * from './datasets.js';
export * from './errors.js';
export * from './jobs.js';
export * from './profile.js';
export * from './result.js';
export * from './schema.js';
export * from './validation.js';
