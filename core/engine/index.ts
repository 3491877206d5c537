// The engine's public surface for hosts (cli/, server/, electron/).
export { createEngine, type Engine } from './create-engine.js';
export type { EngineDeps, Logger } from './context.js';
