import type { Document } from 'yaml';
import { resolveSpec } from '../openapi/describe.js';
import type { SpecDocument } from '../openapi/load-spec.js';
import { findingId, type FindingKind } from './findings.js';
import { isRecord } from './json-value.js';
import { MEMBER_NAME_SOURCE, parseObserved, schemaOf, shapeOf, type ObservedValue } from './value-shape.js';

/** What a proposal reads of a finding in drift.json. */
export interface DriftFinding {
  readonly kind: FindingKind;
  readonly path: string;
  readonly rule?: string;
  readonly observed: string;
  readonly request?: { readonly body?: unknown };
}

/** One change made to the spec: the finding it answers, where (a JSON pointer into the spec) and what it did. */
export interface ProposedChange {
  readonly finding: string;
  readonly at: string;
  readonly change: string;
}

/** A finding the proposal leaves to a person, and why. */
export interface NotExpressed {
  readonly finding: string;
  readonly why: string;
}

export interface SpecProposal {
  /** A changed copy; the document given is left as it was. */
  readonly document: Document;
  readonly changes: readonly ProposedChange[];
  readonly notExpressed: readonly NotExpressed[];
}

export interface ProposeOptions {
  /**
   * What a required member production left out becomes: `optional` (the spec's proposal: it may be absent) or
   * `absent` (the fake's: removed from the schema, so the fake leaves it out as production did). Default optional.
   */
  readonly missing?: 'optional' | 'absent';
  /** Names the run in each Decision, e.g. `the contract run of 2026-04-15T06:00:00.000Z`. */
  readonly source?: string;
}

type Site = readonly (string | number)[];
type Node = Record<string, unknown>;

/** Keywords that only apply to values of some types: dropped when the type changes to one they do not apply to. */
const TYPE_KEYWORDS = {
  string: ['pattern', 'format', 'minLength', 'maxLength'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties'],
} satisfies Readonly<Record<string, readonly string[]>>;
/** Keywords of a constraint a proposal drops when production went past it (it says no limit is known any more). */
const DROPPABLE = new Set([...TYPE_KEYWORDS.string, ...TYPE_KEYWORDS.number, 'minItems', 'maxItems', 'uniqueItems']);
const appliesTo = (keyword: string, type: string): boolean =>
  !Object.entries(TYPE_KEYWORDS).some(
    ([owner, keywords]) => keywords.includes(keyword) && owner !== type && !(owner === 'number' && type === 'integer'),
  );

const WHY_NOT: Partial<Record<FindingKind, string>> = {
  status: 'a status or code outside the spec is a change to the API, not to a schema: document it by hand if it is here to stay',
  'content-type': 'the spec answers JSON only; another content type is a change a person decides on',
  envelope: 'the envelope is what every answer shares; changing it is a decision for a person',
  'auth-not-enforced': 'security is not relaxed by a tool: confirm with the vendor',
  'auth-refusal-code': 'the refusal codes are documented per status; change them by hand if they are here to stay',
  'semantics-filter': 'filters, sorting and paging are described in words and x-rules, which a tool cannot rewrite',
  'semantics-sort': 'filters, sorting and paging are described in words and x-rules, which a tool cannot rewrite',
  'semantics-pagination': 'filters, sorting and paging are described in words and x-rules, which a tool cannot rewrite',
  'server-error': 'a server error is the target failing, not the spec being out of date',
  'body-too-large': 'an answer too large to judge says nothing the spec could describe',
  'sort-ties': 'information only, not drift',
};

/** The proposal as YAML: long lines and flow lists (`[a, b]`) written as the kit's spec writes them. */
export const proposalText = (proposal: SpecProposal): string => proposal.document.toString({ lineWidth: 0, flowCollectionPadding: false });

const PATH_PART = new RegExp(`\\.(${MEMBER_NAME_SOURCE})|\\[(?:\\*|\\d+)\\]`, 'g');

/** `$.data.list[*].creator` -> ['data', '[*]', 'creator']; undefined for a path with any other part (names must be plain). */
export function pathSegments(path: string): string[] | undefined {
  const body = path === 'body' || path === '$' ? '' : path.startsWith('$.') ? path.slice(1) : `.${path}`;
  const parts: string[] = [];
  const rest = body.replace(PATH_PART, (whole: string, name: string | undefined) => {
    parts.push(name ?? '[*]');
    return '';
  });
  return rest === '' ? parts : undefined;
}

const pointerOf = (site: Site): string => `#/${site.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/**
 * A copy of `spec` changed to describe what a contract run observed, each change with a `Decision:` naming the
 * finding: a member production added becomes an optional property of the observed type (with an example of its
 * shape), a changed type becomes the observed one, a required member production left out becomes optional, a
 * response constraint production went past is dropped (an enum gains the value), and a request rule production did
 * not enforce is dropped (an x-rules entry, a schema keyword; an enum gains the value) or one it enforced beyond the
 * spec is narrowed where the report says how (a maximum or minimum, an enum value). Every other finding is listed
 * with why a person has to decide it.
 */
export function proposeSpec(spec: Document, findings: readonly DriftFinding[], options: ProposeOptions = {}): SpecProposal {
  const document = spec.clone();
  const changes: ProposedChange[] = [];
  const notExpressed: NotExpressed[] = [];
  // The document as plain values, read by every walk; made again after each edit.
  let plain: Node | undefined;
  const root = (): Node => (plain ??= document.toJS() as Node);
  const put = (site: Site, value: unknown): void => {
    document.setIn(site, document.createNode(value, { flow: Array.isArray(value) && value.every((item) => typeof item !== 'object') }));
    plain = undefined;
  };
  const remove = (site: Site): void => {
    document.deleteIn(site);
    plain = undefined;
  };
  const api = resolveSpec(root() as SpecDocument);
  const operation: Site = ['paths', api.path, api.method.toLowerCase()];
  const source = options.source === undefined ? '' : ` in ${options.source}`;

  const valueAt = (site: Site, from: unknown = root()): unknown =>
    site.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Node)[key] : undefined), from);
  const decode = (part: string): string => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~');
  // resolveSpec (above) refused a spec whose $refs lead back to themselves.
  const deref = (site: Site): Site => {
    const ref = (valueAt(site) as Node | undefined)?.['$ref'];
    return typeof ref === 'string' && ref.startsWith('#/') ? deref(ref.slice(2).split('/').map(decode)) : site;
  };
  /** The schema at `site` and its allOf parts, each dereferenced: where a keyword may be written. */
  const parts = (site: Site): Site[] => {
    const own = deref(site);
    const allOf = (valueAt(own) as Node | undefined)?.['allOf'];
    return [own, ...(Array.isArray(allOf) ? allOf.flatMap((_, index) => parts([...own, 'allOf', index])) : [])];
  };
  const holding = (site: Site, test: (node: Node) => boolean): Site | undefined =>
    parts(site).find((part) => {
      const node = valueAt(part);
      return isRecord(node) && test(node);
    });
  /** The site of the schema a path leads to, from the schema at `start`; undefined when the spec has no such member. */
  const walk = (start: Site, segments: readonly string[]): Site | undefined =>
    segments.reduce<Site | undefined>((site, segment) => {
      const member = segment === '[*]' ? ['items'] : ['properties', segment];
      const owner = site === undefined ? undefined : holding(site, (node) => isRecord(valueAt(member, node)));
      return owner === undefined ? undefined : [...owner, ...member];
    }, start);
  const bodySite = (under: Site): Site => [...deref(under), 'content', 'application/json', 'schema'];
  const responseSchema = (): Site => bodySite([...operation, 'responses', '200']);
  const requestSchema = (): Site => bodySite([...operation, 'requestBody']);

  const decide = (finding: DriftFinding, site: Site, what: string): void => {
    const decision = `Decision: ${what}, as production showed${source} (finding \`${findingId(finding)}\`).`;
    const description = (valueAt(site) as Node)['description'];
    // Written as a `|` block when it spans lines, as the spec writes its long descriptions.
    const text = typeof description === 'string' ? `${description.trimEnd()}\n${decision}` : decision;
    const scalar = document.createNode(text);
    scalar.type = text.includes('\n') ? 'BLOCK_LITERAL' : 'PLAIN';
    document.setIn([...site, 'description'], scalar);
    plain = undefined;
    changes.push({ finding: findingId(finding), at: pointerOf(site), change: what });
  };
  const added = (finding: DriftFinding, segments: readonly string[], observed: ObservedValue): string | undefined => {
    const name = segments.at(-1) as string;
    const parent = walk(responseSchema(), segments.slice(0, -1));
    if (parent === undefined || name === '[*]') return 'the spec describes no object there to add the member to';
    const owner = deref(parent);
    if (walk(owner, [name]) !== undefined) return 'the spec already describes the member';
    put([...owner, 'properties', name], {
      ...schemaOf(observed),
      ...(observed.value === undefined || observed.type === 'null' ? {} : { examples: [shapeOf(observed.value)] }),
    });
    decide(finding, [...owner, 'properties', name], `${name} is an optional ${observed.type}, which the spec did not describe`);
    return undefined;
  };

  const retyped = (finding: DriftFinding, site: Site, observed: ObservedValue): string | undefined => {
    const node = valueAt(site) as Node;
    const types = [node['type']].flat().filter((type): type is string => typeof type === 'string');
    if (observed.type === 'null') {
      if (types.length === 0) return 'the schema there names no type to add null to';
      put([...site, 'type'], [...types, 'null']);
      decide(finding, site, 'it may be null');
      return undefined;
    }
    if (typeof node['$ref'] === 'string') {
      put(site, { type: observed.type });
    } else {
      for (const keyword of Object.keys(node))
        if (!appliesTo(keyword, observed.type) || keyword === 'enum' || keyword === 'const') remove([...site, keyword]);
      put([...site, 'type'], observed.type);
    }
    const was = types.join(' or ') || 'what the spec said';
    decide(finding, site, `it is ${observed.type === 'integer' ? 'an' : 'a'} ${observed.type}, not ${was}`);
    return undefined;
  };

  const optional = (finding: DriftFinding, segments: readonly string[]): string | undefined => {
    const name = segments.at(-1) as string;
    const parent = walk(responseSchema(), segments.slice(0, -1));
    const owner =
      parent === undefined ? undefined : holding(parent, (node) => Array.isArray(node['required']) && node['required'].includes(name));
    if (parent === undefined || owner === undefined) return 'the spec requires no such member';
    const required = (valueAt(owner) as Node)['required'] as unknown[];
    const rest = required.filter((member) => member !== name);
    if (rest.length === 0) remove([...owner, 'required']);
    else put([...owner, 'required'], rest);
    const property = walk(parent, [name]);
    if (options.missing === 'absent' && property !== undefined) {
      remove(property);
      changes.push({ finding: findingId(finding), at: pointerOf(property), change: `${name} removed, as production left it out` });
    } else if (property !== undefined) decide(finding, property, `${name} is optional`);
    else changes.push({ finding: findingId(finding), at: pointerOf(owner), change: `${name} is optional` });
    return undefined;
  };

  /** A keyword production did not keep to at `site`: dropped, or for an enum, the value production sent or accepted added. */
  const widened = (finding: DriftFinding, site: Site, keyword: string, value: unknown): string | undefined => {
    if (keyword === 'enum') {
      const owner = holding(site, (node) => Array.isArray(node['enum']));
      if (owner === undefined || value === undefined || (typeof value === 'object' && value !== null))
        return 'the report shows no single value to add to the enum';
      put([...owner, 'enum'], [...((valueAt(owner) as Node)['enum'] as unknown[]), value]);
      decide(finding, owner, `${JSON.stringify(value)} is one of the values`);
      return undefined;
    }
    if (!DROPPABLE.has(keyword)) return `a ${keyword} rule is not one a tool relaxes: decide it by hand`;
    const owner = holding(site, (node) => keyword in node);
    if (owner === undefined) return `the spec has no ${keyword} there`;
    const old = JSON.stringify((valueAt(owner) as Node)[keyword]);
    remove([...owner, keyword]);
    decide(finding, owner, `no ${keyword} is known: production went past ${keyword} ${old}`);
    return undefined;
  };

  const requestValue = (finding: DriftFinding, segments: readonly string[]): unknown =>
    segments.reduce<unknown>(
      (node, key) => (isRecord(node) ? node[key] : Array.isArray(node) ? node[0] : undefined),
      finding.request?.body,
    );

  const acceptsInvalid = (finding: DriftFinding, segments: readonly string[]): string | undefined => {
    const rule = finding.rule ?? '';
    const rules = (valueAt([...operation, 'x-rules']) ?? []) as Node[];
    const index = rules.findIndex((entry) => isRecord(entry) && entry['id'] === rule);
    if (index >= 0) {
      remove([...operation, 'x-rules', index]);
      const field = walk(requestSchema(), segments);
      decide(finding, field ?? operation, `rule ${rule} is not enforced`);
      return undefined;
    }
    const site = walk(requestSchema(), segments);
    if (site === undefined) return 'the request schema has no such member';
    return widened(finding, site, rule, requestValue(finding, segments));
  };

  const rejectsValid = (finding: DriftFinding, segments: readonly string[]): string | undefined => {
    const rule = finding.rule ?? '';
    const site = walk(requestSchema(), segments);
    const value = requestValue(finding, segments);
    const owner = site === undefined ? undefined : holding(site, (node) => rule in node);
    if (owner === undefined)
      return `production refused a request the spec accepts, and the report names no ${rule || 'rule'} of the spec to narrow`;
    const node = valueAt(owner) as Node;
    if ((rule === 'maximum' || rule === 'minimum') && Number.isInteger(value) && node['type'] === 'integer') {
      const limit = (value as number) + (rule === 'maximum' ? -1 : 1);
      put([...owner, rule], limit);
      decide(finding, owner, `the ${rule} is ${limit}: production refused ${value as number}`);
      return undefined;
    }
    const rest = Array.isArray(node['enum']) ? node['enum'].filter((entry) => entry !== value) : [];
    if (rule === 'enum' && rest.length > 0 && rest.length < (node['enum'] as unknown[]).length) {
      put([...owner, 'enum'], rest);
      decide(finding, owner, `${JSON.stringify(value)} is not one of the values: production refused it`);
      return undefined;
    }
    return `production refused a request the spec accepts; the report does not say what ${rule} production applies instead`;
  };

  const propose = (finding: DriftFinding): string | undefined => {
    const segments = pathSegments(finding.path);
    if (segments === undefined) return 'its path names a member in a form a proposal does not write (only plain names)';
    const observed = parseObserved(finding.observed);
    switch (finding.kind) {
      case 'undocumented-field':
        return observed === undefined || segments.length === 0 ? 'the report shows no value there' : added(finding, segments, observed);
      case 'schema-type': {
        const site = walk(responseSchema(), segments);
        if (site === undefined || segments.length === 0) return 'the spec describes no member there';
        return observed === undefined ? 'the report shows no type there' : retyped(finding, site, observed);
      }
      case 'schema-missing-field':
        return segments.length === 0 ? 'the spec requires no such member' : optional(finding, segments);
      case 'schema-enum':
      case 'schema-format':
      case 'schema-constraint': {
        const site = walk(responseSchema(), segments);
        if (site === undefined) return 'the spec describes no member there';
        return widened(finding, site, finding.rule ?? '', observed?.value);
      }
      case 'validation-accepts-invalid':
        return acceptsInvalid(finding, segments);
      case 'validation-rejects-valid':
        return rejectsValid(finding, segments);
      default:
        return WHY_NOT[finding.kind] ?? 'no change to the spec describes it';
    }
  };

  for (const finding of findings) {
    const why = propose(finding);
    if (why !== undefined) notExpressed.push({ finding: findingId(finding), why });
  }
  return { document, changes, notExpressed };
}
