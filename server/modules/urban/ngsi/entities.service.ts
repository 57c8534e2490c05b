import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { ChangeFeed, EntityChange } from '../changes.ts';
import {
  deleteEntityRow,
  findEntity,
  insertEntity,
  saveEntity,
  type UrbanDb,
  type UrbanTables,
} from './entities.store.ts';
import { alreadyExists, attributeNotFound, badRequestData, entityNotFound } from './errors.ts';
import { type EntityInput, LOCATION, type StoredAttribute, type StoredEntity } from './representation.ts';

/**
 * The rules of entity writes: each write is one transaction with its audit entry, and its change is
 * announced on the change feed only after commit.
 */
export type AttributeOutcome = { updated: string[]; notUpdated: { attributeName: string; reason: string }[] };

type Deps = { context: PlatformContext; changes: ChangeFeed };

export function createEntityService({ context, changes }: Deps) {
  const db = context.database.db as Kysely<UrbanTables>;
  const now = () => context.clock.now();

  async function write<T>(
    actor: Actor,
    work: (trx: UrbanDb) => Promise<{
      result: T;
      change?: EntityChange;
      audit?: { action: string; id: string; details: Record<string, unknown> };
    }>,
  ): Promise<T> {
    const { result, change } = await db.transaction().execute(async (trx) => {
      const done = await work(trx);
      if (done.audit)
        await context.audit.record(trx, {
          actor,
          action: done.audit.action,
          objectType: 'urban.entity',
          objectId: done.audit.id,
          details: done.audit.details,
        });
      return done;
    });
    if (change) changes.publish([change]);
    return result;
  }

  const changeOf = (
    entity: { id: string; type: string },
    attrs: string[],
    kind: EntityChange['kind'],
  ): EntityChange => ({
    entityId: entity.id,
    type: entity.type,
    attrs,
    kind,
    at: now(),
  });

  /** Attribute names an input carries (location included), expanded. */
  const namesOf = (input: { attrs: Record<string, unknown>; location?: unknown }) => [
    ...Object.keys(input.attrs),
    ...(input.location ? [LOCATION] : []),
  ];

  /** Merges attributes into an entity: overwrite (or not) existing ones, keep their createdAt. */
  function merge(
    entity: StoredEntity,
    input: Pick<EntityInput, 'attrs' | 'location'>,
    mode: 'append' | 'noOverwrite' | 'update',
  ): AttributeOutcome {
    const outcome: AttributeOutcome = { updated: [], notUpdated: [] };
    for (const [name, attribute] of Object.entries(input.attrs)) {
      const existing = entity.attrs[name];
      if (existing && mode === 'noOverwrite') {
        outcome.notUpdated.push({
          attributeName: name,
          reason: 'attribute exists and noOverwrite was asked',
        });
        continue;
      }
      if (!existing && mode === 'update') {
        outcome.notUpdated.push({ attributeName: name, reason: 'attribute does not exist' });
        continue;
      }
      entity.attrs[name] = { ...attribute, createdAt: existing?.createdAt ?? attribute.createdAt };
      outcome.updated.push(name);
    }
    if (input.location) {
      if (entity.location && mode === 'noOverwrite')
        outcome.notUpdated.push({
          attributeName: LOCATION,
          reason: 'attribute exists and noOverwrite was asked',
        });
      else if (!entity.location && mode === 'update')
        outcome.notUpdated.push({ attributeName: LOCATION, reason: 'attribute does not exist' });
      else {
        entity.location = input.location;
        outcome.updated.push(LOCATION);
      }
    }
    return outcome;
  }

  return {
    get: async (id: string) => {
      const entity = await findEntity(db, id);
      if (!entity) throw entityNotFound(id);
      return entity;
    },

    create: (actor: Actor, input: EntityInput) =>
      write(actor, async (trx) => {
        const at = now();
        const entity: StoredEntity = {
          ...input,
          location: input.location ?? null,
          createdAt: at,
          modifiedAt: at,
        };
        if (!(await insertEntity(trx, entity))) throw alreadyExists(input.id);
        return {
          result: entity,
          change: changeOf(entity, namesOf(input), 'created'),
          audit: {
            action: 'urban.entity.create',
            id: entity.id,
            details: { type: entity.type, attrs: namesOf(input) },
          },
        };
      }),

    /** Replaces every attribute of an existing entity (batch upsert with options=replace). */
    replace: (actor: Actor, input: EntityInput) =>
      write(actor, async (trx) => {
        const entity = await findEntity(trx, input.id, true);
        if (!entity) throw entityNotFound(input.id);
        if (entity.type !== input.type)
          throw badRequestData({
            vi: 'Không đổi được kiểu của thực thể.',
            en: 'The type of an entity cannot be changed.',
          });
        const replaced: StoredEntity = {
          ...entity,
          attrs: input.attrs,
          location: input.location ?? null,
          modifiedAt: now(),
        };
        await saveEntity(trx, replaced);
        const names = [
          ...new Set([
            ...namesOf(input),
            ...Object.keys(entity.attrs),
            ...(entity.location ? [LOCATION] : []),
          ]),
        ];
        return {
          result: replaced,
          change: changeOf(entity, names, 'updated'),
          audit: { action: 'urban.entity.replace', id: entity.id, details: { attrs: names } },
        };
      }),

    /** Append (overwrite unless noOverwrite) or update (existing attributes only). */
    writeAttributes: (
      actor: Actor,
      id: string,
      input: Pick<EntityInput, 'attrs' | 'location'> & { type?: string },
      mode: 'append' | 'noOverwrite' | 'update',
    ) =>
      write(actor, async (trx) => {
        const entity = await findEntity(trx, id, true);
        if (!entity) throw entityNotFound(id);
        if (input.type !== undefined && input.type !== entity.type)
          throw badRequestData({
            vi: 'Không đổi được kiểu của thực thể.',
            en: 'The type of an entity cannot be changed.',
          });
        const outcome = merge(entity, input, mode);
        if (outcome.updated.length === 0) return { result: outcome };
        entity.modifiedAt = now();
        await saveEntity(trx, entity);
        return {
          result: outcome,
          change: changeOf(entity, outcome.updated, 'updated'),
          audit: {
            action: `urban.entity.attrs.${mode === 'update' ? 'update' : 'append'}`,
            id,
            details: { attrs: outcome.updated },
          },
        };
      }),

    /** Partial update of one attribute: the fragment's fields replace the stored ones. */
    patchAttribute: (
      actor: Actor,
      id: string,
      name: string,
      fragment: StoredAttribute & { given: Set<string> },
    ) =>
      write(actor, async (trx) => {
        const entity = await findEntity(trx, id, true);
        if (!entity) throw entityNotFound(id);
        const at = now().toISOString();
        if (name === LOCATION) {
          if (!entity.location) throw attributeNotFound(id, name);
          if (fragment.type !== 'GeoProperty' || !fragment.given.has('value'))
            throw badRequestData({
              vi: 'location cần một value GeoJSON.',
              en: 'location needs a GeoJSON value.',
            });
          entity.location = fragment.value as StoredEntity['location'];
        } else {
          const existing = entity.attrs[name];
          if (!existing) throw attributeNotFound(id, name);
          if (fragment.given.has('type') && fragment.type !== existing.type)
            throw badRequestData({
              vi: 'Không đổi được kiểu của thuộc tính.',
              en: 'The type of an attribute cannot be changed.',
            });
          const patched: StoredAttribute = { ...existing };
          for (const [key, item] of Object.entries(fragment)) {
            if (key === 'given' || key === 'type' || key === 'createdAt' || key === 'modifiedAt') continue;
            if (fragment.given.has(key) || !['value', 'object', 'languageMap'].includes(key))
              patched[key] = item;
          }
          patched.modifiedAt = at;
          entity.attrs[name] = patched;
        }
        entity.modifiedAt = now();
        await saveEntity(trx, entity);
        return {
          result: undefined,
          change: changeOf(entity, [name], 'updated'),
          audit: { action: 'urban.entity.attrs.patch', id, details: { attrs: [name] } },
        };
      }),

    deleteAttribute: (actor: Actor, id: string, name: string) =>
      write(actor, async (trx) => {
        const entity = await findEntity(trx, id, true);
        if (!entity) throw entityNotFound(id);
        if (name === LOCATION) {
          if (!entity.location) throw attributeNotFound(id, name);
          entity.location = null;
        } else {
          if (!entity.attrs[name]) throw attributeNotFound(id, name);
          delete entity.attrs[name];
        }
        entity.modifiedAt = now();
        await saveEntity(trx, entity);
        return {
          result: undefined,
          change: changeOf(entity, [name], 'updated'),
          audit: { action: 'urban.entity.attrs.delete', id, details: { attrs: [name] } },
        };
      }),

    delete: (actor: Actor, id: string) =>
      write(actor, async (trx) => {
        const removed = await deleteEntityRow(trx, id);
        if (!removed) throw entityNotFound(id);
        return {
          result: undefined,
          change: changeOf(removed, [], 'deleted'),
          audit: { action: 'urban.entity.delete', id, details: { type: removed.type } },
        };
      }),

    exists: async (id: string) => (await findEntity(db, id)) !== undefined,
  };
}

export type EntityService = ReturnType<typeof createEntityService>;
