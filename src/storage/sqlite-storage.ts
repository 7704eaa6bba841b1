import { openDatabase } from './database.js';
import { DecisionRepository } from './repositories/decision-repository.js';
import { LocaleRepository } from './repositories/locale-repository.js';
import { MetricsRepository } from './repositories/metrics-repository.js';
import { OutboxRepository } from './repositories/outbox-repository.js';
import { PeopleRepository } from './repositories/people-repository.js';
import { ProjectRepository } from './repositories/project-repository.js';
import { RetentionRepository } from './repositories/retention-repository.js';
import { languagesUnreadable, type Storage, type StorageOptions } from './storage.js';

/** The stores over the SQLite file at `path` (created with its folder and migrated). */
export function sqliteStorage(path: string, options: StorageOptions): Storage {
  const database = openDatabase(path);
  let open = true;
  return {
    dialect: 'sqlite',
    decisions: new DecisionRepository(database),
    outbox: new OutboxRepository(database.db),
    people: new PeopleRepository(database.db),
    languages: new LocaleRepository(database.db, options.clock, undefined, languagesUnreadable(options.log)),
    projects: new ProjectRepository(database.db),
    metrics: new MetricsRepository(database),
    retention: new RetentionRepository(database),
    ping: async () => void database.sqlite.prepare('SELECT 1').get(),
    close: async () => {
      if (open) database.close();
      open = false;
    },
  };
}
