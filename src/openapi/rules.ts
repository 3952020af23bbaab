import { SpecError } from './spec-error.js';
import type { OpenAPIV3_1 } from 'openapi-types';

/** One rule JSON Schema cannot express, as the spec's `x-rules` lists it. */
export interface ExtensionRule {
  readonly id: string;
  /** Dotted path of the field the rule concerns, e.g. filter.date_info.value. */
  readonly field: string;
  /** When the rule applies, in words. */
  readonly when: string;
  readonly description: string;
  /** Message template: `{value}` is the offending value, `{limit}` the rule's limit. */
  readonly message: string;
  readonly limit?: number;
}

const REQUIRED_TEXT = ['id', 'field', 'when', 'description', 'message'] as const;

/** The rule catalogue: the operation's `x-rules`, checked for shape and unique ids. */
export function listRules(operation: OpenAPIV3_1.OperationObject): readonly ExtensionRule[] {
  const raw: unknown = (operation as Record<string, unknown>)['x-rules'];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new SpecError("The spec's x-rules must be a list of rules.");
  const seen = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const where = `x-rules[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new SpecError(`The spec's ${where} must be a mapping.`);
    const candidate = entry as Record<string, unknown>;
    for (const key of REQUIRED_TEXT) {
      if (typeof candidate[key] !== 'string' || candidate[key] === '') {
        throw new SpecError(`The spec's ${where} needs a non-empty string "${key}".`);
      }
    }
    if (candidate['limit'] !== undefined && typeof candidate['limit'] !== 'number') {
      throw new SpecError(`The spec's ${where}.limit must be a number.`);
    }
    const rule = candidate as unknown as ExtensionRule;
    if (seen.has(rule.id)) throw new SpecError(`The spec's x-rules repeat the id "${rule.id}"; ids must be unique.`);
    seen.add(rule.id);
    return rule;
  });
}

/** The rule's message with its placeholders filled in. */
export function renderRuleMessage(rule: ExtensionRule, value: string): string {
  return rule.message.replaceAll('{value}', value).replaceAll('{limit}', String(rule.limit ?? ''));
}
