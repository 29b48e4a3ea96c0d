// Configuration: schemas, loading and units. Everything else receives a typed Config.
export { loadConfig, ENV_OVERRIDES, CREDENTIAL_VARIABLES, HERALD_VERSION, type Config, type LoadConfigOptions, type PlatformCredentials } from './load-config.js';
export type { Settings, CatalogueEntry } from './schema.js';
export { parseDuration, parseSize, formatDuration } from './units.js';
