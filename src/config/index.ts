// Configuration: schemas, loading and units. Everything else receives a typed Config.
export { loadConfig, ENV_OVERRIDES, HERALD_VERSION, type Config, type LoadConfigOptions } from './load-config.js';
export type { Settings, CatalogueEntry } from './schema.js';
export { parseDuration, parseSize, formatDuration } from './units.js';
