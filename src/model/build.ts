import type { Model } from './model.js';
import type { Resource } from './resource.js';

/** Indexes resources and builds the object graph. (Stub; the implementation lands next.) */
export function buildModel(_resources: readonly Resource[]): Model {
  throw new Error('not implemented yet');
}
