import type { SpecDocument } from '../../src/openapi/load-spec.js';
import { spec } from './spec.js';

type Schemas = Record<string, { properties: Record<string, unknown>; required?: string[] }>;

/**
 * The kit's spec as a team might keep it: members the fake's data lacks added to every ranked item and to the error
 * envelope (each kind of schema the fake generates from), one member removed. The fake follows it.
 */
export function teamSpecWithNewMembers(): SpecDocument {
  const copy = structuredClone(spec);
  const schemas = copy.components.schemas as unknown as Schemas;
  const item = schemas['TopPotentialItem']!;
  Object.assign(item.properties, {
    shop_level: { type: 'integer', minimum: 1, maximum: 5 },
    store_url: { type: 'string', format: 'uri' },
    badge: { type: 'string', pattern: '^[A-Z]{2}-[0-9]{3}$' },
    joined_at: { type: 'string', format: 'date-time' },
    tags: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', minLength: 2, maxLength: 8 } },
    profile: {
      type: 'object',
      required: ['id', 'score'],
      properties: { id: { type: 'string', format: 'uuid' }, score: { type: 'number', minimum: 0, maximum: 1 }, vip: { type: 'boolean' } },
    },
  });
  item.required?.push('shop_level', 'badge', 'profile');
  delete item.properties['avg_play_count'];
  item.required?.splice(item.required.indexOf('avg_play_count'), 1);
  const envelope = schemas['ErrorEnvelope']!;
  envelope.properties['trace'] = { type: 'string', pattern: '^tr-[0-9a-f]{12}$' };
  envelope.required?.push('trace');
  return copy;
}
