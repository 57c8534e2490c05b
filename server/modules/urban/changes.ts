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
 * Entity changes inside one process, announced only after their transaction committed (by the
 * ingestion and the NGSI-LD API). Listeners must not throw and must not block: they queue work.
 * Several app instances each see their own changes; docs/smart-urban.md says what that means.
 */
export function createChangeFeed() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    publish(changes: EntityChange[]) {
      if (changes.length > 0) emitter.emit('changes', changes);
    },
    subscribe(listener: (changes: EntityChange[]) => void): () => void {
      emitter.on('changes', listener);
      return () => emitter.off('changes', listener);
    },
  };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
