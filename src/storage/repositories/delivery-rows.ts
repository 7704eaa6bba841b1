import type { DeliveryPayload, StoredDelivery } from '../../app/ports.js';
import type { deliveries } from '../schema.js';

/**
 * An outbox row as the use cases see it. Both dialects' `deliveries` rows have this shape (the schema-agreement
 * test keeps them one), so the PostgreSQL store maps its rows with it too.
 */
export function rowToDelivery(r: typeof deliveries.$inferSelect): StoredDelivery {
  return {
    id: r.id,
    dedupeKey: r.dedupeKey,
    kind: r.kind,
    recipient: r.recipient,
    decisionId: r.decisionId,
    payload: JSON.parse(r.payloadJson) as DeliveryPayload,
    attempts: r.attempts,
    status: r.status,
    createdAt: r.createdAt,
  };
}
