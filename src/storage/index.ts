export { type Database, type Db, MIGRATIONS_DIR, openDatabase } from './database.js';
export {
  DecisionRepository,
  type NewDelivery,
  StaleDecisionError,
  type TransactResult,
} from './repositories/decision-repository.js';
export {
  OutboxRepository,
  type PendingDelivery,
  type SlackMessageRef,
} from './repositories/outbox-repository.js';
export { ProjectRepository } from './repositories/project-repository.js';
