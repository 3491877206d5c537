// Suggestions: concrete fixes per findings group with their effect on the whole table, and PII detection.
export { suggestFixes, suggestForGroup, type SuggestOptions } from './suggest.js';
export { detectPii, type PiiOptions } from './pii.js';
