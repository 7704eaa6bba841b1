export { type Database, type Db, MIGRATIONS_DIR, openDatabase } from './database.js';
export { DecisionRepository } from './repositories/decision-repository.js';
export { LocaleRepository } from './repositories/locale-repository.js';
export { MetricsRepository } from './repositories/metrics-repository.js';
export { OutboxRepository } from './repositories/outbox-repository.js';
export { PeopleRepository } from './repositories/people-repository.js';
export { ProjectRepository } from './repositories/project-repository.js';
export { StaleDecisionError } from './stale-decision.js';
