import { EventEmitter } from 'node:events';

/** One committed change of an entity: what the subscriptions and the live views react to. */
export type EntityChange = {
  entityId: string;
  /** Expanded type IRI. */
  type: string;
  /** Expanded names of the attributes that changed (empty when the entity was deleted). */
  attrs: string[];
  kind: 'created' | 'updated' | 'deleted';
  at: Date;
};

/**
 * Entity changes, announced only after their transaction committed (by the ingestion and the
 * NGSI-LD API). Listeners must not throw and must not block: they queue work.
 *
 * Two audiences. `subscribe` hears this process's changes only: the alert rules and NGSI-LD
 * subscriptions react to each change once, on the instance that wrote it. `subscribeAll` hears the
 * ids of entities changed by any instance (this one's at once, the others' through the relay in
 * relay.ts), for live views whose watchers may be connected to any instance.
 */
export function createChangeFeed() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    publish(changes: EntityChange[]) {
      if (changes.length === 0) return;
      emitter.emit('changes', changes);
      const changed = changes.filter((change) => change.kind !== 'deleted').map((change) => change.entityId);
      if (changed.length > 0) emitter.emit('changed-anywhere', changed, true);
    },
    /** Entities another instance changed (the relay calls this). */
    publishRemote(entityIds: string[]) {
      if (entityIds.length > 0) emitter.emit('changed-anywhere', entityIds, false);
    },
    subscribe(listener: (changes: EntityChange[]) => void): () => void {
      emitter.on('changes', listener);
      return () => emitter.off('changes', listener);
    },
    /** Ids of entities created or updated by any instance; `local` says whether this one wrote them. */
    subscribeAll(listener: (entityIds: string[], local: boolean) => void): () => void {
      emitter.on('changed-anywhere', listener);
      return () => emitter.off('changed-anywhere', listener);
    },
  };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
