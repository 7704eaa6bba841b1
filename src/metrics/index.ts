export { type BotMetrics, createMetrics, type MetricsOptions } from './registry.js';
export { metricsRoute, type Route } from './route.js';
export { type PlainServer, startPlainServer } from './server.js';
export type { MetricsSource } from './source.js';
