// The contract's event names at run time (core/contract has METHOD_NAMES but no such list yet), checked
// against AppEvents at compile time so a new event cannot be forgotten by the transport.

import type { EventName } from '../core/contract/api.js';

/** Every event of the contract. */
export const EVENT_NAMES = ['jobs.progress', 'jobs.finished'] as const satisfies readonly EventName[];

type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _allListed: Missing extends never ? true : Missing = true;
void _allListed;
