export { PgDecisionRepository } from './decision-repository.js';
export { PgLocaleRepository } from './locale-repository.js';
export { PgMetricsRepository } from './metrics-repository.js';
export { ID_ORDER_LOCK_KEY } from './ordered-ids.js';
export { PgOutboxRepository } from './outbox-repository.js';
export { PgPeopleRepository } from './people-repository.js';
export { PgProjectRepository } from './project-repository.js';
export { CommitOutcomeUnknown } from './retry.js';
