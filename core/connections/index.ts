// Saved connections, secrets, URLs and target resolution (DATABASE_URL, sandbox).
export { createConnectionStore, testTarget, type ConnectionStore } from './store.js';
export { createSecretStore, type SecretStore, type SecretBackend } from './secrets.js';
export { parsePgUrl, redactUrl, describeTarget } from './url.js';
export { resolveTarget, sandboxTarget, targetFromUrl, type ResolvedTarget } from './resolve.js';
