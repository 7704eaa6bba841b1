import type { DeliveryPayload, SlackMessageRef, StoredDelivery } from '../../app/ports.js';
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

/** A `slack_messages` row as both dialects read it (no delivery id before migration 0009). */
export type SlackMessageRow = Omit<SlackMessageRef, 'deliveryId'> & { readonly deliveryId: number | null };

/** A message's reference, without a delivery id it does not have. */
export function messageRef({ deliveryId, ...ref }: SlackMessageRow): SlackMessageRef {
  return deliveryId === null ? ref : { ...ref, deliveryId: Number(deliveryId) };
}
